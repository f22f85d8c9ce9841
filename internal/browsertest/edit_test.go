package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The edit tests change the last editable step of a scenario, so that
// the steps before it still set up what it needs.
const lastSQL = `[...document.querySelectorAll('[data-testid=step] textarea[data-testid=step-sql]')].at(-1)`

// editTab opens a tab with storage of its own, so that no draft of
// another test changes what the page starts with.
func editTab(t *testing.T) *tab {
	return newTab(t, chromedp.WithNewBrowserContext())
}

// openEditable opens the first scenario, waits for its live run and
// returns the index of its last editable step and that step's SQL.
func openEditable(tb *tab) (id string, step int, sql string) {
	tb.t.Helper()
	id = env.ids[0]
	tb.open("s/" + id + "/")
	tb.waitLive()
	step = eval[int](tb, `Number(`+lastSQL+`.closest('[data-testid=step]').dataset.step)`)
	sql = eval[string](tb, lastSQL+`.value`)
	return id, step, sql
}

// editLast replaces the last editable step's SQL.
func editLast(tb *tab, sql string) {
	tb.t.Helper()
	eval[bool](tb, fmt.Sprintf(`(() => {
		const el = %s;
		el.focus();
		el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true}));
		return true;
	})()`, lastSQL, jsString(sql)))
}

// runAndWait clicks Run and waits for the run to complete.
func runAndWait(tb *tab) {
	tb.t.Helper()
	before := tb.runs()
	tb.click("run")
	tb.waitFor("the run to finish", fmt.Sprintf(`window.__dbquirks.runs > %d`, before))
}

func stepText(tb *tab, step int) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`document.querySelector('[data-testid=step][data-step="%d"] [data-testid=step-result]').textContent`, step))
}

func TestEditAndRun(t *testing.T) {
	tb := editTab(t)
	_, step, _ := openEditable(tb)
	editLast(tb, "SELECT 'edited-canary' || 42 AS canary")
	if stale := eval[string](tb, fmt.Sprintf(`document.querySelector('[data-testid=step][data-step="%d"]').dataset.stale || ''`, step)); stale != "true" {
		t.Errorf("an edited step is not marked stale: data-stale=%q", stale)
	}
	runAndWait(tb)
	if got := stepText(tb, step); !strings.Contains(got, "edited-canary42") {
		t.Errorf("step %d after Run shows %q, want the edited query's result", step, got)
	}
	last := eval[string](tb, `JSON.stringify(window.__dbquirks.lastTranscript.steps.at(-1))`)
	if !strings.Contains(last, `"edited-canary42"`) {
		t.Errorf("the live transcript's last step is %s", last)
	}
	if r := eval[string](tb, fmt.Sprintf(`document.querySelector('[data-testid=step][data-step="%d"]').dataset.result`, step)); r != "live" {
		t.Errorf("data-result = %q after Run", r)
	}
}

func TestResetRestoresOriginal(t *testing.T) {
	tb := editTab(t)
	id, step, orig := openEditable(tb)
	editLast(tb, "SELECT 'to be reset' AS x")
	runAndWait(tb)
	tb.waitFor("the draft to be saved", fmt.Sprintf(`localStorage.getItem(%s)`, jsString("dbquirks:draft:"+id)))
	tb.click("reset")
	tb.waitFor("the reset dialog", `document.querySelector('[data-testid=reset-dialog]').open`)
	tb.click("reset-confirm")
	tb.waitFor("the original SQL", fmt.Sprintf(`%s.value === %s`, lastSQL, jsString(orig)))
	if d := eval[bool](tb, fmt.Sprintf(`localStorage.getItem(%s) === null`, jsString("dbquirks:draft:"+id))); !d {
		t.Error("the draft is still stored after Reset")
	}
	if got := stepText(tb, step); strings.Contains(got, "to be reset") {
		t.Errorf("step %d still shows the edited result after Reset: %q", step, got)
	}
	if state := eval[string](tb, `document.querySelector('[data-testid=draft-state]').textContent`); !strings.Contains(state, "Original") {
		t.Errorf("draft state after Reset = %q", state)
	}
}

func TestDraftSurvivesReload(t *testing.T) {
	tb := editTab(t)
	id, _, _ := openEditable(tb)
	const edited = "SELECT 'kept across a reload' AS draft"
	editLast(tb, edited)
	tb.waitFor("the draft to be saved", fmt.Sprintf(`(localStorage.getItem(%s) || '').includes('kept across a reload')`, jsString("dbquirks:draft:"+id)))
	tb.open("s/" + id + "/")
	tb.waitFor("the draft in the editor", fmt.Sprintf(`(%s || {}).value === %s`, lastSQL, jsString(edited)))
	tb.waitLive()
}

