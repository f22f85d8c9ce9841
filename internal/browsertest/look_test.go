package browsertest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// luminance is the relative luminance (0 black … 1 white) of a CSS
// "rgb(r, g, b)" or "rgba(...)" color.
func luminance(t testing.TB, css string) float64 {
	t.Helper()
	inner := css[strings.Index(css, "(")+1 : strings.LastIndex(css, ")")]
	parts := strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
	if len(parts) < 3 {
		t.Fatalf("cannot read the color %q", css)
	}
	var sum float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseFloat(parts[i], 64)
		if err != nil {
			t.Fatalf("cannot read the color %q", css)
		}
		sum += w * v / 255
	}
	return sum
}

// pageColors is the background the page paints and the color of its body
// text.
func pageColors(tb *tab) (bg, fg float64) {
	tb.t.Helper()
	colors := eval[[]string](tb, `(() => {
		const b = getComputedStyle(document.body), h = getComputedStyle(document.documentElement);
		const bg = b.backgroundColor === 'rgba(0, 0, 0, 0)' ? h.backgroundColor : b.backgroundColor;
		return [bg, b.color];
	})()`)
	return luminance(tb.t, colors[0]), luminance(tb.t, colors[1])
}

func prefersDark(tb *tab, dark bool) {
	tb.t.Helper()
	v := "light"
	if dark {
		v = "dark"
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}},
	}); err != nil {
		tb.t.Fatal(err)
	}
}

func TestThemes(t *testing.T) {
	tb := newTab(t, chromedp.WithNewBrowserContext())
	prefersDark(tb, false)
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()
	if bg, fg := pageColors(tb); bg < 0.6 || fg > 0.4 {
		t.Errorf("light theme: background luminance %.2f, text %.2f", bg, fg)
	}

	// The toggle cycles auto -> light -> dark; click until dark.
	for i := 0; i < 3 && eval[string](tb, `document.documentElement.dataset.theme || ''`) != "dark"; i++ {
		tb.click("theme-toggle")
	}
	if th := eval[string](tb, `document.documentElement.dataset.theme || ''`); th != "dark" {
		t.Fatalf("the theme toggle never reached dark (data-theme=%q)", th)
	}
	if bg, fg := pageColors(tb); bg > 0.4 || fg < 0.6 {
		t.Errorf("dark theme: background luminance %.2f, text %.2f", bg, fg)
	}
	if stored := eval[string](tb, `localStorage.getItem('dbquirks:theme') || ''`); stored != "dark" {
		t.Errorf("the chosen theme is stored as %q", stored)
	}
	tb.open("s/" + env.ids[0] + "/")
	if th := eval[string](tb, `document.documentElement.dataset.theme || ''`); th != "dark" {
		t.Errorf("after a reload data-theme = %q, want the chosen dark", th)
	}
}

// TestFollowsSystemTheme: with no choice made, the page follows the
// system's preference.
func TestFollowsSystemTheme(t *testing.T) {
	tb := newTab(t, chromedp.WithNewBrowserContext())
	prefersDark(tb, true)
	tb.open("")
	if bg, fg := pageColors(tb); bg > 0.4 || fg < 0.6 {
		t.Errorf("prefers-color-scheme dark: background luminance %.2f, text %.2f", bg, fg)
	}
}

// noSideScroll fails the test when the page is wider than the window.
func noSideScroll(tb *tab, where string) {
	tb.t.Helper()
	w := eval[[]int](tb, `[document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]`)
	if w[0] > w[1] || w[2] > w[1] {
		wide := eval[[]string](tb, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).slice(0, 5).map(e => e.tagName + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '') + '.' + e.className)`)
		tb.t.Errorf("%s: scrollWidth %d > clientWidth %d (body %d); too wide: %v", where, w[0], w[1], w[2], wide)
	}
}

// TestNarrowScreen: at 360 px the gallery does not scroll sideways (each
// scenario is checked by TestEveryScenario).
func TestNarrowScreen(t *testing.T) {
	tb := newTab(t)
	tb.do("emulating a phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	tb.open("")
	noSideScroll(tb, "gallery at 360 px")
	tb.screenshot("gallery-360")
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()
	tb.screenshot("scenario-360")
}

// TestScreenshots saves the gallery and a scenario in each theme, for a
// person to look at.
func TestScreenshots(t *testing.T) {
	for _, theme := range []string{"light", "dark"} {
		tb := newTab(t)
		prefersDark(tb, theme == "dark")
		tb.open("")
		tb.screenshot("gallery-" + theme)
		tb.open("s/" + env.ids[0] + "/")
		tb.waitLive()
		tb.screenshot("scenario-" + theme)
		eval[bool](tb, `(document.querySelector('[data-testid=step].quirk') || document.querySelector('[data-testid=step]')).scrollIntoView(), true`)
		tb.screenshot("scenario-quirk-" + theme)
	}
}
