package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The recorded lanes: PostgreSQL's and MariaDB's answers beside SQLite's
// in every step, baked into the page, kept by a live Run, and marked as no
// longer applying once a step is edited. sqlite-like-ascii-case's quirk
// step (2) finds 2 rows on SQLite and 1 on PostgreSQL's case-sensitive LIKE.
const lanesID = "sqlite-like-ascii-case"

// laneStates lists, for each step, each lane's data-lane-state (and
// data-differs when it was compared), e.g. "2 postgres answered differs".
func laneStates(tb *tab) []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll('[data-testid=step] [data-testid=lane]')].map(l =>
		l.closest('[data-testid=step]').dataset.step + ' ' + l.dataset.lane + ' ' + l.dataset.laneState +
		(l.dataset.differs === 'true' ? ' differs' : ''))`)
}

func expectLaneStates(tb *tab, where string, want ...string) {
	tb.t.Helper()
	got := laneStates(tb)
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			tb.t.Errorf("%s: no lane %q among %q", where, w, got)
		}
	}
}

// TestLanesWithoutJavaScript: a browser that runs no script shows the
// recorded lanes, named, dated and with the differences marked.
func TestLanesWithoutJavaScript(t *testing.T) {
	tb := newTab(t)
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	tb.open("s/" + lanesID + "/")
	expectLaneStates(tb, "without JavaScript",
		"1 postgres answered", "1 mariadb answered", "2 postgres answered differs", "2 mariadb answered")
	pg := `document.querySelector('[data-testid=step][data-step="2"] [data-testid=lane][data-lane=postgres]')`
	text := eval[string](tb, pg+`.innerText`)
	for _, want := range []string{"PostgreSQL 15", "recorded 20", "differs from SQLite", "1 row where SQLite has 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("step 2's PostgreSQL lane does not say %q:\n%s", want, text)
		}
	}
	if n := eval[int](tb, pg+`.querySelectorAll('td.differs .diff-mark').length`); n == 0 {
		t.Errorf("step 2's PostgreSQL row (Baab, where SQLite's first row is Aabb) has no marked value")
	}
	if visible := eval[bool](tb, pg+`.offsetParent !== null && `+pg+`.getBoundingClientRect().height > 20`); !visible {
		t.Errorf("step 2's PostgreSQL lane is not visible")
	}
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step][data-step="2"] [data-lane=mariadb] td.differs').length`); n != 0 {
		t.Errorf("MariaDB finds SQLite's 2 rows, yet %d of its values are marked", n)
	}
	eval[bool](tb, `(`+pg+`.closest('[data-testid=step]').scrollIntoView(), true)`)
	tb.screenshot("lanes-no-javascript")
}

