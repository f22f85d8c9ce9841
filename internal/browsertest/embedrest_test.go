package browsertest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// noScrollbar is "" when the frame's document scrolls neither way at rest,
// otherwise its sizes and the elements that stick out.
const noScrollbar = `(() => {
	const d = document.documentElement;
	if (d.scrollWidth <= d.clientWidth && d.scrollHeight <= d.clientHeight) return '';
	const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > d.clientWidth + 0.5)
		.slice(0, 3).map((e) => e.tagName + '.' + e.className);
	return 'content ' + d.scrollWidth + '×' + d.scrollHeight + ' in ' + d.clientWidth + '×' + d.clientHeight + (wide.length ? ', too wide: ' + wide.join(' ') : '');
})()`

// embedWidths are the host widths an embed must fit at rest: a small
// phone, a common phone, a large phone, a docs column, a wide page.
var embedWidths = []int64{320, 360, 480, 760, 1024}

// waitShown waits until the host page has a frame whose URL contains
// marker and that frame shows Run.
func (tb *tab) waitShown(what, marker string) {
	tb.t.Helper()
	tb.eventually(what+" to be shown", func() (bool, string) {
		if findFrame(tb, marker) == nil {
			return false, "no frame yet"
		}
		return inFrame[bool](tb, marker, `!!document.querySelector('[data-testid=run]')`), "no Run button"
	})
}

// TestEmbedAtRest: frames made by embed.js show no scrollbar before any
// Run, at host widths from 320 px, light and dark, including frames below
// the host's fold (a browser does not render those, so they must not wait
// for rendering to report their height); a <pre data-dbquirks> block's
// frame says nothing of links.
func TestEmbedAtRest(t *testing.T) {
	const (
		id  = "sqlite-like-ascii-case"
		pre = "SELECT 0.1 + 0.2 AS sum, 'Straße' LIKE 'STRASSE' AS folded;"
	)
	var body strings.Builder
	for _, theme := range []string{"light", "dark"} {
		fmt.Fprintf(&body, `<div id="%s-id" data-dbquirks="%s" data-theme="%s">LIKE</div>`+"\n", theme, id, theme)
		fmt.Fprintf(&body, `<pre id="%s-pre" data-dbquirks data-theme="%s" data-title="Floats">%s</pre>`+"\n", theme, theme, pre)
	}
	host := hostPage(t, map[string]string{
		"/": `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>docs</title>
<style>body { margin: 0; }</style></head><body>` + body.String() + `<script src="` + env.url + `embed.js"></script></body></html>`,
	})
	ids := []string{"light-id", "light-pre", "dark-id", "dark-pre"}
	for _, width := range embedWidths {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tb := newTab(t, chromedp.WithNewBrowserContext())
			tb.do("sizing the window", chromedp.EmulateViewport(width, 900))
			tb.open(host + "/")
			tb.waitFor("every frame", fmt.Sprintf(`document.querySelectorAll('iframe[data-dbquirks-frame]').length === %d`, len(ids)))
			for _, el := range ids {
				name := eval[string](tb, fmt.Sprintf(`document.getElementById(%q).getAttribute('data-dbquirks-frame')`, el))
				marker := "frame=" + name
				tb.waitShown(el, marker)
				// Exactly its content's height: a frame one pixel short
				// scrolls.
				tb.eventually(el+" to fit its content", func() (bool, string) {
					outer := eval[float64](tb, fmt.Sprintf(`document.querySelector('iframe[data-dbquirks-frame=%q]').getBoundingClientRect().height`, name))
					inner := inFrame[float64](tb, marker, `Math.ceil(document.body.getBoundingClientRect().height)`)
					return outer == inner, fmt.Sprintf("frame %v px, content %v px", outer, inner)
				})
				if why := inFrame[string](tb, marker, noScrollbar); why != "" {
					t.Errorf("%s at %d px: a scrollbar at rest: %s", el, width, why)
				}
				if text := inFrame[string](tb, marker, `document.body.innerText`); strings.Contains(text, "As shared") || strings.Contains(text, "shared with a link") {
					t.Errorf("%s at %d px says the reader opened a link:\n%s", el, width, text)
				}
			}
			if width == 360 {
				tb.screenshot("embed-at-rest-360")
			}
		})
	}
}

