package browsertest

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/dbquirks/dbquirks/internal/permalink"
)

// The embed tests put the site in frames of a host page served from a
// second origin (another port of 127.0.0.1), as a blog would: the frames
// size themselves to their content, take orders only from their parent,
// start no engine before Run, and share one engine between them.

// hostPage serves HTML pages from a second origin; it returns its URL.
func hostPage(t *testing.T, pages map[string]string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	if strings.HasPrefix(env.url, srv.URL) {
		t.Fatalf("the host page and the site share an origin (%s)", srv.URL)
	}
	return srv.URL
}

// siteOrigin is the site's origin, as a message's event.origin names it.
func siteOrigin() string { return strings.TrimSuffix(env.url, "/") }

// inFrame evaluates expr in the document of the child frame whose URL
// contains marker. The frame is of another origin than the page, so this
// goes through an isolated world: it sees the frame's DOM, not its script's
// globals, which is all the tests need.
func inFrame[T any](tb *tab, marker, expr string) T {
	tb.t.Helper()
	var zero T
	frame := findFrame(tb, marker)
	if frame == nil {
		tb.t.Fatalf("no frame whose address contains %q", marker)
		return zero
	}
	world, err := chromedp.Call(tb.ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame.ID, WorldName: "browsertest"})
	if err != nil {
		tb.t.Fatalf("entering frame %q: %v", marker, err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, waitLimit)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, func(p *runtime.EvaluateParams) { p.ContextID = world.ExecutionContextID }))
	if err != nil {
		tb.t.Fatalf("evaluating %s in frame %q: %v", expr, marker, err)
	}
	return v
}

// findFrame is the child frame whose URL contains marker, nil while there
// is none (an iframe just inserted is about:blank until it navigates).
func findFrame(tb *tab, marker string) *cdp.Frame {
	tb.t.Helper()
	tree, err := chromedp.Call(tb.ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		tb.t.Fatalf("the frame tree: %v", err)
	}
	var frame *cdp.Frame
	var walk func(*page.FrameTree)
	walk = func(ft *page.FrameTree) {
		for _, c := range ft.ChildFrames {
			if strings.Contains(c.Frame.URL, marker) && frame == nil {
				frame = c.Frame
			}
			walk(c)
		}
	}
	walk(tree.FrameTree)
	return frame
}

