package browsertest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The live PostgreSQL lane: PGlite loads only when a reader asks (Run on
// PostgreSQL), shows its download's progress, answers the steps shown
// (an edit included) beside SQLite, and Stop ends it within a second.

// pgliteRequests records the requests a tab makes for PGlite's files (its
// worker, wasm modules and data), from the browser's network events.
type pgliteRequests struct {
	mu   sync.Mutex
	urls []string
}

func watchPGlite(tb *tab) *pgliteRequests {
	tb.t.Helper()
	r := &pgliteRequests{}
	err := chromedp.Listen(tb.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && strings.Contains(e.Request.URL, "/assets/pglite") {
			r.mu.Lock()
			r.urls = append(r.urls, e.Request.URL)
			r.mu.Unlock()
		}
	})
	if err != nil {
		tb.t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, network.Enable, network.EnableParams{}); err != nil {
		tb.t.Fatalf("enabling network events: %v", err)
	}
	return r
}

func (r *pgliteRequests) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.urls...)
}

// laneRun clicks Run on PostgreSQL and waits for the lane's answer; it
// returns how long that took.
func laneRun(tb *tab) time.Duration {
	tb.t.Helper()
	before := eval[int](tb, `window.__dbquirks.laneRuns || 0`)
	start := time.Now()
	tb.click("run-postgres")
	waitLane(tb, before)
	return time.Since(start)
}

// laneLimit bounds the wait for the lane's answer: a cold start downloads
// 16 MB and runs PostgreSQL's initdb, which takes tens of seconds on a
// loaded two-core machine. A guard, not a speed requirement.
const laneLimit = 5 * time.Minute

// waitLane waits for the lane's answer after the before-th.
func waitLane(tb *tab, before int) {
	tb.t.Helper()
	deadline := time.Now().Add(laneLimit)
	for eval[int](tb, `window.__dbquirks.laneRuns || 0`) <= before {
		if time.Now().After(deadline) {
			tb.t.Fatalf("no answer from the PostgreSQL lane after %s\npage: %s", laneLimit, tb.describe())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// liveLaneText is what step n's live lane shows.
func liveLaneText(tb *tab, n int) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`document.querySelector('[data-testid=step][data-step="%d"] [data-testid=lane][data-lane=pglite]')?.textContent || ''`, n))
}

// TestPGliteNotFetchedUntilAsked opens a scenario page, lets it run and
// warm up, and checks that not one byte of PGlite was requested.
func TestPGliteNotFetchedUntilAsked(t *testing.T) {
	tb := newTab(t, chromedp.WithNewBrowserContext())
	reqs := watchPGlite(tb)
	tb.open("s/sqlite-like-ascii-case/")
	tb.waitLive()
	tb.waitFor("the warm-up", `window.__dbquirks.warm.then(() => true)`)
	if !eval[bool](tb, `!!document.querySelector('[data-testid=run-postgres]')`) {
		t.Fatal("the page has no Run on PostgreSQL control")
	}
	time.Sleep(time.Second)
	if got := reqs.list(); len(got) != 0 {
		t.Errorf("a page that never asked for PostgreSQL requested %q", got)
	}
}

