package browsertest

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/dbquirks/dbquirks/internal/permalink"
)

// TestWithoutJavaScript: the pre-rendered page of a scenario shows its
// steps and results to a browser that runs no script at all.
func TestWithoutJavaScript(t *testing.T) {
	tb := newTab(t)
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	tb.open("s/" + env.ids[0] + "/")
	steps, err := chromedp.Run(tb.ctx, chromedp.AttributesAll(chromedp.CSSAll(`[data-testid=step]`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) == 0 {
		t.Fatal("no steps without JavaScript")
	}
	for _, s := range steps {
		if s["data-result"] != "prerendered" {
			t.Errorf("step %s: data-result=%q", s["data-step"], s["data-result"])
		}
	}
	results, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSSAll(`[data-testid=step-result] [data-testid=result-table], [data-testid=step-result] [data-testid=error]`), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Error("no result table or error is shown without JavaScript")
	}
	editors, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSSAll(`textarea`), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(editors) != 0 {
		t.Errorf("%d textareas without JavaScript: the page's script ran", len(editors))
	}
	tb.screenshot("scenario-no-javascript")
}

// noScriptRan checks the page for every sign that hostile content became
// markup or code: a dialog (the tab records those), the canary global the
// payloads set, event-handler attributes, javascript: links, frames and
// inline scripts.
func noScriptRan(tb *tab, where string) {
	tb.t.Helper()
	if c := eval[string](tb, `String(window.__xss ?? '')`); c != "" {
		tb.t.Errorf("%s: a payload ran (window.__xss = %q)", where, c)
	}
	bad := eval[[]string](tb, `[...document.querySelectorAll('*')].flatMap(e => {
		const out = [];
		for (const a of e.attributes) if (a.name.startsWith('on')) out.push(e.tagName + ' ' + a.name);
		if (e.tagName === 'A' && /^\s*(javascript|data|vbscript):/i.test(e.getAttribute('href') || '')) out.push('link ' + e.getAttribute('href'));
		if (['IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName)) out.push(e.tagName);
		if (e.tagName === 'SCRIPT' && !e.src && e.type !== 'application/json') out.push('inline script');
		return out;
	})`)
	for _, b := range bad {
		tb.t.Errorf("%s: hostile content became markup: %s", where, b)
	}
}

// TestHostileScenario opens a scenario whose every field carries script
// (title, summary, tags, Django code and note, links, prose, SQL, result
// values, column names, error messages), pre-rendered and then live, on
// a site built under /xss/.
func TestHostileScenario(t *testing.T) {
	tb := newTab(t)
	tb.open(env.xssURL)
	noScriptRan(tb, "gallery")
	tb.open(env.xssURL + "s/xss-everywhere/")
	noScriptRan(tb, "pre-rendered page")
	tb.waitLive()
	noScriptRan(tb, "after the live run")
	// Not vacuous: the payloads are on the page, as text.
	text := eval[string](tb, `document.body.innerText`)
	for _, want := range []string{`<img src=x onerror="window.__xss='value';alert('value')">`, `no such table: <img src=x onerror=`} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %q as text", want)
		}
	}
}

// TestHostileEdit pastes the hostile scenario into the source editor of a
// built-in scenario and runs it: an edit renders through the engine in the
// page (goldmark and internal/view compiled to wasm), whose markup the page
// inserts.
func TestHostileEdit(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "xss", "xss-everywhere.md"))
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()
	tb.click("source-toggle")
	tb.waitFor("the source editor", `document.querySelector('[data-testid=source-editor]') && document.querySelector('[data-testid=source-editor]').offsetParent`)
	tb.setValue(`[data-testid=source-editor]`, string(src))
	runAndWait(tb)
	noScriptRan(tb, "edited scenario, source view")
	tb.click("source-toggle")
	tb.waitFor("the steps", `document.querySelector('[data-testid=step]') && document.querySelector('[data-testid=step]').offsetParent`)
	noScriptRan(tb, "edited scenario")
	text := eval[string](tb, `document.body.innerText`)
	for _, want := range []string{`<img src=x onerror="window.__xss='value';alert('value')">`, `no such table: <img src=x onerror=`} {
		if !strings.Contains(text, want) {
			tb.screenshot("hostile-edit")
			t.Errorf("the edited scenario does not show %q as text; the page says:\n%s", want, text)
		}
	}
}

// TestHostileLink opens a shared link, made by the Go encoder the page
// uses, that carries the hostile scenario: a link anyone can craft.
func TestHostileLink(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "xss", "xss-everywhere.md"))
	if err != nil {
		t.Fatal(err)
	}
	frag, err := permalink.Encode(permalink.Payload{Source: string(src), Base: env.ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, chromedp.WithNewBrowserContext())
	tb.open("s/" + env.ids[0] + "/#" + frag)
	tb.waitLive()
	noScriptRan(tb, "shared link")

	// Fields the Go encoder would refuse, written by hand the way a
	// hostile link would be; the page must refuse or show them as text.
	crafted := craftLink(t, map[string]string{"source": string(src), "base": "<img src=x onerror=\"window.__xss='base'\">",
		"engine": "<img src=x onerror=\"window.__xss='engine'\">", "digest": "</script><script>window.__xss='digest'</script>"})
	tb.open("about:blank") // a fresh load, not a hash change
	tb.open("s/" + env.ids[0] + "/#" + crafted)
	tb.waitFor("the link to be opened or refused", `window.__dbquirks && window.__dbquirks.ready.then(() => 'ran', () => 'refused')`)
	noScriptRan(tb, "crafted link")
	tb.screenshot("hostile-crafted-link")
	tb.open("about:blank")
	tb.open("s/" + env.ids[0] + "/#" + frag)
	tb.waitLive()
	if text := eval[string](tb, `document.body.innerText`); !strings.Contains(text, `<img src=x onerror="window.__xss='value';alert('value')">`) {
		tb.screenshot("hostile-link")
		t.Errorf("the linked scenario's result is not shown as text; the page says:\n%s", text)
	}
}

// craftLink writes a v1 fragment by hand: raw DEFLATE of the JSON, in
// unpadded base64url, as permalink.Encode would but without its checks.
func craftLink(t *testing.T, payload map[string]string) string {
	t.Helper()
	js, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	w.Write(js)
	w.Close()
	return "v1." + base64.RawURLEncoding.EncodeToString(z.Bytes())
}