// eventually polls cond until it holds, failing the test at waitLimit.
func (tb *tab) eventually(what string, cond func() (bool, string)) {
	tb.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waiting for %s: still %s", what, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// engines counts the engine workers of the tab's browser context: shared
// workers, and dedicated workers where the browser lists them.
func engines(tb *tab) (shared, dedicated int) {
	tb.t.Helper()
	infos, err := chromedp.Targets(tb.ctx)
	if err != nil {
		tb.t.Fatal(err)
	}
	mine := chromedp.FromContext(tb.ctx).BrowserContextID
	for _, ti := range infos {
		if ti.BrowserContextID != mine || !strings.HasPrefix(ti.URL, env.url) {
			continue
		}
		switch ti.Type {
		case "shared_worker":
			shared++
		case "worker":
			dedicated++
		}
	}
	return shared, dedicated
}

// frameState is what a framed page's engine status says.
func frameState(tb *tab, marker string) string {
	tb.t.Helper()
	return inFrame[string](tb, marker, `(() => { const s = document.querySelector('[data-testid=engine-status]'); return s ? s.dataset.state || '' : 'missing'; })()`)
}

// TestEmbedWaitsForRun opens embeds the way a frame does (?embed=1) and
// checks that none starts its engine before Run: not a built-in scenario,
// not an edited one in a #v1 link, not a custom one (a <pre data-dbquirks>
// block's frame), unless &boot=load asks for it.
func TestEmbedWaitsForRun(t *testing.T) {
	id := "sqlite-like-ascii-case"
	src, err := os.ReadFile(filepath.Join(env.scenarios, id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "('Cc')", "('Cc embed-edit-canary')", 1)
	if edited == string(src) {
		t.Fatalf("%s.md no longer inserts 'Cc'; pick another edit", id)
	}
	editLink, err := permalink.Encode(permalink.Payload{Source: edited, Base: id})
	if err != nil {
		t.Fatal(err)
	}
	custom := "---\ntitle: \"Embedded SQL\"\n---\n\n```sql\nSELECT 'embed-pre-canary' AS canary;\n```\n"
	customLink, err := permalink.Encode(permalink.Payload{Source: custom})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, link, want string
	}{
		{"built-in", "s/" + id + "/?embed=1&frame=plain", "", ""},
		{"edited link", "s/" + id + "/?embed=1&frame=edited#" + editLink, editLink, "embed-edit-canary"},
		{"custom link", "?embed=1&frame=pre#" + customLink, customLink, "embed-pre-canary"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A browser context of its own: its own HTTP cache and no
			// shared engine left by another test.
			tb := newTab(t, chromedp.WithNewBrowserContext())
			before := env.wasmGets.Load()
			tb.open(c.path)
			tb.waitFor("the embed to be shown", `!!(window.__dbquirks && window.__dbquirks.engineCall && document.querySelector('[data-testid=run]'))`)
			if got := eval[bool](tb, `document.documentElement.dataset.embed === '1'`); !got {
				t.Error("not in embed mode")
			}
			if st := eval[string](tb, `document.querySelector('[data-testid=engine-status]').dataset.state`); st != "idle" {
				t.Errorf("before Run the engine status is %q, want idle", st)
			}
			if log := eval[[]string](tb, `(window.__dbquirks.statusLog || []).filter(s => s !== 'idle')`); len(log) != 0 {
				t.Errorf("before Run the engine went through %q", log)
			}
			if shared, dedicated := engines(tb); shared+dedicated != 0 {
				t.Errorf("before Run: %d shared and %d dedicated workers", shared, dedicated)
			}
			if n := env.wasmGets.Load() - before; n != 0 {
				t.Errorf("before Run the module was requested %d times", n)
			}
			if c.want != "" {
				if got := eval[string](tb, `document.querySelector('[data-notice=link]')?.textContent || ''`); !strings.Contains(got, "Run") {
					t.Errorf("a link not opened yet says %q; want it to say that Run opens it", got)
				}
				if eval[bool](tb, `[...document.querySelectorAll('textarea[data-testid=step-sql]')].some(t => !t.readOnly)`) {
					t.Error("steps can be edited before the link is opened (the edit would be lost)")
				}
				if href := eval[string](tb, `document.querySelector('[data-testid=open-full]').href`); !strings.HasSuffix(href, "#"+c.link) {
					t.Errorf("'Open in dbquirks' goes to %s, without the link", href)
				}
			}
			tb.screenshot("embed-before-run-" + strings.ReplaceAll(c.name, " ", "-"))

			runAndWait(tb)
			if c.want != "" {
				if ran := eval[string](tb, `JSON.stringify(window.__dbquirks.lastTranscript)`); !strings.Contains(ran, c.want) {
					t.Errorf("the run was not of the link's scenario (no %q in its transcript)", c.want)
				}
				// An edit of a catalogue scenario says so; SQL embedded from
				// scratch (a <pre> on a blog) says nothing of a link its
				// reader never saw.
				wantShared := map[bool]int{true: 1, false: 0}[c.name == "edited link"]
				if n := eval[int](tb, `document.querySelectorAll('[data-notice=shared]').length`); n != wantShared {
					t.Errorf("after Run: %d notices that the scenario came from a link, want %d", n, wantShared)
				}
				if label := eval[string](tb, `[...document.querySelectorAll('[data-testid=toolbar] *')].filter(e => !e.hidden && e.offsetParent && e.children.length === 0).map(e => e.textContent).join(' | ')`); c.name == "custom link" && strings.Contains(label, "As shared") {
					t.Errorf("an embed of SQL from scratch says %q", label)
				}
				if n := eval[int](tb, `document.querySelectorAll('[data-notice=link]').length`); n != 0 {
					t.Error("after Run the notice 'press Run to open the link' is still shown")
				}
			}
			if n := eval[int](tb, `window.__dbquirks.lastTranscript.failures`); n != 0 {
				t.Errorf("the run had %d failures", n)
			}
			if n := env.wasmGets.Load() - before; n < 1 {
				t.Errorf("after Run the module was requested %d times: the count above proves nothing", n)
			}
		})
	}

	t.Run("boot=load", func(t *testing.T) {
		tb := newTab(t, chromedp.WithNewBrowserContext())
		tb.open("?embed=1&boot=load#" + customLink)
		tb.waitLive()
		if n := tb.runs(); n != 1 {
			t.Errorf("&boot=load: %d runs without a click, want 1", n)
		}
		if text := eval[string](tb, `document.body.innerText`); !strings.Contains(text, "embed-pre-canary") {
			t.Errorf("&boot=load: the link's result is not shown:\n%s", text)
		}
	})
}

