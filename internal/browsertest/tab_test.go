package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// waitLimit bounds every wait, so that a broken page fails the test with a
// message instead of hanging it. It is a guard, not a speed requirement:
// generous for a loaded two-core machine compiling a 20 MB module.
const waitLimit = 90 * time.Second

// tab is one browser tab of one test. It records every dialog the page
// opens (and dismisses it, so that the page does not block) and every
// uncaught exception; a test fails if there was any.
type tab struct {
	t   testing.TB
	ctx context.Context

	mu         sync.Mutex
	dialogs    []string
	exceptions []string
	// consoleErrors are what the page logged with console.error (an error
	// the page caught), shown in failure messages.
	consoleErrors []string
}

func newTab(t testing.TB, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	return newTabIn(t, env.browser, opts...)
}

// sibling opens another tab in tb's browser context: the same storage, as
// two tabs of one person's browser.
func (tb *tab) sibling() *tab {
	tb.t.Helper()
	return newTabIn(tb.t, tb.ctx)
}

func newTabIn(t testing.TB, parent context.Context, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, opts...)
	tb := &tab{t: t, ctx: ctx}
	t.Cleanup(func() {
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, d := range tb.dialogs {
			t.Errorf("the page opened a dialog: %s", d)
		}
		for _, e := range tb.exceptions {
			t.Errorf("uncaught exception in the page: %s", e)
		}
	})
	if err := chromedp.Listen(ctx, tb.listen); err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *tab) listen(ev any) {
	switch ev := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		tb.mu.Lock()
		tb.dialogs = append(tb.dialogs, fmt.Sprintf("%s %q", ev.Type, ev.Message))
		tb.mu.Unlock()
		// A dialog blocks the page; a listener must not run commands.
		go chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Description != "" {
				parts = append(parts, a.Description)
			} else {
				parts = append(parts, string(a.Value))
			}
		}
		tb.mu.Lock()
		tb.consoleErrors = append(tb.consoleErrors, strings.Join(parts, " "))
		tb.mu.Unlock()
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += ": " + d.Exception.Description
		}
		tb.mu.Lock()
		tb.exceptions = append(tb.exceptions, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, msg))
		tb.mu.Unlock()
	}
}

// do runs actions with the wait limit, failing the test on error.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitLimit)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to a path of the site ("s/<id>/") or a full URL.
func (tb *tab) open(path string) {
	tb.t.Helper()
	url := path
	if !strings.HasPrefix(path, "http") && !strings.HasPrefix(path, "about:") {
		url = env.url + path
	}
	tb.do("opening "+url, chromedp.Navigate(url))
}

// eval evaluates a JavaScript expression; a Promise is awaited.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitLimit)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is truthy. A page that
// navigates meanwhile (a link that rewrites the URL, a reload) ends a poll
// with "Cannot find context"; the wait then starts again in the new page.
func (tb *tab) waitFor(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		left := time.Until(deadline)
		ctx, cancel := context.WithTimeout(tb.ctx, left+5*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(left)))
		cancel()
		if err == nil {
			return
		}
		if navigated(err) && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		tb.t.Fatalf("waiting for %s (%s): %v\npage: %s", what, expr, err, tb.describe())
	}
}

// navigated reports whether err says the page's JavaScript context went
// away under a call: the page navigated.
func navigated(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context") || strings.Contains(msg, "context was destroyed") ||
		strings.Contains(msg, "Execution context")
}

// describe says what the page shows, for a failure message.
func (tb *tab) describe() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const st = document.querySelector('[data-testid=engine-status]');
		const lane = document.querySelector('[data-testid=lane-status]');
		return location.href + ' · engine ' + (st ? st.dataset.state + ' "' + st.textContent.trim() + '"' : 'status missing') +
			' · runs ' + (window.__dbquirks ? window.__dbquirks.runs : 'no handle') +
			(lane && !lane.hidden ? ' · PostgreSQL lane ' + lane.dataset.state + ' "' + lane.textContent.trim() + '"' : '');
	})()`))
	if err != nil {
		return "(cannot describe the page: " + err.Error() + ")"
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.consoleErrors) > 0 {
		s += "\nconsole errors:\n" + strings.Join(tb.consoleErrors, "\n")
	}
	return s
}

// reachForRun moves a pointer over Run, as a reader about to press it: a
// scenario page fetches its engine only on such a sign of intent.
const reachForRun = `(() => {
	const run = document.querySelector("[data-testid=run]");
	if (run) run.dispatchEvent(new PointerEvent("pointerover", {bubbles: true}));
	return !!run;
})()`

// intend waits for Run and reaches for it.
func (tb *tab) intend() {
	tb.t.Helper()
	tb.waitFor("Run, to reach for it", reachForRun)
}

// waitLive shows intent (reachForRun) and waits for the page's first live
// run. An embed waiting for Run ignores the pointer.
func (tb *tab) waitLive() {
	tb.t.Helper()
	tb.waitFor("Run and the test handle", reachForRun+` && !!(window.__dbquirks && window.__dbquirks.ready)`)
	ctx, cancel := context.WithTimeout(tb.ctx, waitLimit)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__dbquirks.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("waiting for the first live run: %v\npage: %s", err, tb.describe())
	}
}

// runs is how many live runs the page completed.
func (tb *tab) runs() int {
	tb.t.Helper()
	return eval[int](tb, `window.__dbquirks.runs`)
}

func (tb *tab) click(testid string) {
	tb.t.Helper()
	tb.do("clicking "+testid, chromedp.Click(chromedp.CSS(`[data-testid="`+testid+`"]`), chromedp.NodeVisible))
}

// setValue types into a field the way an edit does: a new value and an
// input event, which is what the page listens to.
func (tb *tab) setValue(selector, value string) {
	tb.t.Helper()
	eval[bool](tb, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		el.focus();
		el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true}));
		return true;
	})()`, jsString(selector), jsString(value)))
}

// screenshot saves what the tab shows under test-output/.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, waitLimit)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(env.output, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Logf("screenshot: %s", path)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