// TestLanesAfterAnEdit edits the quirk step and runs: its recorded answers
// and those of the steps after it say they no longer apply, the first
// step's still show; the edit undone, a Run shows them all again.
func TestLanesAfterAnEdit(t *testing.T) {
	tb := editTab(t)
	tb.open("s/" + lanesID + "/")
	tb.waitLive()
	expectViewMarkup(tb, "the first live run")
	expectLaneStates(tb, "the first live run", "2 postgres answered differs", "2 mariadb answered")

	step2 := `document.querySelector('[data-testid=step][data-step="2"] textarea[data-testid=step-sql]')`
	orig := eval[string](tb, step2+`.value`)
	setStep := func(sql string) {
		eval[bool](tb, fmt.Sprintf(`(() => { const el = %s; el.focus(); el.value = %s;
			el.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, step2, jsString(sql)))
	}
	setStep(strings.Replace(orig, "LIKE ?", "LIKE ? || ''", 1))
	runAndWait(tb)
	expectViewMarkup(tb, "the run of the edit")
	states := laneStates(tb)
	for _, s := range states {
		step := s[:strings.IndexByte(s, ' ')]
		edited := strings.HasSuffix(s, " edited")
		if want := step != "1"; edited != want {
			t.Errorf("after editing step 2: lane %q, want edited = %v", s, want)
		}
	}
	if text := eval[string](tb, `document.querySelector('[data-testid=step][data-step="2"] [data-lane=postgres]').innerText`); !strings.Contains(text, "recorded for the original step; edited since") || strings.Contains(text, "Baab") {
		t.Errorf("the edited step's PostgreSQL lane shows:\n%s", text)
	}
	setStep(orig)
	runAndWait(tb)
	expectLaneStates(tb, "the edit undone", "2 postgres answered differs", "3 mariadb answered")
}

// TestLanesOnANarrowScreen: at 360 px the lanes stack under SQLite's
// result and nothing scrolls sideways; on a wide screen they sit beside it.
func TestLanesOnANarrowScreen(t *testing.T) {
	tb := newTab(t)
	tb.open("s/" + lanesID + "/")
	lanes := `[...document.querySelectorAll('[data-testid=step][data-step="2"] .lane')].map(l => Math.round(l.getBoundingClientRect().top))`
	if tops := eval[[]int](tb, lanes); len(tops) != 3 || tops[1] != tops[0] {
		t.Errorf("on a wide screen, SQLite's and PostgreSQL's answers are not side by side (tops %v)", tops)
	}
	tb.do("emulating a phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	tb.open("s/" + lanesID + "/")
	tb.waitLive()
	if tops := eval[[]int](tb, lanes); len(tops) != 3 || !(tops[0] < tops[1] && tops[1] < tops[2]) {
		t.Errorf("at 360 px the lanes are not stacked (tops %v)", tops)
	}
	noSideScroll(tb, "lanes at 360 px")
	eval[bool](tb, `(document.querySelector('[data-testid=step][data-step="2"] [data-lane=postgres]').scrollIntoView(), true)`)
	tb.screenshot("lanes-360")
}

// TestEmbedLanes: an embed shows the recorded lanes, and one whose host
// element says data-lanes="none" shows SQLite's results alone.
func TestEmbedLanes(t *testing.T) {
	host := hostPage(t, map[string]string{"/": `<!doctype html><html><head><meta charset="utf-8"><title>blog</title></head><body>
<div id="a" data-dbquirks="` + lanesID + `" data-step="2">With lanes.</div>
<div id="b" data-dbquirks="` + lanesID + `" data-step="2" data-lanes="none">Without lanes.</div>
<script>
window.events = [];
document.addEventListener('dbquirks:ready', (e) => window.events.push(e.target.id), true);
</script>
<script src="` + env.url + `embed.js"></script>
</body></html>`})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open(host + "/")
	tb.waitFor("both frames to be ready", `['a', 'b'].every(id => window.events.includes(id))`)
	marker := func(id string) string {
		return "frame=" + eval[string](tb, fmt.Sprintf(`document.getElementById(%q).getAttribute('data-dbquirks-frame')`, id))
	}
	shown := func(id string) []string {
		return inFrame[[]string](tb, marker(id), `[...document.querySelectorAll('[data-testid=step][data-step="2"] [data-testid=lane]')]
			.filter(l => l.offsetParent !== null).map(l => l.dataset.lane + (l.dataset.differs === 'true' ? ' differs' : ''))`)
	}
	if got := shown("a"); strings.Join(got, ",") != "postgres differs,mariadb" {
		t.Errorf("the embed shows lanes %q, want PostgreSQL (differs) and MariaDB", got)
	}
	if got := shown("b"); len(got) != 0 {
		t.Errorf(`the data-lanes="none" embed shows lanes %q`, got)
	}
	if n := inFrame[int](tb, marker("b"), `document.querySelectorAll('[data-testid=step][data-step="2"] [data-testid=result-table]').length`); n != 1 {
		t.Errorf(`the data-lanes="none" embed shows %d SQLite tables in step 2, want 1`, n)
	}
}