// TestEmbedOpenFullKeepsEdits edits a step of an embed whose engine has
// not started (no Run yet) and clicks "Open in dbquirks": the tab it opens
// must carry the edit in a link (v1, or v2 with only the changed lines),
// not show the original scenario.
func TestEmbedOpenFullKeepsEdits(t *testing.T) {
	id := env.ids[0]
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open("s/" + id + "/?embed=1&frame=open")
	tb.waitFor("the embed to be shown", `!!(window.__dbquirks && window.__dbquirks.engineCall && document.querySelector('[data-testid=open-full]'))`)
	editLast(tb, "SELECT 'open-full-canary' AS canary")
	if st := eval[string](tb, `document.querySelector('[data-testid=engine-status]').dataset.state`); st != "idle" {
		t.Fatalf("the engine is %q before Run; this test needs one not started yet", st)
	}
	tb.click("open-full")

	// The new tab's address, once it has one of the site.
	mine := chromedp.FromContext(tb.ctx).BrowserContextID
	var opened string
	tb.eventually("a tab with the scenario's page", func() (bool, string) {
		infos, err := chromedp.Targets(tb.ctx)
		if err != nil {
			tb.t.Fatal(err)
		}
		var seen []string
		for _, ti := range infos {
			if ti.BrowserContextID != mine || ti.Type != "page" || strings.Contains(ti.URL, "embed=1") {
				continue
			}
			seen = append(seen, ti.URL)
			if strings.HasPrefix(ti.URL, env.url) {
				opened = ti.URL
				return true, ""
			}
		}
		return false, fmt.Sprintf("tabs %q", seen)
	})
	page, frag, _ := strings.Cut(opened, "#")
	if page != env.url+"s/"+id+"/" || !strings.HasPrefix(frag, permalink.Version+".") && !strings.HasPrefix(frag, permalink.EditVersion+".") {
		t.Fatalf("'Open in dbquirks' opened %s; want the scenario's page with a #v1 or #v2 link", opened)
	}
	orig, err := os.ReadFile(filepath.Join(env.scenarios, id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := permalink.DecodeFrom(frag, permalink.Original{ID: id, Source: string(orig)})
	if err != nil {
		t.Fatalf("the opened link cannot be read: %v", err)
	}
	if !strings.Contains(p.Source, "open-full-canary") || p.Base != id {
		t.Errorf("the opened link holds base %q and a source without the edit:\n%s", p.Base, p.Source)
	}
}

// twoFrames is a host page with two frames of the site and a parent that
// sizes each frame from its messages, checking sender and origin as
// docs/embedding.md asks of any parent. It records every message.
func twoFrames(a, b string) string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<style>body{margin:0;font:16px sans-serif} iframe{display:block;width:900px;height:300px;border:0}</style></head><body>
<h1>A host page</h1>
<iframe id="fa" src="` + env.url + a + `"></iframe>
<p>Between the frames.</p>
<iframe id="fb" src="` + env.url + b + `"></iframe>
<script>
const SITE = ` + jsString(siteOrigin()) + `;
window.msgs = [];
window.applied = {fa: 0, fb: 0};
addEventListener('message', (e) => {
  const m = e.data || {};
  const el = document.getElementById(m.frame);
  const genuine = e.origin === SITE && !!el && e.source === el.contentWindow;
  window.msgs.push({type: m.type, frame: m.frame, height: m.height, failures: m.failures, steps: m.steps, stopped: m.stopped, origin: e.origin, genuine});
  if (genuine && (m.type === 'ready' || m.type === 'resize') && m.height > 0) {
    el.style.height = m.height + 'px';
    window.applied[m.frame] = m.height;
  }
});
window.send = (id, msg) => document.getElementById(id).contentWindow.postMessage(Object.assign({ns: 'dbquirks', v: 1, frame: id}, msg), SITE);
</script></body></html>`
}

// sibling adds a frame of the host's origin that tries to drive the
// dbquirks frames (ids, a JavaScript expression run in it, names them in
// the order of the page's frames) and to resize them through the parent
// with forged messages. It resolves once the sibling has sent them all.
func sibling(ids string) string {
	return `(() => {
  const f = document.createElement('iframe');
  f.id = 'sibling';
  f.srcdoc = '<script>' +
    'const ids = ' + ` + jsString(ids) + ` + ';' +
    'ids.forEach((id, i) => {' +
    '  const w = parent.frames[i];' +
    '  w.postMessage({ns: "dbquirks", v: 1, type: "run", frame: id}, "*");' +
    '  w.postMessage({ns: "dbquirks", v: 1, type: "load", frame: id, source: "---\\ntitle: sibling\\n---\\n\\n` + "```" + `sql\\nSELECT \\u0027sibling-was-here\\u0027\\n` + "```" + `\\n"}, "*");' +
    '  parent.postMessage({ns: "dbquirks", v: 1, type: "resize", frame: id, height: 4321}, "*");' +
    '});' +
    'parent.postMessage("sibling done", "*");' +
    '<\/script>';
  window.siblingDone = new Promise((resolve) => addEventListener('message', (e) => e.data === 'sibling done' && resolve(true)));
  document.body.append(f);
  return window.siblingDone;
})()`
}

// TestEmbedFrames: two frames on a host page of another origin size
// themselves to their content, growing and shrinking with their results;
// a sibling frame can neither run them nor resize them; and the two share
// one engine.
func TestEmbedFrames(t *testing.T) {
	host := hostPage(t, map[string]string{
		"/": twoFrames("s/sqlite-like-ascii-case/?embed=1&frame=fa", "s/"+env.ids[0]+"/?embed=1&frame=fb&explain=0"),
	})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open(host + "/")
	tb.waitFor("both frames to say ready", `['fa', 'fb'].every(id => window.msgs.some(m => m.type === 'ready' && m.frame === id && m.genuine))`)
	for _, id := range []string{"fa", "fb"} {
		if st := frameState(tb, "frame="+id); st != "idle" {
			t.Errorf("frame %s before Run: engine %q, want idle", id, st)
		}
		fits(tb, id)
	}
	if shared, dedicated := engines(tb); shared+dedicated != 0 {
		t.Errorf("before any Run: %d shared and %d dedicated workers", shared, dedicated)
	}
	if bad := eval[[]string](tb, `window.msgs.filter(m => !m.genuine).map(m => JSON.stringify(m))`); len(bad) != 0 {
		t.Errorf("the frames sent messages a parent cannot trust: %q", bad)
	}

	// The sibling's messages are posted before the parent's Run below;
	// by the time that run is done they have long been delivered.
	eval[bool](tb, sibling(`["fa", "fb"]`))
	eval[bool](tb, `window.send('fa', {type: 'run'}), true`)
	tb.waitFor("frame A's result", `window.msgs.some(m => m.type === 'result' && m.frame === 'fa' && m.genuine)`)
	if n := eval[int](tb, `window.msgs.filter(m => m.type === 'resize' && m.height === 4321 && !m.genuine).length`); n != 2 {
		t.Errorf("the parent saw %d forged resizes from the sibling, want 2: did the sibling run?", n)
	}
	if text := inFrame[string](tb, "frame=fa", `document.body.innerText`); strings.Contains(text, "sibling-was-here") {
		t.Error("frame A ran the sibling's scenario")
	}
	if st := frameState(tb, "frame=fb"); st != "idle" {
		t.Errorf("frame B started its engine (%q) on the sibling's message", st)
	}
	if n := eval[int](tb, `window.msgs.filter(m => m.type === 'result' && m.frame === 'fb').length`); n != 0 {
		t.Errorf("frame B ran %d times on the sibling's messages", n)
	}
	if n := eval[int](tb, `window.msgs.find(m => m.type === 'result' && m.frame === 'fa').failures`); n != 0 {
		t.Errorf("frame A's run: %d failures", n)
	}
	fits(tb, "fa")

	// Frame B grows with a long result and shrinks with a short one.
	short := "---\ntitle: short\n---\n\n```sql\nSELECT 1 AS one\n```\n"
	long := "---\ntitle: long\n---\n\n```sql\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40) SELECT x FROM c\n```\n"
	load := func(source, want string) float64 {
		tb.t.Helper()
		n := eval[int](tb, `window.msgs.filter(m => m.type === 'result' && m.frame === 'fb').length`)
		eval[bool](tb, fmt.Sprintf(`window.send('fb', {type: 'load', source: %s}), true`, jsString(source)))
		tb.waitFor("frame B's result", fmt.Sprintf(`window.msgs.filter(m => m.type === 'result' && m.frame === 'fb' && m.genuine).length > %d`, n))
		if text := inFrame[string](tb, "frame=fb", `document.body.innerText`); !strings.Contains(text, want) {
			t.Errorf("frame B does not show %q after the load", want)
		}
		return fits(tb, "fb")
	}
	h1 := load(short, "one")
	h2 := load(long, "40")
	h3 := load(short, "one")
	if !(h2 > h1) {
		t.Errorf("frame B did not grow with a longer result: %v then %v px", h1, h2)
	}
	if !(h3 < h2) {
		t.Errorf("frame B did not shrink with a shorter result: %v then %v px", h2, h3)
	}
	t.Logf("frame B: %v px, %v px with 40 rows, %v px again", h1, h2, h3)
	tb.screenshot("embed-two-frames")

	shared, dedicated := engines(tb)
	if shared != 1 || dedicated != 0 {
		t.Errorf("two embeds that ran: %d shared and %d dedicated workers, want one shared engine", shared, dedicated)
	}
}

// fits waits until a frame of the host page is as tall as its content
// says it is, and returns that height.
func fits(tb *tab, id string) float64 {
	tb.t.Helper()
	var h float64
	tb.eventually("frame "+id+" to fit its content", func() (bool, string) {
		outer := eval[float64](tb, fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().height`, id))
		inner := inFrame[float64](tb, "frame="+id, `Math.ceil(document.body.getBoundingClientRect().height)`)
		h = outer
		return math.Abs(outer-inner) <= 1, fmt.Sprintf("frame %v px, content %v px", outer, inner)
	})
	return h
}

