package browsertest

import (
	"fmt"
	"strings"
	"testing"
)

// TestFlipASetting: sqlite-like-ascii-case offers PRAGMA
// case_sensitive_like = ON as a flip. Choosing it plays the steps again
// into a second SQLite lane, first among the lanes: the quirk step finds
// one row there instead of two, and is marked; choosing "the scenario
// only" takes the lane away again.
func TestFlipASetting(t *testing.T) {
	tb := editTab(t)
	tb.open("s/" + lanesID + "/")
	tb.waitLive()
	if n := eval[int](tb, `document.querySelectorAll('[data-lane=flip]').length`); n != 0 {
		t.Fatalf("%d flip lanes before anything was flipped", n)
	}
	label := eval[string](tb, `(() => { const s = document.querySelector('[data-testid=flip]');
		return s.closest('label').hidden ? 'hidden' : [...s.options].map(o => o.textContent).join(' | '); })()`)
	if label != "the scenario only | PRAGMA case_sensitive_like = ON on every connection" {
		t.Fatalf("flip choices: %q", label)
	}
	choose := func(value string) {
		t.Helper()
		before := eval[int](tb, `window.__dbquirks.runs || 0`)
		eval[bool](tb, `(() => { const s = document.querySelector('[data-testid=flip]'); s.value = `+jsString(value)+`;
			s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
		tb.waitFor("the flipped run", fmt.Sprintf(`(window.__dbquirks.runs || 0) > %d`, before))
	}
	choose("case_sensitive_like")
	expectLaneStates(tb, "flipped", "1 flip answered", "2 flip answered differs", "2 postgres answered differs")
	first := eval[string](tb, `document.querySelector('[data-testid=step][data-step="2"] [data-testid=lane]:not(.lane-sqlite)').dataset.lane`)
	if first != "flip" {
		t.Errorf("the first lane beside SQLite is %q, want the flip", first)
	}
	text := eval[string](tb, `document.querySelector('[data-testid=step][data-step="2"] [data-lane=flip]').innerText`)
	for _, want := range []string{"case_sensitive_like = ON", "1 row where SQLite has 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("step 2's flip lane does not say %q:\n%s", want, text)
		}
	}
	tb.screenshot("flip-lane")
	choose("")
	if n := eval[int](tb, `document.querySelectorAll('[data-lane=flip]').length`); n != 0 {
		t.Errorf("%d flip lanes after choosing the scenario only", n)
	}
}
