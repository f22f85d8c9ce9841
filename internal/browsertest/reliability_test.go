package browsertest

import (
	"strings"
	"testing"
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
