// Command paintab compares warm Runs of one scenario page between built
// sites (dbquirks build --out DIR), alternating between them in fresh
// browsers, and prints the medians of the page's own clocks for each: the
// A/B half of make bench's "Run → every step painted" row, for one lever
// at a time, in one run on one machine state.
//
//	go run ./internal/bench/paintab -site before=/tmp/a -site after=dist -reps 3 -runs 10 [-edit] [-trace run.json]
//
// It hooks the handle's run counter, which the page sets in the task that
// put the results in: an animation frame asked for there is the frame that
// shows them ("to frame"), and a message posted from that frame's callback
// runs once its style, layout and paint are done ("frame"). The hook works
// on builds older than the page's own timeFrame, so a site built before a
// change can be compared. "total" is the old clock of make bench (a poll
// that sees the Run end, then the next animation frame), for comparison
// with docs/benchmarks.md before 2026-12-06.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dbquirks/dbquirks/internal/bench/pageprobe"
	"github.com/dbquirks/dbquirks/internal/chromium"
)

// hook runs before the page's scripts: it presses Run as soon as there is
// one (the page's first live run), and times the frame after each run's
// results from the moment the page counts the run.
const hook = `(() => {
	const press = () => {
		const run = document.querySelector("[data-testid=run]");
		if (run) run.click(); else requestAnimationFrame(press);
	};
	requestAnimationFrame(press);
	let h, runs = 0;
	const frames = (window.__paintab = []);
	Object.defineProperty(window, "__dbquirks", { configurable: true,
		get() { return h; },
		set(v) {
			h = v;
			Object.defineProperty(h, "runs", { configurable: true, get() { return runs; }, set(n) {
				runs = n;
				const shown = performance.now();
				performance.mark("paintab-shown-" + n);
				requestAnimationFrame(() => {
					const frame = performance.now();
					performance.mark("paintab-frame-" + n);
					const ch = new MessageChannel();
					ch.port1.onmessage = () => {
						frames.push({ run: n, shown, frame, painted: performance.now() });
						performance.mark("paintab-painted-" + n);
					};
					ch.port2.postMessage(0);
				});
			} });
		} });
})()`

// runs is make bench's runPainted as it was before the page timed its
// frame, plus the hook's times of each run; with edit, each Run follows an
// edit of the last step.
func runs(n int, edit bool) string {
	return fmt.Sprintf(`(async () => {
	const h = window.__dbquirks;
	await h.ready; await h.warm;
	const run = document.querySelector("[data-testid=run]");
	const ch = new MessageChannel();
	const turn = () => new Promise((r) => { ch.port1.onmessage = () => r(); ch.port2.postMessage(0); });
	const out = [];
	const last = [...document.querySelectorAll("[data-testid=step] textarea[data-testid=step-sql]")].at(-1);
	for (let i = 0; i < %d; i++) {
		if (%t) {
			last.value = "SELECT " + (i %% 2) + " AS edited";
			last.dispatchEvent(new Event("input", { bubbles: true }));
			await new Promise((r) => setTimeout(r, 50));
		}
		const before = h.runs || 0;
		const t0 = performance.now();
		run.click();
		while ((h.runs || 0) === before) await turn();
		const total = await new Promise((r) => requestAnimationFrame(() => r(performance.now() - t0)));
		await new Promise((r) => setTimeout(r, 50));
		const split = h.runSplit || {};
		const f = window.__paintab.find((f) => f.run === before + 1) || {};
		out.push({ total, go: split.go, call: split.call, show: split.show, after: split.after,
			toFrame: f.frame - f.shown, frame: f.painted - f.frame, painted: f.painted - t0 });
	}
	return out;
})()`, n, edit)
}

type sample struct {
	Total, Go, Call, Show, After, ToFrame, Frame, Painted float64
}

