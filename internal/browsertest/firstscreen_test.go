package browsertest

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// screen is a window size a reader meets the site at.
type screen struct {
	name   string
	w, h   int64
	mobile bool
}

var firstScreens = []screen{{"1280x900", 1280, 900, false}, {"360x800", 360, 800, true}}

// quirkShown measures the quirk figure on the first screen, scrolled to
// the top: "" when its SQL (or, for a cursor's fetch, its head), the
// start of its result (at least 64 px of it: a table's head and first
// row, or all of a shorter one) and, with script, the Run button are in
// the window; otherwise what is not.
const quirkShown = `(() => {
	scrollTo(0, 0);
	const fig = document.querySelector('[data-testid=quirk]');
	if (!fig) return 'no quirk figure';
	const sql = fig.querySelector('[data-testid=quirk-sql]');
	const res = fig.querySelector('[data-testid=quirk-result]').getBoundingClientRect();
	const out = [];
	// A cursor's fetch step has no SQL of its own: its head says what it does.
	const head = sql || fig.querySelector('figcaption');
	if (head.getBoundingClientRect().bottom > innerHeight) out.push('its SQL ends at ' + Math.round(head.getBoundingClientRect().bottom));
	if (res.top < 0 || res.top + Math.min(res.height, 64) > innerHeight) out.push('its result starts at ' + Math.round(res.top) + ' px');
	const run = document.querySelector('[data-testid=run]');
	if (scriptOn && (!run || run.getBoundingClientRect().bottom > innerHeight)) out.push('Run is not on it');
	return out.length ? out.join(', ') + ' of a ' + innerHeight + ' px window' : '';
})()`

// splitInlineCode lists the prose's inline code spans that are split across
// lines though they are narrower than their block: such a span broke at a
// space or a hyphen ('2024-12-|31') when it could have moved to the next
// line whole. A span wider than its block has to wrap and is left alone.
const splitInlineCode = `[...document.querySelectorAll('.prose code')].filter((code) => {
	if (code.closest('pre')) return false;
	const text = document.createRange();
	text.selectNodeContents(code);
	const parts = [...text.getClientRects()]; // one per line the text is on
	if (new Set(parts.map((r) => Math.round(r.top))).size < 2) return false;
	let block = code.parentElement;
	while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
	const style = getComputedStyle(block);
	const room = block.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
	// Its width on one line: a copy as wide as its content, out of the flow
	// (nowrap alone would not do: Chromium still breaks at a <wbr>).
	const whole = code.cloneNode(true);
	Object.assign(whole.style, {position: 'absolute', whiteSpace: 'nowrap', maxWidth: 'none', width: 'max-content'});
	code.after(whole);
	const width = whole.getBoundingClientRect().width;
	whole.remove();
	return width < room - 1; // a span the line holds exactly is left alone too
}).map((code) => code.textContent)`

// codeLines are the page's code that wraps (inline code in prose, step
// options lines); pre blocks scroll instead.
const codeLines = ".prose :not(pre) > code, .step-opts"

// codeSplitInsideToken lists the elements matching selector (inline code
// spans, step options lines, lane labels) that break a line inside a word,
// a number or a placeholder, each with a
// '|' where the line breaks: 'Tru|e', "Decimal('0.|1')", '2024-|12-31',
// '1e-|3', '%|(name)s'. A line of code may break at a space and at the
// points internal/scenario's CodePieces marks, like an editor; only a word
// wider than the line may break inside: after an underscore, or where it
// must.
func codeSplitInsideToken(selector string) string {
	return `[...document.querySelectorAll(` + strconv.Quote(selector) + `)].flatMap((code) => {
	const text = [], tops = [], widths = []; // each character, the top of its line (null when not drawn), its width
	const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
	for (let node; (node = walk.nextNode()); ) {
		for (let i = 0; i < node.data.length; i++) {
			const r = document.createRange();
			r.setStart(node, i); r.setEnd(node, i + 1);
			const box = r.getClientRects()[0];
			text.push(node.data[i]);
			tops.push(box && box.width > 0 ? box.top : null);
			widths.push(box ? box.width : 0);
		}
	}
	const word = (c) => /[\p{L}\p{N}_]/u.test(c || ''), digit = (c) => /[0-9]/.test(c || '');
	const style = getComputedStyle(code);
	const room = code.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
	// wider reports whether the run of characters that in() holds around
	// the break between j and k is wider than the line: it has to break
	// somewhere.
	const wider = (j, k, inside) => {
		while (j > 0 && inside(text[j - 1])) j--;
		while (k + 1 < text.length && inside(text[k + 1])) k++;
		return widths.slice(j, k + 1).reduce((a, b) => a + b, 0) > room;
	};
	// A word wider than the line breaks after one of its underscores, or
	// inside a stretch between them that is wider than the line itself.
	const mayBreakInside = (j, k) => wider(j, k, word) &&
		(text[j] === '_' || wider(j, k, (c) => word(c) && c !== '_'));
	const out = [];
	let last = -1; // the last drawn character
	for (let k = 0; k < text.length; k++) {
		if (tops[k] === null) continue;
		const j = last;
		last = k;
		if (j < 0 || tops[k] <= tops[j] + 2) continue;
		if (text.slice(j, k + 1).some((c) => /\s/.test(c))) continue; // broke at a space
		const a = text[j], b = text[k];
		const inWord = word(a) && word(b) && !mayBreakInside(j, k);
		const inNumber = (digit(a) && '.:+-'.includes(b) && digit(text[k + 1])) ||
			('.:+-'.includes(a) && digit(text[j - 1]) && digit(b)) ||
			('+-'.includes(a) && /[eE]/.test(text[j - 1]) && digit(text[j - 2]) && digit(b));
		const inPlaceholder = a === '%' && b === '(';
		if (inWord || inNumber || inPlaceholder) out.push(text.slice(0, k).join('') + '|' + text.slice(k).join(''));
	}
	return out;
})`
}

