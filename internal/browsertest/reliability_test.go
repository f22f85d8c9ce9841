package browsertest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// statusText is what the engine's status line says.
func statusText(tb *tab) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector('[data-testid=engine-status]').textContent`)
}

// rawRuntime reports the first trace of a Go runtime's output in text.
func rawRuntime(text string) string {
	for _, s := range []string{"goroutine", "runtime.", "panic:", "wasm_exec"} {
		if strings.Contains(text, s) {
			return s
		}
	}
	return ""
}

// TestCrashShowsNoRuntimeStack has the Go program print a panic's stack
// and end, as an out-of-memory crash does: the status line must say what
// happened and what to do, in a sentence, and never show the stack.
func TestCrashShowsNoRuntimeStack(t *testing.T) {
	tb := editTab(t)
	openEditable(tb)
	inWorker(tb, `self.fs.writeSync(2, new TextEncoder().encode("fatal error: out of memory\n\ngoroutine 1 [running]:\nruntime.throw({0x1, 0x2})\n\t/usr/lib/go/src/runtime/panic.go:1101 +0x5\npanic: boom\n"));
		setTimeout(() => self.dbquirks.shutdown(), 0)`)
	tb.waitFor("the crashed state", `document.querySelector('[data-testid=engine-status]').dataset.state === 'crashed'`)
	if got := statusText(tb); rawRuntime(got) != "" {
		t.Errorf("after the crash the status line shows the runtime's output (%q): %q", rawRuntime(got), got)
	}
	tb.waitFor("the restarted engine", `document.querySelector('[data-testid=engine-status]').dataset.ready === 'true'`)
	got := statusText(tb)
	if rawRuntime(got) != "" {
		t.Errorf("after the restart the status line shows the runtime's output (%q): %q", rawRuntime(got), got)
	}
	if !strings.Contains(got, "stopped unexpectedly") || !strings.Contains(got, "press Run") {
		t.Errorf("after the crash the status line says %q, want what happened and what to do", got)
	}
	if body := eval[string](tb, `document.body.innerText`); rawRuntime(body) != "" {
		t.Errorf("the page shows the runtime's output (%q)", rawRuntime(body))
	}
}

// TestDraftThatCrashedIsNotRunOnLoad has a run of a draft end the engine,
// then reloads: the page must not run that draft again on its own (it
// would crash again), but open it in the source view and say why.
func TestDraftThatCrashedIsNotRunOnLoad(t *testing.T) {
	tb := editTab(t)
	id, _, _ := openEditable(tb)
	editLast(tb, "SELECT 'this run ends the engine' AS x")
	tb.waitFor("the draft to be saved", `Object.keys(localStorage).some(k => k.startsWith('dbquirks:draft:') && localStorage.getItem(k).includes('ends the engine'))`)
	// The next play ends the Go program, as a scenario that runs out of
	// memory does.
	inWorker(tb, `self.dbquirks.play = () => { self.dbquirks.shutdown(); return new Promise(() => {}); }`)
	tb.click("run")
	tb.waitFor("the crashed state", `document.querySelector('[data-testid=engine-status]').dataset.state === 'crashed'`)

	tb.open("s/" + id + "/")
	tb.waitLive()
	if n := tb.runs(); n != 0 {
		t.Errorf("after a reload the draft that crashed the engine ran again (%d runs)", n)
	}
	if text := noticeText(tb, "crashed"); !strings.Contains(text, "stopped the engine") || !strings.Contains(text, "Run") {
		t.Errorf("the crash notice says %q, want why the draft did not run and what to do", text)
	}
	if hidden := eval[bool](tb, `document.querySelector('[data-testid=source-view]').hidden`); hidden {
		t.Error("the draft that crashed the engine is not shown in the source view")
	}
	if got := eval[string](tb, `document.querySelector('[data-testid=source-editor]').value`); !strings.Contains(got, "ends the engine") {
		t.Errorf("the source view holds %q, not the draft", got)
	}
	// Run is still the person's to press, and works.
	runAndWait(tb)
	tb.open("s/" + id + "/")
	tb.waitLive()
	if n := tb.runs(); n != 1 {
		t.Errorf("a draft that ran fine was not run on load (%d runs)", n)
	}
}

// largestScenario has as many steps as the parser allows, each with prose
// and a result table, the way a long scenario from a link looks.
func largestScenario() string {
	var b strings.Builder
	b.WriteString("---\ntitle: As many steps as allowed\n---\n\n")
	for i := range scenario.MaxSteps {
		fmt.Fprintf(&b, "Step %d reads a row.\n\n```sql\nSELECT %d AS n, 'row %d' AS s\n```\n\n", i+1, i+1, i+1)
	}
	return b.String()
}

// TestTypingInLargestScenarioStaysResponsive types into the last step of
// the largest scenario the limits allow: each keystroke must be handled
// (the input event and the layout it causes) well within 100 ms, however
// many steps there are. The work per key once walked every step and
// queried the page for each.
func TestTypingInLargestScenarioStaysResponsive(t *testing.T) {
	tb := editTab(t)
	openEditable(tb)
	runSource(tb, largestScenario())
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step] textarea[data-testid=step-sql]').length`); n != scenario.MaxSteps {
		t.Fatalf("the page shows %d step editors, want %d", n, scenario.MaxSteps)
	}
	type keys struct {
		Times   []float64 `json:"times"`
		Queries int       `json:"queries"`
	}
	got := eval[keys](tb, `(() => {
		const el = `+lastSQL+`;
		el.focus();
		// Count the page's queries of the document during the keys: a
		// number that grows with the steps is work that grows with them.
		let queries = 0;
		const saved = [];
		for (const proto of [Document.prototype, Element.prototype]) {
			for (const name of ['querySelector', 'querySelectorAll']) {
				const f = proto[name];
				saved.push([proto, name, f]);
				proto[name] = function (...args) { queries++; return f.apply(this, args); };
			}
		}
		const times = [];
		try {
			for (let i = 0; i < 20; i++) {
				const t0 = performance.now();
				el.value += i % 2 ? ' ' : '\n-';
				el.dispatchEvent(new Event('input', {bubbles: true}));
				void document.body.offsetHeight; // the layout the key causes
				times.push(performance.now() - t0);
			}
		} finally {
			for (const [proto, name, f] of saved) proto[name] = f;
		}
		return {times, queries};
	})()`)
	times := got.Times
	if per := got.Queries / len(times); per > 10 {
		t.Errorf("each keystroke queried the page %d times (%d steps): the work per key grows with the steps", per, scenario.MaxSteps)
	}
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	t.Logf("per-key times (ms): %v", times)
	if median >= 100 {
		t.Errorf("a keystroke in step %d of %d takes %.0f ms (median of %d), want under 100 ms", scenario.MaxSteps, scenario.MaxSteps, median, len(times))
	}
}

