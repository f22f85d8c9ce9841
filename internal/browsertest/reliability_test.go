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