// codeCopiedWrong lists the inline code spans and step options lines whose
// selected text is not their text, or holds an invisible character: the
// break points are <wbr>, which copy as nothing, where a zero-width space
// or a word joiner would end up in the clipboard.
const codeCopiedWrong = `[...document.querySelectorAll('` + codeLines + `')].filter((code) => {
	if (code.getClientRects().length === 0) return false; // not shown
	getSelection().selectAllChildren(code);
	const copied = getSelection().toString();
	getSelection().removeAllRanges();
	// As drawn, spaces collapse.
	return copied !== code.textContent.replace(/\s+/g, ' ') || /[\u00ad\u200b-\u200d\u2060\ufeff]/.test(copied);
}).map((code) => code.textContent)`

// TestQuirkOnTheFirstScreen: every catalogue scenario's page shows the
// step marked quirk, its SQL and the start of its result, with Run, on its
// first screen at 1280×900 and on a 360×800 phone, and the baked page
// does without JavaScript too. On the phone, numbers in results and inline
// code in prose stay on one line where they fit, code wider than a line
// wraps only where an editor would, and the page never scrolls sideways. Three pages of each size are saved as
// screenshots after their live run, for a person to look at.
func TestQuirkOnTheFirstScreen(t *testing.T) {
	for _, script := range []bool{true, false} {
		for _, sc := range firstScreens {
			tb := newTab(t)
			tb.do("sizing the window", chromedp.EmulateViewport(sc.w, sc.h, emulateMobile(sc.mobile)))
			if !script {
				if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
					t.Fatal(err)
				}
			}
			for i, id := range env.ids {
				tb.open("s/" + id + "/")
				if script {
					tb.waitFor("the toolbar", `!!document.querySelector('[data-testid=run]')`)
				}
				if why := eval[string](tb, fmt.Sprintf("(() => { const scriptOn = %v; return %s; })()", script, quirkShown)); why != "" {
					t.Errorf("%s at %s (script %v): the first screen misses the quirk: %s", id, sc.name, script, why)
				}
				// Three lanes side by side leave a label a third of a wide
				// screen: "sql_mode STRICT_TRANS_TABLES,ERROR_FOR_…" wraps.
				if split := eval[[]string](tb, codeSplitInsideToken(".lane-name")); len(split) > 0 {
					// Every step repeats its lanes' labels: each break once.
					split = slices.Compact(slices.Sorted(slices.Values(split)))
					t.Errorf("%s at %s: a lane's label breaks a line inside a word or a number: %q", id, sc.name, split)
				}
				if sc.mobile {
					// A number broken across lines reads as two numbers.
					broken := eval[[]string](tb, `[...document.querySelectorAll('td.v-integer, td.v-real')].filter((td) => {
						const r = document.createRange(); r.selectNodeContents(td.firstChild); return r.getClientRects().length > 1;
					}).map((td) => td.firstChild.textContent)`)
					if len(broken) > 0 {
						t.Errorf("%s at %s: numbers wrap across lines: %q", id, sc.name, broken)
					}
					if split := eval[[]string](tb, splitInlineCode); len(split) > 0 {
						t.Errorf("%s at %s: inline code that fits on a line is split across lines (a number or name read as two): %q", id, sc.name, split)
					}
					if split := eval[[]string](tb, codeSplitInsideToken(codeLines)); len(split) > 0 {
						t.Errorf("%s at %s: code breaks a line inside a word, a number or a placeholder: %q", id, sc.name, split)
					}
					if wrong := eval[[]string](tb, codeCopiedWrong); len(wrong) > 0 {
						t.Errorf("%s at %s: code copies as other text than it shows: %q", id, sc.name, wrong)
					}
					if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(sc.w) {
						t.Errorf("%s at %s: the page is %d px wide and scrolls sideways", id, sc.name, w)
					}
				}
				if script && i < 3 {
					tb.waitLive()
					eval[bool](tb, `scrollTo(0, 0), true`)
					tb.screenshot(fmt.Sprintf("first-screen-%s-%s", sc.name, id))
				}
			}
		}
	}
}

// emulateMobile is chromedp's mobile emulation when mobile is true.
func emulateMobile(mobile bool) chromedp.EmulateViewportOption {
	if mobile {
		return chromedp.EmulateMobile
	}
	return func(*emulation.SetDeviceMetricsOverrideParams, *emulation.SetTouchEmulationEnabledParams) {}
}
