package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// The page inserts the markup internal/view wrote and nothing else into a
// step's result area and the run's summary; these tests hold it to that,
// and to one crossing of the bridge per Run.

// normalizeJS defines norm(html): markup as the browser's parser reads and
// writes it back, so that two spellings of the same markup compare equal.
const normalizeJS = `const norm = (html) => { const t = document.createElement('template'); t.innerHTML = html; return t.innerHTML; };`

// expectViewMarkup checks that every step's result area and the summary
// hold exactly the markup the last play returned (window.__dbquirks.lastHTML).
func expectViewMarkup(tb *tab, where string) {
	tb.t.Helper()
	diffs := eval[[]string](tb, `(() => {`+normalizeJS+`
		const h = window.__dbquirks.lastHTML;
		if (!h) return ['no play has returned markup'];
		const out = [];
		const shown = document.querySelectorAll('[data-testid=step]').length;
		if (shown !== h.steps.length) out.push(shown + ' steps on the page, ' + h.steps.length + ' in the play');
		for (const s of h.steps) {
			const area = document.querySelector('[data-testid=step][data-step="' + s.index + '"] [data-testid=step-result]');
			if (!area) out.push('step ' + s.index + ': no result area');
			else if (norm(area.innerHTML) !== norm(s.result)) out.push('step ' + s.index + ':\n  page: ' + area.innerHTML + '\n  view: ' + norm(s.result));
		}
		const sum = document.querySelector('[data-testid=run-summary]');
		if (!sum || norm(sum.innerHTML) !== norm(h.summary)) out.push('summary:\n  page: ' + (sum ? sum.innerHTML : '(none)') + '\n  view: ' + norm(h.summary));
		const fig = document.querySelector('[data-testid=quirk]');
		if (fig) {
			const s = h.steps.find((x) => String(x.index) === fig.dataset.step);
			const area = fig.querySelector('[data-testid=quirk-result]');
			if (!s || !area || norm(area.innerHTML) !== norm(s.result)) out.push('the quirk figure of step ' + fig.dataset.step + ' does not show the step\'s result');
		}
		return out;
	})()`)
	if len(diffs) != 0 {
		tb.t.Errorf("%s: the page's results are not the view's markup:\n%s", where, strings.Join(diffs, "\n"))
	}
}

// expectBakedMarkup checks that the live run's results are the very
// markup the site build baked into the page for the same transcript: the
// served HTML (body) is parsed in the page and compared area by area.
func expectBakedMarkup(tb *tab, body []byte) {
	tb.t.Helper()
	diffs := eval[[]string](tb, `(() => {`+normalizeJS+`
		const baked = new DOMParser().parseFromString(`+jsString(string(body))+`, 'text/html');
		const out = [];
		const areas = baked.querySelectorAll('[data-testid=step]');
		if (areas.length === 0) out.push('the served page has no steps');
		for (const li of areas) {
			const n = li.dataset.step;
			const live = document.querySelector('[data-testid=step][data-step="' + n + '"] [data-testid=step-result]');
			const was = li.querySelector('[data-testid=step-result]').innerHTML;
			if (!live) out.push('step ' + n + ': not on the live page');
			else if (norm(live.innerHTML) !== norm(was)) out.push('step ' + n + ':\n  live:  ' + live.innerHTML + '\n  baked: ' + was);
		}
		const sum = (doc) => doc.querySelector('[data-testid=run-summary]')?.innerHTML ?? '(none)';
		if (norm(sum(document)) !== norm(sum(baked))) out.push('summary:\n  live:  ' + sum(document) + '\n  baked: ' + sum(baked));
		return out;
	})()`)
	if len(diffs) != 0 {
		tb.t.Errorf("the live results differ from the baked page's:\n%s", strings.Join(diffs, "\n"))
	}
}

// outcomesScenario has a step of every kind of result but a stop: one
// that passes, an expectation that fails, rows that differ.
const outcomesScenario = "---\ntitle: Every outcome in the page\n---\n\nA table.\n\n" +
	"```sql\nCREATE TABLE t (a INTEGER, s TEXT); INSERT INTO t VALUES (1, 'x'), (2, '<b>y</b>')\n```\n\n" +
	"An expectation that does not hold.\n\n```sql expect=SQLITE_BUSY\nSELECT count(*) FROM t\n```\n\n" +
	"Rows that differ from those listed.\n\n```sql\nSELECT a, s FROM t ORDER BY a\n```\n```rows\n1, 'x'\n3, NULL\n```\n"