// TestStopEndsRunawayQuery runs a recursive query without end, presses
// Stop, and expects the page to say so, stay usable, and run the next
// edit without downloading the engine again.
func TestStopEndsRunawayQuery(t *testing.T) {
	tb := editTab(t)
	_, step, _ := openEditable(tb)
	editLast(tb, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
	runs := tb.runs()
	tb.click("run")
	tb.waitFor("the run to start", `document.querySelector('[data-testid=engine-status]').dataset.state === 'running'`)
	tb.click("stop")
	tb.waitFor("the stopped state", `document.querySelector('[data-testid=engine-status]').dataset.state === 'stopped'`)
	if got := tb.runs(); got != runs {
		t.Errorf("a stopped run counted as completed: runs %d -> %d", runs, got)
	}
	// The edit that ran away is a draft like any other: Stop must not lose it.
	if got := eval[string](tb, lastSQL+`.value`); !strings.Contains(got, "WITH RECURSIVE") {
		t.Errorf("after Stop the editor holds %q, not the edit that was running", got)
	}
	tb.waitFor("the runaway edit kept as a draft", `Object.keys(localStorage).some(k => k.startsWith('dbquirks:draft:') && localStorage.getItem(k).includes('WITH RECURSIVE'))`)

	editLast(tb, "SELECT 'after stop' AS next")
	runAndWait(tb)
	if got := stepText(tb, step); !strings.Contains(got, "after stop") {
		t.Errorf("the run after Stop shows %q", got)
	}
	if n := eval[int](tb, `performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length`); n != 1 {
		t.Errorf("the module was requested %d times, want once (Stop must reuse the compiled module)", n)
	}
}

// inWorker evaluates JavaScript inside the page's engine worker.
func inWorker(tb *tab, expr string) {
	tb.t.Helper()
	inEngine(tb, "worker", expr)
}

// inEngine evaluates JavaScript inside the first engine worker of a type:
// "worker" (a page's) or "shared_worker" (the one the embeds share).
func inEngine(tb *tab, kind, expr string) {
	tb.t.Helper()
	targets, err := chromedp.Targets(tb.ctx)
	if err != nil {
		tb.t.Fatal(err)
	}
	mine := chromedp.FromContext(tb.ctx).BrowserContextID
	for _, x := range targets {
		if x.Type != kind || x.BrowserContextID != mine || !strings.Contains(x.URL, "/assets/worker-") {
			continue
		}
		// Detach only: closing the target would end the worker itself.
		wctx, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(x.TargetID), chromedp.WithDetachOnCancel())
		defer cancel()
		ctx, cancelWait := context.WithTimeout(wctx, waitLimit)
		defer cancelWait()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](expr)); err != nil {
			tb.t.Fatalf("evaluating %s in the worker: %v", expr, err)
		}
		return
	}
	tb.t.Fatalf("no engine %s among %d targets", kind, len(targets))
}

// TestWorkerCrashKeepsDraft ends the Go program under a page that holds
// an edit, the way a fatal Go error would: the page must say so, restart
// the engine, keep the edit, run it, and still have it after a reload.
func TestWorkerCrashKeepsDraft(t *testing.T) {
	tb := editTab(t)
	id, step, _ := openEditable(tb)
	const edited = "SELECT 'survived a crash' AS draft"
	editLast(tb, edited)
	tb.waitFor("the draft to be saved", fmt.Sprintf(`(localStorage.getItem(%s) || '').includes('survived a crash')`, jsString("dbquirks:draft:"+id)))

	inWorker(tb, `setTimeout(() => self.dbquirks.shutdown(), 0)`)
	tb.waitFor("the crashed state", `document.querySelector('[data-testid=engine-status]').dataset.state === 'crashed'`)
	if got := eval[string](tb, lastSQL+`.value`); got != edited {
		t.Errorf("after the crash the editor holds %q", got)
	}
	runAndWait(tb)
	if got := stepText(tb, step); !strings.Contains(got, "survived a crash") {
		t.Errorf("the run after the crash shows %q", got)
	}
	tb.open("s/" + id + "/")
	tb.waitFor("the draft after a reload", fmt.Sprintf(`(%s || {}).value === %s`, lastSQL, jsString(edited)))
}

// TestSourceEditThatKeepsTheSteps edits the whole source without changing
// any step (a line added at the end): the steps are read-only until it has
// run, and editable again after, when only the results changed.
func TestSourceEditThatKeepsTheSteps(t *testing.T) {
	tb := editTab(t)
	openEditable(tb)
	source := eval[string](tb, `window.__dbquirks.lastDocument.source`)
	before := tb.runs()
	tb.click("source-toggle")
	tb.waitFor("the source editor", `document.querySelector('[data-testid=source-editor]')?.offsetParent`)
	tb.setValue(`[data-testid=source-editor]`, source+"\n")
	tb.click("source-toggle")
	tb.waitFor("the run of the edited source", fmt.Sprintf(`window.__dbquirks.runs > %d`, before))
	if n := eval[int](tb, `[...document.querySelectorAll('textarea[data-testid=step-sql]')].filter(t => t.readOnly).length`); n != 0 {
		t.Errorf("after the run, %d step editors are still read-only", n)
	}
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step][data-stale]').length`); n != 0 {
		t.Errorf("after the run, %d steps are marked stale", n)
	}
}
