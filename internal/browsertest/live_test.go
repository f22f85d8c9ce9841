package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/dbquirks/dbquirks/internal/golden"
)

// TestPrerenderedThenLive holds the wasm module's download to look at the
// page before the engine exists: every step shows its pre-rendered result
// and the status says the engine is loading. Released, the live run
// replaces every result.
func TestPrerenderedThenLive(t *testing.T) {
	tb := newTab(t)
	id := env.ids[0]
	paused := chromedp.Events(tb.ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*.wasm"}}}); err != nil {
		t.Fatal(err)
	}
	tb.open("s/" + id + "/")
	tb.intend()
	var held fetch.RequestID
	for ev, err := range paused {
		if err != nil {
			t.Fatalf("waiting for the wasm request: %v", err)
		}
		held = ev.RequestID
		break
	}
	steps := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=step]')].map(s => s.dataset.result)`)
	if len(steps) == 0 {
		t.Fatal("no steps on the page")
	}
	for i, r := range steps {
		if r != "prerendered" {
			t.Errorf("before the engine: step %d has data-result=%q, want prerendered", i+1, r)
		}
	}
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step-result] [data-testid=result-table], [data-testid=step-result] [data-testid=error], [data-testid=verdict]').length`); n == 0 {
		t.Error("before the engine: no result table, error or verdict is shown")
	}
	if st := eval[string](tb, `document.querySelector('[data-testid=engine-status]').dataset.state`); st != "loading" {
		t.Errorf("engine status while the module downloads = %q, want loading", st)
	}
	tb.screenshot("scenario-before-engine")

	if _, err := chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: held}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, fetch.Disable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	tb.waitLive()
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step]:not([data-result=live])').length`); n != 0 {
		t.Errorf("after the live run, %d steps are not live", n)
	}
}

// TestEveryScenario opens every scenario on a phone-sized screen and
// checks that its HTML carries the pre-rendered results, that the live run
// replaces every one with exactly the markup the play returned, which is
// the markup baked into the page (the same transcript, the same view),
// that the transcript the engine produced in the browser equals the one
// `dbquirks run --json` prints (wall-clock times aside), and that nothing
// scrolls sideways at 360 px.
func TestEveryScenario(t *testing.T) {
	tb := newTab(t)
	tb.do("emulating a phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, id := range env.ids {
		t.Run(id, func(t *testing.T) {
			tb.t = t
			body := checkPrerenderedHTML(t, id)
			tb.open("s/" + id + "/")
			tb.waitLive()
			if n := eval[int](tb, `document.querySelectorAll('[data-testid=step]:not([data-result=live])').length`); n != 0 {
				t.Errorf("%d steps are not live after the run", n)
			}
			expectViewMarkup(tb, id)
			expectBakedMarkup(tb, body)
			live := eval[string](tb, `JSON.stringify(window.__dbquirks.lastTranscript)`)
			native := nativeTranscript(t, id)
			if diff := compareJSON(t, []byte(live), native); diff != "" {
				t.Errorf("the browser's transcript differs from `dbquirks run --json`:\n%s", diff)
			}
			noSideScroll(tb, "at 360 px")
		})
	}
	tb.t = t
}

// checkPrerenderedHTML fetches a scenario's page as a static host serves
// it and checks that every step carries a result before any script runs.
// It returns the page.
func checkPrerenderedHTML(t *testing.T, id string) []byte {
	t.Helper()
	res, err := http.Get(env.url + "s/" + id + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{"<title>", `<meta name="description"`, `<meta property="og:title"`, `<meta property="og:description"`} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("the HTML of /s/%s/ has no %s", id, want)
		}
	}
	steps := regexp.MustCompile(`<[^>]*data-testid="step"[^>]*>`).FindAll(body, -1)
	if len(steps) == 0 {
		t.Fatalf("the HTML of /s/%s/ has no steps", id)
	}
	for _, s := range steps {
		if !bytes.Contains(s, []byte(`data-result="prerendered"`)) {
			t.Errorf("step without a pre-rendered result: %s", s)
		}
	}
	return body
}

// cli is the dbquirks command, built once for the native transcripts.
var cli struct {
	once sync.Once
	path string
	err  error
}

func nativeTranscript(t *testing.T, id string) []byte {
	t.Helper()
	cli.once.Do(func() {
		dir, err := os.MkdirTemp("", "dbquirks-cli-")
		if err != nil {
			cli.err = err
			return
		}
		cli.path = filepath.Join(dir, "dbquirks")
		out, err := exec.Command(goTool(), "build", "-o", cli.path, filepath.Join(env.repo, "cmd", "dbquirks")).CombinedOutput()
		if err != nil {
			cli.err = fmt.Errorf("building the command: %v\n%s", err, out)
		}
	})
	if cli.err != nil {
		t.Fatal(cli.err)
	}
	cmd := exec.CommandContext(context.Background(), cli.path, "run", "--json", "--dir", env.scenarios, id)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// run exits 1 when an expectation fails; the transcript is still printed.
	if len(out) == 0 {
		t.Fatalf("dbquirks run --json %s: %v\n%s", id, err, stderr.String())
	}
	return out
}

// goTool is the go command of the toolchain running the tests.
func goTool() string {
	if root := runtime.GOROOT(); root != "" {
		return filepath.Join(root, "bin", "go")
	}
	return "go"
}

// compareJSON compares two transcripts without their wall-clock times and
// returns the first differences, or "".
func compareJSON(t *testing.T, got, want []byte) string {
	t.Helper()
	var diffs []string
	diffJSON("$", golden.Timeless(t, got), golden.Timeless(t, want), &diffs)
	const show = 10 // arbitrary: enough to see the pattern
	if len(diffs) > show {
		diffs = append(diffs[:show], fmt.Sprintf("... and %d more", len(diffs)-show))
	}
	return strings.Join(diffs, "\n")
}

func diffJSON(path string, got, want any, diffs *[]string) {
	gm, gok := got.(map[string]any)
	wm, wok := want.(map[string]any)
	if gok && wok {
		keys := map[string]bool{}
		for k := range gm {
			keys[k] = true
		}
		for k := range wm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			diffJSON(path+"."+k, gm[k], wm[k], diffs)
		}
		return
	}
	ga, gok := got.([]any)
	wa, wok := want.([]any)
	if gok && wok && len(ga) == len(wa) {
		for i := range ga {
			diffJSON(fmt.Sprintf("%s[%d]", path, i), ga[i], wa[i], diffs)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		*diffs = append(*diffs, fmt.Sprintf("%s: browser %s, native %s", path, short(got), short(want)))
	}
}

func short(v any) string {
	b, _ := json.Marshal(v)
	const max = 200 // arbitrary: enough to recognize a value
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// TestPlainStaticHost serves the built site with nothing but a file
// server that labels the module application/octet-stream and compresses
// nothing, as some static hosts do: the page must fall back from streaming
// compilation and still run live.
func TestPlainStaticHost(t *testing.T) {
	files := http.FileServer(http.Dir(env.siteDir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			w.Header().Set("Content-Type", "application/octet-stream")
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	tb := newTab(t)
	tb.open(srv.URL + "/s/" + env.ids[0] + "/")
	tb.waitLive()
	if n := eval[int](tb, `document.querySelectorAll('[data-testid=step]:not([data-result=live])').length`); n != 0 {
		t.Errorf("%d steps are not live", n)
	}
}