// stoppedScenario runs into the run-time limit of the engine that played
// t, so that its last step is never reached: statements that never end,
// each cut at the statement limit, as many as the run's limit allows.
func stoppedScenario(t wire.Transcript) string {
	runaway := int((t.Limits.RunMs + t.Limits.StatementMs - 1) / max(t.Limits.StatementMs, 1))
	var b strings.Builder
	b.WriteString("---\ntitle: A run that stops\n---\n\n")
	for range runaway {
		b.WriteString("```sql\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c\n```\n\n")
	}
	b.WriteString("The run never gets here.\n\n```sql\nSELECT 'never'\n```\n")
	return b.String()
}

// runSource puts a whole source in the source view and goes back to the
// steps, which runs it, and waits for the run.
func runSource(tb *tab, source string) {
	tb.t.Helper()
	before := tb.runs()
	tb.click("source-toggle")
	tb.waitFor("the source editor", `document.querySelector('[data-testid=source-editor]')?.offsetParent`)
	tb.setValue(`[data-testid=source-editor]`, source)
	tb.click("source-toggle")
	tb.waitFor("the run of the new source", fmt.Sprintf(`window.__dbquirks.runs > %d`, before))
}

// TestRunShowsTheViewsMarkup runs scenarios whose steps pass, fail an
// expectation, differ from their listed rows, stop at the run-time limit
// and are never reached, through both ways a run reaches the page: a new
// article (the source view changed the steps) and new results in the
// article on screen (a step's SQL edited). Each time, every result area
// and the summary must hold the play's markup, as it is.
func TestRunShowsTheViewsMarkup(t *testing.T) {
	tb := editTab(t)
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()

	runSource(tb, outcomesScenario)
	if got := eval[string](tb, `JSON.stringify(window.__dbquirks.lastTranscript.steps.map(s => (s.checks || []).filter(c => !c.ok).map(c => c.kind).join('+')))`); got != `["","error","rows"]` {
		t.Fatalf("the outcomes scenario's failed checks are %s, want none, an error and rows", got)
	}
	expectViewMarkup(tb, "a new article")

	editLast(tb, "SELECT a, s FROM t WHERE a = 1 UNION ALL SELECT 3, NULL")
	runAndWait(tb)
	if n := eval[int](tb, `window.__dbquirks.lastTranscript.failures`); n != 1 {
		t.Errorf("after the edit, %d checks failed; want 1 (step 2's)", n)
	}
	expectViewMarkup(tb, "results in the article on screen")
	// A reader editing one step never sees the file's lines: the summary
	// names the step that failed, and the step says which expectation.
	failed := eval[int](tb, `window.__dbquirks.lastTranscript.steps.find((s) => (s.checks || []).some((c) => !c.ok))?.index ?? 0`)
	if summary := eval[string](tb, `document.querySelector('[data-testid=run-summary]')?.innerText || ''`); failed == 0 || !strings.Contains(summary, fmt.Sprintf("(step %d)", failed)) {
		t.Errorf("the summary %q does not name the failed step %d", summary, failed)
	}
	if check := eval[string](tb, fmt.Sprintf(`document.querySelector('[data-testid=step][data-step="%d"] .check.fail')?.innerText || ''`, failed)); check == "" || strings.Contains(check, "line") {
		t.Errorf("step %d's failed check says %q, want the expectation and no line of the file", failed, check)
	}

	var limits wire.Transcript
	if err := json.Unmarshal([]byte(eval[string](tb, `JSON.stringify(window.__dbquirks.lastTranscript)`)), &limits); err != nil {
		t.Fatal(err)
	}
	runSource(tb, stoppedScenario(limits))
	stop := eval[string](tb, `JSON.stringify([window.__dbquirks.lastTranscript.stopped?.reason, !!window.__dbquirks.lastTranscript.steps.at(-1).skipped])`)
	if stop != `["run-time",true]` {
		t.Fatalf("the runaway scenario's stop and last step are %s, want a run-time stop and a skipped step", stop)
	}
	expectViewMarkup(tb, "a stopped run")
}

