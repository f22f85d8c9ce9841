// Command tierab measures warm Runs of a scenario page against how far V8
// has tiered the module up: it opens a built site (dbquirks build --out
// DIR) in a fresh browser, presses Run once the page exists, plays -warm
// Runs first (-warmpause apart), then measures -runs Runs after a reading
// pause (-pause), as make bench's "after reading" Runs, while tracing them.
// It prints the medians of the page's own clocks and, from the trace, how
// long V8's background compile jobs for the module ran during the measured
// Runs (CompilationStateImpl::InitCompileJob: tiering up with TurboFan; the
// wall time of their thread-pool tasks, summed) next to the worker's busy
// time. -js-flags starts Chromium with
// V8 flags (--liftoff-only, --wasm-tiering-budget=N), to compare with
// what a page gets.
//
//	go run ./internal/bench/tierab -site dist -warm 5 [-js-flags=--liftoff-only] [-trace out.json]
//
// internal/bench/notes.md ("Tier-up") has what it measured.
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

// runs presses Run n times, pause ms after the last Run's frame, and
// returns the page's split of each (web/scenario.js runSplit, timeFrame).
const runs = `(async (n, pause) => {
	const h = window.__dbquirks;
	h.timeFrames();
	await h.ready; await h.warm;
	const run = document.querySelector("[data-testid=run]");
	const tick = () => new Promise((r) => setTimeout(r, 10));
	const out = [];
	for (let i = 0; i < n; i++) {
		await new Promise((r) => setTimeout(r, pause));
		const before = h.runs || 0;
		const t0 = performance.now();
		run.click();
		while ((h.runs || 0) === before || !h.runSplit.painted) await tick();
		out.push({ go: h.runSplit.go, painted: h.runSplit.start - t0 + h.runSplit.painted });
	}
	return out;
})`

type sample struct{ Go, Painted float64 }

// categories are the trace's: the renderer's tasks, which name the
// function that posted each thread-pool task (V8's compile jobs among them).
var categories = []string{"toplevel", "devtools.timeline", "v8.wasm"}

func main() {
	site := flag.String("site", "dist", "a built site")
	scn := flag.String("scenario", "mariadb-pad-space", "the scenario page")
	warm := flag.Int("warm", 5, "Runs before the measured ones")
	warmPause := flag.Duration("warmpause", 50*time.Millisecond, "pause before each of the -warm Runs")
	n := flag.Int("runs", 10, "measured Runs")
	pause := flag.Duration("pause", time.Second, "pause before each measured Run")
	jsFlags := flag.String("js-flags", "", "V8 flags for Chromium")
	traceFile := flag.String("trace", "", "also write the trace here (ui.perfetto.dev)")
	flag.Parse()
	if err := measure(*site, *scn, *warm, *warmPause, *n, *pause, *jsFlags, *traceFile); err != nil {
		fmt.Fprintln(os.Stderr, "tierab:", err)
		os.Exit(1)
	}
}

func measure(site, scn string, warm int, warmPause time.Duration, n int, pause time.Duration, jsFlags, traceFile string) error {
	url, err := pageprobe.Serve(site, scn)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "tierab-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	opts := chromium.Options("/usr/bin/chromium", profile)
	if jsFlags != "" {
		opts = append(opts, chromedp.Flag("js-flags", jsFlags))
	}
	alloc, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: pageprobe.PressRunAtOnce}); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	tctx, tc := context.WithTimeout(ctx, 15*time.Minute)
	defer tc()
	press := func(k int, p time.Duration) ([]sample, error) {
		return chromedp.Run(tctx, chromedp.Evaluate[[]sample](fmt.Sprintf("%s(%d, %d)", runs, k, p.Milliseconds()), chromedp.EvalAwaitPromise))
	}
	if _, err := press(warm, warmPause); err != nil {
		return fmt.Errorf("warm Runs: %w", err)
	}
	stop, err := pageprobe.Trace(ctx, categories)
	if err != nil {
		return err
	}
	got, err := press(n, pause)
	if err != nil {
		return fmt.Errorf("measured Runs: %w", err)
	}
	events, err := stop()
	if err != nil {
		return err
	}
	if traceFile != "" {
		if err := pageprobe.WriteTrace(traceFile, events); err != nil {
			return err
		}
	}
	compile, worker := threadTimes(events)
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("flags %q, %d warm Runs, %d measured after %s: in Go %.1f ms, press→painted %.1f ms (medians); during them V8 compiled in the background %.0f ms, the worker was busy %.0f ms; load %s",
		jsFlags, warm, n, pause, pageprobe.Median(got, func(s sample) float64 { return s.Go }), pageprobe.Median(got, func(s sample) float64 { return s.Painted }), compile, worker, load)
	return nil
}

// threadTimes sums, over the trace, the wall time of the thread-pool tasks
// that run V8's compile jobs for WebAssembly and of the dedicated worker's
// tasks, in ms.
func threadTimes(events []json.RawMessage) (compile, worker float64) {
	type event struct {
		Name string          `json:"name"`
		Ph   string          `json:"ph"`
		Tid  int             `json:"tid"`
		Dur  float64         `json:"dur"`
		Args json.RawMessage `json:"args"`
	}
	var all []event
	workers := map[int]bool{}
	for _, raw := range events {
		var e event
		if json.Unmarshal(raw, &e) != nil {
			continue
		}
		if e.Ph == "M" && e.Name == "thread_name" && strings.Contains(string(e.Args), "DedicatedWorker") {
			workers[e.Tid] = true
		}
		all = append(all, e)
	}
	for _, e := range all {
		if e.Ph != "X" {
			continue
		}
		switch {
		case e.Name == "ThreadPool_RunTask" && strings.Contains(string(e.Args), "wasm/module-compiler"):
			compile += e.Dur / 1000
		case e.Name == "ThreadControllerImpl::RunTask" && workers[e.Tid]:
			worker += e.Dur / 1000
		}
	}
	return compile, worker
}