// TestEmbedScript: one <script src=".../embed.js"> on a host page of
// another origin turns a scenario placeholder and a <pre> of SQL into
// working, auto-sized frames that wait for Run; a bad id is left alone
// and says why; forged messages from a sibling frame are ignored; the
// host hears dbquirks:result; the two frames share one engine.
func TestEmbedScript(t *testing.T) {
	host := hostPage(t, map[string]string{"/": `<!doctype html><html><head><meta charset="utf-8"><title>blog</title></head><body>
<h1>A blog post</h1>
<div id="a" data-dbquirks="sqlite-like-ascii-case" data-step="2">On SQLite, LIKE ignores ASCII case.</div>
<pre id="b" data-dbquirks data-title="Tiny">SELECT 'pre-canary' AS x;</pre>
<div id="c" data-dbquirks="../../etc/passwd">Not a scenario.</div>
<script>
window.events = [];
for (const type of ['dbquirks:ready', 'dbquirks:result']) {
  document.addEventListener(type, (e) => window.events.push(Object.assign({type, id: e.target.id}, e.detail)), true);
}
</script>
<script src="` + env.url + `embed.js"></script>
</body></html>`})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	before := env.wasmGets.Load()
	tb.open(host + "/")
	tb.waitFor("both frames to be ready", `['a', 'b'].every(id => window.events.some(e => e.type === 'dbquirks:ready' && e.id === id))`)
	if why := eval[string](tb, `document.getElementById('c').getAttribute('data-dbquirks-error') || ''`); why == "" {
		t.Error("the placeholder with a bad id is not marked with data-dbquirks-error")
	}
	if n := eval[int](tb, `document.querySelectorAll('iframe').length`); n != 2 {
		t.Errorf("%d frames, want 2", n)
	}
	if eval[bool](tb, `['a', 'b'].some(id => !document.getElementById(id).hidden)`) {
		t.Error("a placeholder that became a frame is still shown")
	}
	marker := func(id string) string {
		return "frame=" + eval[string](tb, fmt.Sprintf(`document.getElementById(%q).getAttribute('data-dbquirks-frame')`, id))
	}
	ma, mb := marker("a"), marker("b")
	if shown := inFrame[[]string](tb, ma, `[...document.querySelectorAll('[data-testid=step]')].filter(s => !s.hidden).map(s => s.dataset.step)`); !slices.Equal(shown, []string{"2"}) {
		t.Errorf(`data-step="2": the frame shows steps %v, want only step 2`, shown)
	}
	for _, m := range []string{ma, mb} {
		if st := frameState(tb, m); st != "idle" {
			t.Errorf("frame %s before Run: engine %q, want idle", m, st)
		}
	}
	if shared, dedicated := engines(tb); shared+dedicated != 0 {
		t.Errorf("before any Run: %d shared and %d dedicated workers", shared, dedicated)
	}
	if n := env.wasmGets.Load() - before; n != 0 {
		t.Errorf("before any Run the module was requested %d times", n)
	}
	tb.eventually("the frames to take their content's height", func() (bool, string) {
		hs := eval[[]string](tb, `[...document.querySelectorAll('iframe')].map(f => f.style.height)`)
		for _, h := range hs {
			if !strings.HasSuffix(h, "px") {
				return false, fmt.Sprint(hs)
			}
		}
		return true, ""
	})

	eval[bool](tb, sibling(`["a", "b"].map(id => parent.document.getElementById(id).getAttribute("data-dbquirks-frame"))`))
	eval[bool](tb, `window.dbquirksEmbed.run(document.getElementById('b'))`)
	tb.waitFor("the <pre> frame's result", `window.events.some(e => e.type === 'dbquirks:result' && e.id === 'b')`)
	res := eval[map[string]any](tb, `window.events.find(e => e.type === 'dbquirks:result' && e.id === 'b')`)
	if res["failures"] != float64(0) || res["steps"] != float64(1) || res["stopped"] != "" {
		t.Errorf("dbquirks:result of the <pre> frame: %v, want 1 step, no failures", res)
	}
	if text := inFrame[string](tb, mb, `document.body.innerText`); !strings.Contains(text, "pre-canary") || strings.Contains(text, "sibling-was-here") {
		t.Errorf("the <pre> frame after Run shows:\n%s", text)
	}
	if st := frameState(tb, ma); st != "idle" {
		t.Errorf("frame a started its engine (%q) on the sibling's messages", st)
	}
	if eval[bool](tb, `[...document.querySelectorAll('iframe')].some(f => f.style.height === '4321px')`) {
		t.Error("embed.js applied the sibling's forged resize")
	}

	eval[bool](tb, `window.dbquirksEmbed.run(document.getElementById('a'))`)
	tb.waitFor("the scenario frame's result", `window.events.some(e => e.type === 'dbquirks:result' && e.id === 'a')`)
	if n := eval[int](tb, `window.events.find(e => e.type === 'dbquirks:result' && e.id === 'a').failures`); n != 0 {
		t.Errorf("the scenario frame's run: %d failures", n)
	}
	for _, m := range []string{ma, mb} {
		tb.eventually(m+" to fit its content", func() (bool, string) {
			outer := eval[float64](tb, fmt.Sprintf(`document.querySelector('iframe[src*=%q]').getBoundingClientRect().height`, m))
			inner := inFrame[float64](tb, m, `Math.ceil(document.body.getBoundingClientRect().height)`)
			return math.Abs(outer-inner) <= 1, fmt.Sprintf("frame %v px, content %v px", outer, inner)
		})
	}
	tb.screenshot("embed-script")
	shared, dedicated := engines(tb)
	if shared != 1 || dedicated != 0 {
		t.Errorf("two embeds that ran: %d shared and %d dedicated workers, want one shared engine", shared, dedicated)
	}
}