// TestRunIsOneCall counts, with the module's own counters, what a Run
// again costs: one call into the module, no parse (the source did not
// change), and the database and connections the worker had the module
// open while idle after the previous Run. counters() is not counted by
// the module itself, so reading it before and after changes nothing; the
// warm-up that follows the first run is waited for, so it is not in the
// count.
func TestRunIsOneCall(t *testing.T) {
	tb := newTab(t)
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()
	eval[bool](tb, `window.__dbquirks.warm.then(() => true)`)
	type counters struct{ Calls, Parses, Spares int }
	read := func() counters {
		v := eval[map[string]int](tb, `window.__dbquirks.engineCall("counters")`)
		return counters{v["calls"], v["parses"], v["spares"]}
	}
	before := read()
	runAndWait(tb)
	after := read()
	if d := (counters{after.Calls - before.Calls, after.Parses - before.Parses, after.Spares - before.Spares}); d != (counters{1, 0, 1}) {
		t.Errorf("a Run again made %d calls into the module and %d parses, and took %d spares; want 1, 0 and 1", d.Calls, d.Parses, d.Spares)
	}
	// The article on screen has the played document's shape: the answer
	// carries only the results' markup, which the page shows.
	if n := eval[int](tb, `window.__dbquirks.lastHTML.article.length`); n != 0 {
		t.Errorf("Run again sent the whole article back (%d bytes) though the page shows one of its shape", n)
	}
	expectViewMarkup(tb, "Run again")
}

// TestRunReplacesOnlyChangedResults runs a scenario again, then with its
// last step edited: a result area whose markup did not change keeps its
// nodes (the browser has nothing to lay out or paint again there), the
// edited step's area is replaced, and every area still holds the play's
// markup.
// keepAreas keeps each result area's first node, and each step's CSV
// bar, in the page, to be compared after the next Run by replacedAreas.
const keepAreas = `(() => {
	const areas = [...document.querySelectorAll('[data-testid=step-result], [data-testid=quirk-result], [data-testid=run-summary]')];
	window.__kept = areas.map((a) => [a, a.firstChild]);
	window.__bars = [...document.querySelectorAll('[data-testid=step]')].map((li) => [li, li.querySelector('.csv-bar')]);
	return areas.length;
})()`

// replacedAreas lists the areas (by step, "quirk" or "summary") whose
// first node is not the one keepAreas kept, and the steps whose CSV bar
// was made anew ("csv-bar of" the step).
const replacedAreas = `(() => {
	const name = (a) => a.closest('[data-testid=step]')?.dataset.step || (a.closest('[data-testid=quirk]') ? 'quirk' : 'summary');
	const out = window.__kept.filter(([a, first]) => a.firstChild !== first).map(([a]) => name(a));
	for (const [li, bar] of window.__bars) if (li.querySelector('.csv-bar') !== bar) out.push('csv-bar of ' + li.dataset.step);
	return out;
})()`

func TestRunReplacesOnlyChangedResults(t *testing.T) {
	tb := editTab(t)
	_, step, _ := openEditable(tb)
	if n := eval[int](tb, keepAreas); n < 2 {
		t.Fatalf("%d result areas on the page", n)
	}
	runAndWait(tb)
	if got := eval[[]string](tb, replacedAreas); len(got) != 0 {
		t.Errorf("Run again replaced results whose markup did not change: %v", got)
	}
	expectViewMarkup(tb, "Run again")

	eval[int](tb, keepAreas)
	editLast(tb, "SELECT 'kept-canary' || 7 AS canary")
	runAndWait(tb)
	got := eval[[]string](tb, replacedAreas)
	if !slices.Contains(got, strconv.Itoa(step)) {
		t.Errorf("the edited step %d's result area was not replaced (replaced: %v)", step, got)
	}
	for _, name := range got {
		if name != strconv.Itoa(step) && name != "csv-bar of "+strconv.Itoa(step) && name != "summary" && name != "quirk" {
			t.Errorf("an edit of step %d replaced %s, whose markup is the same", step, name)
		}
	}
	if text := stepText(tb, step); !strings.Contains(text, "kept-canary7") {
		t.Errorf("step %d after Run shows %q, want the edited query's result", step, text)
	}
	expectViewMarkup(tb, "Run after an edit")
}