// bidiControls are the characters that reorder the text around them.
const bidiControls = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"

// TestTitleBidiControlsStayInTheirHeading opens a link whose title holds a
// right-to-left override: wherever the title leaves its heading (the
// window title, the Share dialog, the snippets to copy) it must not
// reorder the text around it.
func TestTitleBidiControlsStayInTheirHeading(t *testing.T) {
	const title = "Invoice \u202Efdp.exe\u202C quirk \u2067x"
	src := "---\ntitle: \"" + title + "\"\n---\n\nA step.\n\n```sql\nSELECT 1 AS one\n```\n"
	tb := editTab(t)
	tb.open("#" + craftLink(t, map[string]string{"source": src}))
	tb.waitLive()
	if got := eval[string](tb, `document.title`); strings.ContainsAny(got, bidiControls) {
		t.Errorf("document.title holds bidi controls: %q", got)
	}
	tb.click("share")
	tb.waitFor("the iframe snippet", `(document.querySelector('[data-testid=share-iframe]')?.value || '').includes('iframe')`)
	if got := eval[string](tb, `document.querySelector('[data-testid=share-iframe]').value`); strings.ContainsAny(got, bidiControls) {
		t.Errorf("the iframe snippet holds bidi controls: %q", got)
	}
	heading := eval[string](tb, `document.querySelector('[data-testid=share-dialog] h2, [data-testid=share-dialog] h1').textContent`)
	if !strings.Contains(heading, "\u2068") {
		t.Errorf("the Share dialog's heading does not isolate the title: %q", heading)
	}
	if outside := isolatedOut(heading); strings.ContainsAny(outside, bidiControls) {
		t.Errorf("the Share dialog's heading holds bidi controls outside an isolate: %q", heading)
	}
}

// isolatedOut is text without what first-strong isolates enclose, which
// cannot reorder the text around them.
func isolatedOut(text string) string {
	var b strings.Builder
	depth := 0
	for _, r := range text {
		switch {
		case r == '\u2068':
			depth++
		case r == '\u2069' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