// plainHeight is the height of the Share dialog's iframe snippet.
const plainHeight = 520

// TestEmbedPlainSnippet: the iframe snippet the Share dialog hands out
// (a plain iframe, plainHeight px high, that cannot grow) leads with Run,
// the quirk step and the start of its result inside its height, and
// scrolls no sideways, for every scenario at every host width.
func TestEmbedPlainSnippet(t *testing.T) {
	tb := newTab(t)
	tb.open("s/sqlite-like-ascii-case/")
	tb.click("share")
	tb.waitFor("the iframe snippet", `(document.querySelector('[data-testid=share-iframe]')?.value || '').includes('<iframe')`)
	snippet := eval[string](tb, `document.querySelector('[data-testid=share-iframe]').value`)
	if !strings.Contains(snippet, fmt.Sprintf(`height="%d"`, plainHeight)) {
		t.Fatalf("the Share dialog's snippet is not %d px high: %s", plainHeight, snippet)
	}
	src := regexp.MustCompile(`src="([^"]*)"`).FindStringSubmatch(snippet)
	if src == nil || !strings.Contains(src[1], "s/sqlite-like-ascii-case/") {
		t.Fatalf("the snippet's src is not the scenario's page: %s", snippet)
	}
	pages := map[string]string{}
	for _, id := range env.ids {
		// The same snippet for each scenario, marked so the test finds its frame.
		s := strings.ReplaceAll(snippet, "s/sqlite-like-ascii-case/", "s/"+id+"/")
		s = strings.Replace(s, "embed=1", "embed=1&amp;frame=plain-"+id, 1)
		pages["/"+id] = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>docs</title>
<style>body { margin: 0; }</style></head><body>` + s + `</body></html>`
	}
	host := hostPage(t, pages)
	// A quirk step that fetches from a cursor has no SQL of its own: its
	// caption says what it does.
	const lead = `(() => { const fig = document.querySelector('[data-testid=quirk]'), r = document.querySelector('[data-testid=quirk-result]'), run = document.querySelector('[data-testid=run]');
		if (!fig || fig.hidden || !r) return 'no quirk figure';
		const s = fig.querySelector('[data-testid=quirk-sql]') || fig.querySelector('figcaption');
		const out = [], box = (e) => e.getBoundingClientRect();
		if (box(run).bottom > innerHeight) out.push('Run ends at ' + Math.round(box(run).bottom));
		if (box(s).top + Math.min(box(s).height, 40) > innerHeight) out.push('the quirk step starts at ' + Math.round(box(s).top));
		if (box(r).top + Math.min(box(r).height, 60) > innerHeight) out.push('the result starts at ' + Math.round(box(r).top));
		if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push('it scrolls sideways');
		return out.join(', '); })()`
	for _, width := range embedWidths {
		tb.do("sizing the window", chromedp.EmulateViewport(width, 900))
		for _, id := range env.ids {
			tb.open(host + "/" + id)
			marker := "frame=plain-" + id
			tb.waitShown(id, marker)
			if why := inFrame[string](tb, marker, lead); why != "" {
				t.Errorf("the plain %d px iframe of %s at %d px does not lead with the quirk: %s", plainHeight, id, width, why)
			}
		}
		if width == 360 {
			tb.open(host + "/sqlite-like-ascii-case")
			tb.waitShown("sqlite-like-ascii-case", "frame=plain-sqlite-like-ascii-case")
			tb.screenshot("embed-plain-iframe-360")
		}
	}
}