// TestPGliteLane loads PGlite on request, with a progress bar, and checks
// PostgreSQL's answer to sqlite-like-ascii-case step 2 (LIKE keeps case
// there: only 'Baab'), then an edited step's live answer, then that Stop
// ends a runaway statement within a second and the next run works.
func TestPGliteLane(t *testing.T) {
	tb := editTab(t)
	reqs := watchPGlite(tb)
	tb.open("s/sqlite-like-ascii-case/")
	tb.waitLive()

	cold := laneRun(tb)
	t.Logf("Run on PostgreSQL, cold (download, compile, start, run): %.2f s", cold.Seconds())
	if got := reqs.list(); len(got) < 4 {
		t.Errorf("PGlite requests after asking: %q, want its worker, two wasm modules and its data", got)
	}
	log := eval[[]string](tb, `window.__dbquirks.laneLog`)
	progress := 0
	for _, s := range log {
		if strings.HasPrefix(s, "loading ") && !strings.HasPrefix(s, "loading 0/") {
			progress++
		}
	}
	if progress == 0 {
		t.Errorf("the lane showed no download progress: %q", log)
	}
	if e := eval[string](tb, `window.__dbquirks.lastLane.steps[1].error?.message || ''`); e != "" {
		t.Fatalf("step 2 failed on PostgreSQL: %s", e)
	}
	rows := eval[[][]map[string]string](tb, `window.__dbquirks.lastLane.steps[1].statements[0].rows`)
	if len(rows) != 1 || len(rows[0]) != 2 || rows[0][1]["text"] != "Baab" || rows[0][0]["type"] != "integer" {
		t.Errorf("step 2 on PostgreSQL returned %v, want one row (2, 'Baab'): LIKE keeps case there", rows)
	}
	text := liveLaneText(tb, 2)
	if !strings.Contains(text, "Baab") || strings.Contains(text, "Aabb") || !strings.Contains(text, "PostgreSQL 18") {
		t.Errorf("step 2's live lane shows %q, want PostgreSQL 18's one row 'Baab'", text)
	}
	if label := eval[string](tb, `document.querySelector('[data-testid=lane-status]').textContent`); !strings.Contains(label, "collation C") {
		t.Errorf("the lane's label %q does not say its collation", label)
	}
	tb.screenshot("pglite-lane")

	// An edit runs on SQLite and PostgreSQL, side by side.
	tb.setValue(`[data-testid=step][data-step="2"] textarea[data-testid=step-sql]`, `SELECT upper("name") AS up FROM "shop_person" WHERE "name" LIKE 'A%'`)
	warm := laneRun(tb)
	t.Logf("Run on PostgreSQL, warm (an edited step, SQLite then PostgreSQL): %.2f s", warm.Seconds())
	if text := liveLaneText(tb, 2); !strings.Contains(text, "AABB") {
		t.Errorf("the edited step's live lane shows %q, want AABB", text)
	}
	if text := stepText(tb, 2); !strings.Contains(text, "AABB") {
		t.Errorf("the edited step's SQLite result shows %q, want AABB", text)
	}

	// Stop ends a statement PGlite would run for hours.
	tb.setValue(`[data-testid=step][data-step="2"] textarea[data-testid=step-sql]`, `SELECT count(*) FROM generate_series(1, 10000000000)`)
	before := eval[int](tb, `window.__dbquirks.laneRuns || 0`)
	tb.click("run-postgres")
	for deadline := time.Now().Add(laneLimit); eval[string](tb, `(window.__dbquirks.laneLog || []).at(-1) || ''`) != "running"; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("PostgreSQL did not start running: %s", tb.describe())
		}
	}
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	tb.click("stop")
	waitLane(tb, before)
	if took := time.Since(start); took > time.Second {
		t.Errorf("Stop took %s to end the PostgreSQL run, want under a second", took)
	}
	if e := eval[string](tb, `window.__dbquirks.lastLane.steps[1].error?.message || ''`); !strings.Contains(e, "stopped") {
		t.Errorf("the stopped step's lane says %q, want that it was stopped", e)
	}
	if text := liveLaneText(tb, 2); !strings.Contains(text, "stopped") {
		t.Errorf("the stopped step's live lane shows %q", text)
	}

	// The next run starts a new PostgreSQL.
	tb.setValue(`[data-testid=step][data-step="2"] textarea[data-testid=step-sql]`, `SELECT 'after stop' AS again`)
	laneRun(tb)
	if text := liveLaneText(tb, 2); !strings.Contains(text, "after stop") {
		t.Errorf("after Stop, the next run's lane shows %q", text)
	}
}

// TestPGliteNotFetchedByEmbed runs an embed (Run pressed, as a reader of a
// docs page does) and checks that it requested nothing of PGlite.
func TestPGliteNotFetchedByEmbed(t *testing.T) {
	tb := newTab(t, chromedp.WithNewBrowserContext())
	reqs := watchPGlite(tb)
	tb.open("s/sqlite-like-ascii-case/?embed=1&frame=plain")
	tb.waitFor("the embed to be shown", `!!(window.__dbquirks && window.__dbquirks.engineCall && document.querySelector('[data-testid=run]'))`)
	if !eval[bool](tb, `document.documentElement.dataset.embed === '1'`) {
		t.Fatal("not in embed mode")
	}
	runAndWait(tb)
	time.Sleep(time.Second)
	if got := reqs.list(); len(got) != 0 {
		t.Errorf("an embed that never asked for PostgreSQL requested %q", got)
	}
}

// BenchmarkPGliteFirstAnswer measures, in a fresh browser profile, the
// seconds from a click on Run on PostgreSQL to the lane's answer: cold
// (download from a local server, compile, PostgreSQL's initdb, the run)
// and warm (the next click: compiled modules kept, a worker started ahead
// after the first run).
func BenchmarkPGliteFirstAnswer(b *testing.B) {
	var cold, warm time.Duration
	n := 0
	for b.Loop() {
		tb := newTab(b, chromedp.WithNewBrowserContext())
		tb.open("s/sqlite-like-ascii-case/")
		tb.waitLive()
		cold += laneRun(tb)
		warm += laneRun(tb)
		n++
	}
	b.ReportMetric(cold.Seconds()/float64(n), "s-cold")
	b.ReportMetric(warm.Seconds()/float64(n), "s-warm")
}