// TestEmbedLoadDuringRun sends a frame a second load while the first one
// runs: the frame must run the latest source once the run ends, and answer
// each load with a result, never drop one.
func TestEmbedLoadDuringRun(t *testing.T) {
	host := hostPage(t, map[string]string{
		"/": twoFrames("s/sqlite-like-ascii-case/?embed=1&frame=fa", "s/"+env.ids[0]+"/?embed=1&frame=fb"),
	})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open(host + "/")
	tb.waitFor("frame B to say ready", `window.msgs.some(m => m.type === 'ready' && m.frame === 'fb' && m.genuine)`)
	first := "---\ntitle: first\n---\n\n```sql\nSELECT 'first-load' AS x\n```\n"
	second := "---\ntitle: second\n---\n\n```sql\nSELECT 'second-load' AS x\n```\n"
	// Back to back: the first load's run has begun (the engine is still
	// starting) when the second arrives.
	eval[bool](tb, fmt.Sprintf(`window.send('fb', {type: 'load', source: %s}), window.send('fb', {type: 'load', source: %s}), true`, jsString(first), jsString(second)))
	tb.waitFor("a result for each load", `window.msgs.filter(m => m.type === 'result' && m.frame === 'fb' && m.genuine).length >= 2`)
	tb.eventually("frame B to show the second load", func() (bool, string) {
		text := inFrame[string](tb, "frame=fb", `document.body.innerText`)
		return strings.Contains(text, "second-load"), "not shown"
	})
}

