package browsertest

import (
	"testing"
	"time"
)

// wasmFetched lists the .wasm files the page itself requested (the
// dedicated engine's module is fetched by the page, not the worker).
const wasmFetched = `performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname.endsWith(".wasm")).length`

// TestEngineWaitsForIntent: a reader who only reads downloads no engine; a
// pointer over Run starts the download, before any click.
func TestEngineWaitsForIntent(t *testing.T) {
	tb := newTab(t)
	tb.open("s/" + env.ids[0] + "/")
	tb.waitFor("Run", `!!document.querySelector("[data-testid=run]")`)
	// Scroll, select text, linger: nothing that shows intent to run.
	eval[bool](tb, `window.scrollBy(0, 400), document.body.dispatchEvent(new PointerEvent("pointerover", {bubbles: true})), true`)
	time.Sleep(2 * time.Second)
	if n := eval[int](tb, wasmFetched); n != 0 {
		t.Fatalf("the page fetched %d .wasm files before any intent; want none", n)
	}
	if st := eval[string](tb, `window.__dbquirks.status`); st != "idle" {
		t.Errorf("engine state before intent = %q, want idle", st)
	}
	tb.intend()
	tb.waitFor("the engine's download after a pointer over Run", wasmFetched+` > 0`)
	if runs := eval[int](tb, `window.__dbquirks.runs || 0`); runs > 1 {
		t.Errorf("a pointer over Run made %d runs; want at most the one first live run", runs)
	}
	tb.waitLive()
}
