package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// wrappedNumbers lists the number cells of the page's result tables whose
// value is drawn on more than one line.
const wrappedNumbers = `(() => {
	const out = [];
	for (const td of document.querySelectorAll('table.result td.v-integer, table.result td.v-real, table.result td.v-numeric')) {
		const text = td.firstChild;
		if (!text || text.nodeType !== Node.TEXT_NODE) continue;
		const r = document.createRange();
		r.selectNodeContents(text);
		const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
		if (lines.size > 1) out.push(text.data + ' (' + td.className + ')');
	}
	return out;
})()`

// TestNumbersStayWhole: on a 360 px phone no number in a result table, of
// SQLite or of another lane, is broken across lines (0.7999999 / 9999999
// reads as two numbers), on any scenario page.
func TestNumbersStayWhole(t *testing.T) {
	tb := newTab(t)
	tb.do("sizing the window", chromedp.EmulateViewport(360, 800))
	for _, id := range env.ids {
		tb.open("s/" + id + "/")
		tb.waitFor("the page", `document.readyState === 'complete'`)
		if broken := eval[[]string](tb, wrappedNumbers); len(broken) > 0 {
			t.Errorf("%s at 360 px: numbers broken across lines: %q", id, broken)
		}
	}
}