// TestEmbedAnswersWhenTheEngineCrashes ends the shared engine during a
// frame's run, as a scenario that runs out of memory does: the parent must
// still get a result for that load, saying the engine crashed, and the
// next load must run on the restarted engine.
func TestEmbedAnswersWhenTheEngineCrashes(t *testing.T) {
	host := hostPage(t, map[string]string{
		"/": twoFrames("s/sqlite-like-ascii-case/?embed=1&frame=fa", "s/"+env.ids[0]+"/?embed=1&frame=fb"),
	})
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open(host + "/")
	tb.waitFor("frame B to say ready", `window.msgs.some(m => m.type === 'ready' && m.frame === 'fb' && m.genuine)`)
	const results = `window.msgs.filter(m => m.type === 'result' && m.frame === 'fb' && m.genuine)`
	eval[bool](tb, `window.send('fb', {type: 'run'}), true`)
	tb.waitFor("the first run's result", results+`.length >= 1`)

	// The next play ends the Go program.
	inEngine(tb, "shared_worker", `self.dbquirks.play = () => { self.dbquirks.shutdown(); return new Promise(() => {}); }`)
	crash := "---\ntitle: crash\n---\n\n```sql\nSELECT 'takes the engine down' AS x\n```\n"
	eval[bool](tb, fmt.Sprintf(`window.send('fb', {type: 'load', source: %s}), true`, jsString(crash)))
	tb.waitFor("a result for the load that crashed", results+`.length >= 2`)
	if got := eval[string](tb, results+`[1].stopped`); got != "crash" {
		t.Errorf("the result of a run that crashed the engine says stopped=%q, want \"crash\"", got)
	}

	after := "---\ntitle: after\n---\n\n```sql\nSELECT 'after-the-crash' AS x\n```\n"
	eval[bool](tb, fmt.Sprintf(`window.send('fb', {type: 'load', source: %s}), true`, jsString(after)))
	tb.waitFor("a result for the load after the crash", results+`.length >= 3`)
	if got := eval[string](tb, results+`[2].stopped`); got != "" {
		t.Errorf("the run after the crash says stopped=%q", got)
	}
	tb.eventually("frame B to show the load after the crash", func() (bool, string) {
		text := inFrame[string](tb, "frame=fb", `document.body.innerText`)
		return strings.Contains(text, "after-the-crash"), "not shown"
	})
}