// TestFirstRunKeepsServedResults: a scenario page is served with its
// results baked in, and its first live Run gives the same bytes (the view
// writes both), so it replaces none of them: each area carries the hash
// of its markup, and an area whose hash is the Run's is left alone. Before,
// the first Run put every area in again, and the browser parsed, styled,
// laid out and painted the whole page for nothing.
func TestFirstRunKeepsServedResults(t *testing.T) {
	tb := editTab(t)
	tb.open("s/mariadb-pad-space/")
	if n := eval[int](tb, keepAreas); n < 3 {
		t.Fatalf("%d result areas on the served page", n)
	}
	tb.waitLive()
	var got []string
	for _, name := range eval[[]string](tb, replacedAreas) {
		if !strings.HasPrefix(name, "csv-bar of ") { // the served page has none yet
			got = append(got, name)
		}
	}
	if len(got) != 0 {
		t.Errorf("the first live Run replaced served results of the same markup: %v", got)
	}
	expectViewMarkup(tb, "the first live Run")
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step] .csv-bar').length`); n == 0 {
		t.Error("the first live Run added no CSV buttons")
	}
}

// TestDataOfAnotherVersion serves a scenario page whose data says it is of
// wire version 1: the page says it must be reloaded, keeps the served
// article readable, and starts no engine.
func TestDataOfAnotherVersion(t *testing.T) {
	id := env.ids[0]
	blob := regexp.MustCompile(`(id="dbquirks-data"[^>]*>\s*\{"version":)(\d+)`)
	url := serveEdited(t, func(path string, body []byte) []byte {
		if strings.HasSuffix(path, ".wasm") {
			t.Errorf("the engine was requested: %s", path)
		}
		if path != "/s/"+id+"/" {
			return body
		}
		if !blob.Match(body) {
			t.Error("the page's data does not start with its version")
		}
		return blob.ReplaceAll(body, []byte("${1}1"))
	})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open(url + "/s/" + id + "/")
	tb.waitFor("the page to give up", `window.__dbquirks && window.__dbquirks.ready.then(() => false, () => true)`)
	want := fmt.Sprintf("This page is newer than the data it carries (wire version 1, page %d): reload the page.", wire.Version)
	if got := noticeText(tb, "version"); got != want {
		t.Errorf("the page says %q, want %q", got, want)
	}
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step][data-result=prerendered]').length`); n == 0 {
		t.Error("the served article is gone")
	}
	if n := eval[int](tb, `document.querySelectorAll('textarea').length`); n != 0 {
		t.Errorf("%d editors on a page that cannot run", n)
	}
	tb.screenshot("data-of-another-version")
}

// TestEngineOfAnotherVersion serves a worker whose engine says it speaks
// wire version 1: the page says it must be reloaded and runs nothing.
func TestEngineOfAnotherVersion(t *testing.T) {
	// The worker replies to "init" with the module's version; this makes
	// it say 1, whatever the module says.
	const older = `{ const post = self.postMessage.bind(self);
	self.postMessage = (m, ...rest) => post(m && m.ok && m.result && Array.isArray(m.result.functions) ? { ...m, result: { ...m.result, version: 1 } } : m, ...rest); }
`
	url := serveEdited(t, func(path string, body []byte) []byte {
		if strings.HasPrefix(path, "/assets/worker-") && strings.HasSuffix(path, ".js") {
			return append([]byte(older), body...)
		}
		return body
	})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open(url + "/s/" + env.ids[0] + "/")
	// The engine starts on intent: reach for Run.
	tb.waitFor("Run", reachForRun)
	tb.waitFor("the page to give up", `window.__dbquirks && window.__dbquirks.ready.then(() => false, () => true)`)
	want := fmt.Sprintf("This page is newer than the engine it loaded (wire version 1, page %d): reload the page.", wire.Version)
	if got := eval[string](tb, `document.querySelector('[data-testid=engine-status]').textContent.trim()`); got != want {
		t.Errorf("the engine status says %q, want %q", got, want)
	}
	if n := tb.runs(); n != 0 {
		t.Errorf("%d runs on an engine of another version", n)
	}
}

// serveEdited serves the built site from a server of its own, each file
// through edit (given the request's path), and returns its URL.
func serveEdited(t *testing.T, edit func(path string, body []byte) []byte) string {
	t.Helper()
	files := http.FileServer(http.Dir(env.siteDir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		body := edit(r.URL.Path, rec.Body.Bytes())
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
