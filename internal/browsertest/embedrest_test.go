package browsertest

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// noScrollbar is "" when the frame's document scrolls neither way at rest,
// otherwise its sizes.
const noScrollbar = `(() => {
	const d = document.documentElement;
	if (d.scrollWidth <= d.clientWidth && d.scrollHeight <= d.clientHeight) return '';
	const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > d.clientWidth + 0.5)
		.slice(0, 3).map((e) => e.tagName + '.' + e.className);
	return 'content ' + d.scrollWidth + '×' + d.scrollHeight + ' in ' + d.clientWidth + '×' + d.clientHeight + (wide.length ? ', too wide: ' + wide.join(' ') : '');
})()`

// TestEmbedAtRest: frames made by embed.js show no scrollbar before any
// Run, at host widths from 320 px, light and dark; a plain iframe of the
// Share dialog's snippet (520 px high) scrolls no sideways and shows the
// quirk step, its result and Run in its height.
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
		"/plain": `<!doctype html><html><head><meta charset="utf-8"><title>docs</title><style>body { margin: 0; }</style></head><body>
<iframe src="` + env.url + `s/` + id + `/?embed=1&frame=plain" title="dbquirks" width="100%" height="520" style="border:0"></iframe></body></html>`,
	})
	ids := []string{"light-id", "light-pre", "dark-id", "dark-pre"}
	for _, width := range []int64{320, 360, 480, 760, 1024} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tb := newTab(t, chromedp.WithNewBrowserContext())
			tb.do("sizing the window", chromedp.EmulateViewport(width, 900))
			tb.open(host + "/")
			tb.waitFor("every frame", fmt.Sprintf(`document.querySelectorAll('iframe[data-dbquirks-frame]').length === %d`, len(ids)))
			for _, el := range ids {
				frame := "frame=" + eval[string](tb, fmt.Sprintf(`document.getElementById(%q).getAttribute('data-dbquirks-frame')`, el))
				tb.eventually(el+" to be shown", func() (bool, string) {
					return inFrame[bool](tb, frame, `!!document.querySelector('[data-testid=run]')`), "no Run button"
				})
				tb.eventually(el+" to fit its content", func() (bool, string) {
					outer := eval[float64](tb, fmt.Sprintf(`document.querySelector('iframe[data-dbquirks-frame=%q]').getBoundingClientRect().height`, strings.TrimPrefix(frame, "frame=")))
					inner := inFrame[float64](tb, frame, `Math.ceil(document.body.getBoundingClientRect().height)`)
					return math.Abs(outer-inner) <= 1, fmt.Sprintf("frame %v px, content %v px", outer, inner)
				})
				if why := inFrame[string](tb, frame, noScrollbar); why != "" {
					t.Errorf("%s at %d px: a scrollbar at rest: %s", el, width, why)
				}
				if text := inFrame[string](tb, frame, `document.body.innerText`); strings.Contains(text, "As shared") || strings.Contains(text, "shared with a link") {
					t.Errorf("%s at %d px says the reader opened a link:\n%s", el, width, text)
				}
			}
			if width == 360 {
				tb.screenshot("embed-at-rest-360")
			}

			tb.open(host + "/plain")
			tb.eventually("the plain frame to be shown", func() (bool, string) {
				return inFrame[bool](tb, "frame=plain", `!!document.querySelector('[data-testid=run]')`), "no Run button"
			})
			if why := inFrame[string](tb, "frame=plain", `document.documentElement.scrollWidth <= document.documentElement.clientWidth ? '' : 'scrolls sideways'`); why != "" {
				t.Errorf("the plain iframe at %d px %s", width, why)
			}
			if why := inFrame[string](tb, "frame=plain", `(() => { const s = document.querySelector('[data-testid=quirk-sql]'), r = document.querySelector('[data-testid=quirk-result]'), run = document.querySelector('[data-testid=run]');
				if (!s || !r) return 'no quirk figure';
				const out = [];
				if (run.getBoundingClientRect().bottom > 520) out.push('Run ends at ' + Math.round(run.getBoundingClientRect().bottom));
				if (r.getBoundingClientRect().top + Math.min(r.getBoundingClientRect().height, 60) > 520) out.push('the result starts at ' + Math.round(r.getBoundingClientRect().top));
				return out.join(', '); })()`); why != "" {
				t.Errorf("the plain 520 px iframe at %d px does not lead with the quirk: %s", width, why)
			}
			if width == 760 {
				tb.screenshot("embed-plain-iframe-760")
			}
		})
	}
}