func main() {
	var list pageprobe.List
	flag.Var(&list, "site", "name=dir of a built site (twice or more)")
	scn := flag.String("scenario", "mariadb-pad-space", "the scenario page")
	reps := flag.Int("reps", 3, "fresh browsers per site (they alternate)")
	n := flag.Int("runs", 10, "warm Runs per browser")
	edit := flag.Bool("edit", false, "before each Run, edit the last step's SQL (its result changes, the others' do not)")
	trace := flag.String("trace", "", "after the comparison, trace the Runs of one more visit of the last site into this file (Chromium's JSON trace: chrome://tracing, ui.perfetto.dev)")
	flag.Parse()
	type site struct{ name, url string }
	var all []site
	for _, s := range list {
		name, dir, ok := strings.Cut(s, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "paintab: -site name=dir")
			os.Exit(2)
		}
		url, err := pageprobe.Serve(dir, *scn)
		if err != nil {
			panic(err)
		}
		all = append(all, site{name, url})
	}
	got := map[string][]sample{}
	for r := range *reps {
		for _, s := range all {
			ms, err := visit(s.url, *n, *edit, "")
			if err != nil {
				fmt.Fprintln(os.Stderr, "paintab:", s.name, err)
				os.Exit(1)
			}
			got[s.name] = append(got[s.name], ms...)
			fmt.Fprintf(os.Stderr, "paintab: rep %d %s: %s\n", r+1, s.name, summary(ms))
		}
	}
	if *trace != "" {
		if _, err := visit(all[len(all)-1].url, *n, *edit, *trace); err != nil {
			fmt.Fprintln(os.Stderr, "paintab: tracing:", err)
			os.Exit(1)
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("load %s", load)
	for _, s := range all {
		fmt.Printf("%-10s %s\n", s.name, summary(got[s.name]))
	}
}

// visit opens url in a fresh browser and measures n warm Runs, traced
// into traceFile unless it is "".
func visit(url string, n int, edit bool, traceFile string) ([]sample, error) {
	profile, err := os.MkdirTemp("", "paintab-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	alloc, cancelA := chromedp.NewExecAllocator(context.Background(), chromium.Options("/usr/bin/chromium", profile)...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hook}); err != nil {
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	tctx, tc := context.WithTimeout(ctx, 15*time.Minute)
	defer tc()
	// The first Runs after the start are slow while the browser's
	// optimizing tiers catch up: make bench's warm runs follow its cold
	// and repeat visits, so a few Runs go first here.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[json.RawMessage](runs(3, edit), chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	if traceFile == "" {
		return chromedp.Run(tctx, chromedp.Evaluate[[]sample](runs(n, edit), chromedp.EvalAwaitPromise))
	}
	var ms []sample
	err = traced(ctx, traceFile, func() (err error) {
		ms, err = chromedp.Run(tctx, chromedp.Evaluate[[]sample](runs(n, edit), chromedp.EvalAwaitPromise))
		return err
	})
	return ms, err
}

// traceCategories are what the trace records: the renderer's tasks and
// frames (style, layout, paint, commit), the compositor's state (why a
// frame waits), V8's work (compiling and tiering up the module, garbage
// collection) and the page's performance marks.
var traceCategories = []string{
	"devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
	"blink.user_timing", "toplevel", "v8.execute", "v8.wasm", "disabled-by-default-v8.gc", "blink", "cc", "viz", "benchmark",
	"renderer.scheduler", "disabled-by-default-cc.debug.scheduler",
}

// traced runs do with Chromium's tracing on and writes what it recorded
// to file.
func traced(ctx context.Context, file string, do func() error) error {
	stop, err := pageprobe.Trace(ctx, traceCategories)
	if err != nil {
		return err
	}
	if err := do(); err != nil {
		return err
	}
	events, err := stop()
	if err != nil {
		return err
	}
	return pageprobe.WriteTrace(file, events)
}

func summary(ms []sample) string {
	med := func(f func(sample) float64) float64 { return pageprobe.Median(ms, f) }
	return fmt.Sprintf("n=%d total %.1f | go %.1f call %.1f show %.1f after %.1f | to frame %.1f frame %.1f | press→painted %.1f",
		len(ms), med(func(s sample) float64 { return s.Total }), med(func(s sample) float64 { return s.Go }),
		med(func(s sample) float64 { return s.Call }), med(func(s sample) float64 { return s.Show }),
		med(func(s sample) float64 { return s.After }), med(func(s sample) float64 { return s.ToFrame }),
		med(func(s sample) float64 { return s.Frame }), med(func(s sample) float64 { return s.Painted }))
}
