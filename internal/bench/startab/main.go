// Command startab compares the start of a scenario page between built sites
// (dbquirks build --out DIR) or Chromium's V8 flags: the first live result
// cold, in a fresh profile, and again on a repeat visit of the same
// profile after the first visit stayed open, alternating the variants in
// each repetition. It prints the medians of the page's own clocks (make
// bench's start split), the compiled code the first visit left cached,
// and from a trace of every visit the page's main thread time (processor
// time, which the machine's load inflates less than wall time) and how
// many functions V8 compiled again before the repeat visit's module was
// ready (wasm.CompilationAfterDeserialization).
//
//	go run ./internal/bench/startab -site before=/tmp/a -site after=dist [-site 'lo=dist@--liftoff-only'] -reps 3 [-stay 10s]
//
// A variant is name=dir, or name=dir@flags to start Chromium with
// --js-flags=flags. -stay 0 measures cold visits only.
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

// untilLive and readStart are make bench's (internal/bench/flows.go), with
// times from the press.
const untilLive = `new Promise((resolve, reject) => {
	const poll = () => {
		const h = window.__dbquirks;
		if (h && h.ready) h.ready.then(() => resolve(performance.now() - window.__benchPressed), reject); else setTimeout(poll, 10);
	};
	poll();
})`

const readStart = `(() => {
	const h = window.__dbquirks, t = h.engineTimes || {}, s = h.runSplit || {};
	return { toFetch: t.fetch - window.__benchPressed, compile: t.compiled - t.fetch, toSpawn: t.spawn - t.compiled,
		goStart: t.ready - t.spawn, firstRun: s.go, call: s.call, show: s.show, toCall: s.start - t.ready };
})()`

const untilWarm = `(async () => { const t0 = performance.now(); await window.__dbquirks.warm; return performance.now() - t0; })()`

// sample is one visit: make bench's start split, the live result from the
// press, the wait for the warm-up after it, and what its trace says
// (traced).
type sample struct {
	ToFetch, Compile, ToSpawn, GoStart, FirstRun float64
	ToCall, Call, Show                           float64 // ready to the play call, the call (Go and messages), the page's DOM
	Live, Warm                                   float64
	MainCPU, LoadCPU                             float64 // the page's main thread: the visit, the module's download and compile
	Eager                                        int
	Cached                                       int64 // after the first visit
}

type variant struct{ name, url, flags string }

// traceFile and traceRepeatFile, when set, receive the trace of the next
// cold or repeat visit (once).
var traceFile, traceRepeatFile string

func main() {
	var list pageprobe.List
	flag.Var(&list, "site", "name=dir[@js-flags] of a built site (twice or more)")
	scn := flag.String("scenario", "mariadb-pad-space", "the scenario page")
	reps := flag.Int("reps", 3, "repetitions (the variants alternate)")
	stay := flag.Duration("stay", 10*time.Second, "how long the first visit stays open after its warm-up; 0: no repeat visit")
	flag.StringVar(&traceFile, "trace", "", "write Chromium's trace of the first cold visit to this file (ui.perfetto.dev)")
	flag.StringVar(&traceRepeatFile, "trace-repeat", "", "write Chromium's trace of the first repeat visit to this file")
	flag.Parse()
	var all []variant
	for _, s := range list {
		name, rest, ok := strings.Cut(s, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "startab: -site name=dir[@flags]")
			os.Exit(2)
		}
		dir, flags, _ := strings.Cut(rest, "@")
		url, err := pageprobe.Serve(dir, *scn)
		if err != nil {
			panic(err)
		}
		all = append(all, variant{name, url, flags})
	}
	cold, repeat := map[string][]sample{}, map[string][]sample{}
	for r := range *reps {
		for i := range all {
			v := all[(i+r)%len(all)]
			c, rp, err := visits(v, *stay)
			if err != nil {
				fmt.Fprintln(os.Stderr, "startab:", v.name, err)
				os.Exit(1)
			}
			cold[v.name] = append(cold[v.name], c)
			fmt.Fprintf(os.Stderr, "startab: rep %d %s cold: %+v\n", r+1, v.name, c)
			if rp != nil {
				repeat[v.name] = append(repeat[v.name], *rp)
				fmt.Fprintf(os.Stderr, "startab: rep %d %s repeat: %+v\n", r+1, v.name, *rp)
			}
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("load at the end %s", load)
	for _, v := range all {
		fmt.Printf("%-10s cold   %s\n", v.name, summary(cold[v.name]))
		if len(repeat[v.name]) > 0 {
			fmt.Printf("%-10s repeat %s\n", v.name, summary(repeat[v.name]))
		}
	}
}

// visits opens v's page in a fresh profile and presses Run at once; with
// stay, it waits for the warm-up, stays, and opens the page again.
func visits(v variant, stay time.Duration) (cold sample, repeat *sample, err error) {
	profile, err := os.MkdirTemp("", "startab-")
	if err != nil {
		return cold, nil, err
	}
	defer os.RemoveAll(profile)
	opts := chromium.Options("/usr/bin/chromium", profile)
	if v.flags != "" {
		opts = append(opts, chromedp.Flag("js-flags", v.flags))
	}
	alloc, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		return cold, nil, err
	}
	cold, err = visit(bctx, v.url, stay, traceFile)
	traceFile = ""
	if err != nil || stay == 0 {
		return cold, nil, err
	}
	cold.Cached, err = pageprobe.CodeCacheSize(profile)
	if err != nil {
		return cold, nil, err
	}
	r, err := visit(bctx, v.url, 0, traceRepeatFile)
	traceRepeatFile = ""
	return cold, &r, err
}

// visit loads url in a new tab of the browser in bctx, presses Run at once
// and reads the start's split; with stay it waits for the warm-up and
// stays; traced, it counts the eager functions V8 compiled after
// deserialising the module's cached code.
func visit(bctx context.Context, url string, stay time.Duration, file string) (s sample, err error) {
	s.Eager = -1
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: pageprobe.PressRunAtOnce}); err != nil {
		return s, err
	}
	stop, err := traceVisit(ctx, file)
	if err != nil {
		return s, err
	}
	tctx, tc := context.WithTimeout(ctx, 5*time.Minute)
	defer tc()
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		return s, err
	}
	if s.Live, err = chromedp.Run(tctx, chromedp.Evaluate[float64](untilLive, chromedp.EvalAwaitPromise)); err != nil {
		return s, fmt.Errorf("waiting for the first live result: %w", err)
	}
	parts, err := chromedp.Run(tctx, chromedp.Evaluate[map[string]float64](readStart, chromedp.EvalAwaitPromise))
	if err != nil {
		return s, err
	}
	s.ToFetch, s.Compile, s.ToSpawn, s.GoStart, s.FirstRun = parts["toFetch"], parts["compile"], parts["toSpawn"], parts["goStart"], parts["firstRun"]
	s.ToCall, s.Call, s.Show = parts["toCall"], parts["call"], parts["show"]
	if s.Warm, err = chromedp.Run(tctx, chromedp.Evaluate[float64](untilWarm, chromedp.EvalAwaitPromise)); err != nil {
		return s, fmt.Errorf("waiting for the warm-up: %w", err)
	}
	t := stop()
	s.Eager, s.MainCPU, s.LoadCPU = t.Eager, t.MainCPU, t.LoadCPU
	time.Sleep(stay)
	return s, nil
}

// traceVisit starts a trace of V8's WebAssembly events and the renderer's
// tasks in ctx; the function it returns ends it and reads what it
// recorded (writing it all to file unless that is "").
func traceVisit(ctx context.Context, file string) (func() traced, error) {
	cats := []string{"v8.wasm", "disabled-by-default-v8.wasm.detailed", "toplevel"}
	if file != "" {
		cats = append(cats, "v8", "v8.execute", "devtools.timeline", "disabled-by-default-v8.gc", "blink.user_timing")
	}
	stop, err := pageprobe.Trace(ctx, cats)
	if err != nil {
		return nil, err
	}
	return func() traced {
		all, err := stop()
		if err != nil {
			return traced{Eager: -2}
		}
		if file != "" {
			if err := pageprobe.WriteTrace(file, all); err != nil {
				fmt.Fprintln(os.Stderr, "startab:", err)
			}
		}
		return readTrace(all)
	}, nil
}

// traced is what a visit's trace says: num_eager_functions of the
// module's wasm.CompilationAfterDeserialization (-1: no cached code was
// used), and the page's main thread time (ms of processor, which the
// machine's load inflates far less than wall time) in all its tasks and in
// those from the module's first bytes until the module was compiled.
type traced struct {
	Eager            int
	MainCPU, LoadCPU float64
}

type traceEvent struct {
	Name     string
	Ph       string
	Pid, Tid int64
	Ts       float64
	Dur      float64
	Tdur     float64
	Args     struct {
		Name              string `json:"name"`
		NumEagerFunctions *int   `json:"num_eager_functions"`
	}
}

func readTrace(raw []json.RawMessage) traced {
	out := traced{Eager: -1}
	type thread struct{ pid, tid int64 }
	var evs []traceEvent
	main := map[thread]bool{}
	for _, b := range raw {
		var e traceEvent
		if json.Unmarshal(b, &e) != nil {
			continue
		}
		if e.Ph == "M" && e.Name == "thread_name" && e.Args.Name == "CrRendererMain" {
			main[thread{e.Pid, e.Tid}] = true
		}
		if e.Name == "wasm.CompilationAfterDeserialization" && e.Args.NumEagerFunctions != nil {
			out.Eager = max(out.Eager, *e.Args.NumEagerFunctions)
		}
		evs = append(evs, e)
	}
	var tasks []traceEvent
	firstBytes, compiled := -1.0, -1.0
	for _, e := range evs {
		if !main[thread{e.Pid, e.Tid}] || e.Ph != "X" {
			continue
		}
		switch e.Name {
		case "ThreadControllerImpl::RunTask":
			tasks = append(tasks, e)
		case "wasm.OnBytesReceived":
			if firstBytes < 0 || e.Ts < firstBytes {
				firstBytes = e.Ts
			}
		case "wasm.FinishStreaming":
			compiled = max(compiled, e.Ts+e.Dur)
		}
	}
	for _, t := range tasks {
		out.MainCPU += t.Tdur / 1000
		if firstBytes >= 0 && t.Ts+t.Dur >= firstBytes && t.Ts <= compiled {
			out.LoadCPU += t.Tdur / 1000
		}
	}
	return out
}

func summary(ms []sample) string {
	med := func(f func(sample) float64) float64 { return pageprobe.Median(ms, f) }
	return fmt.Sprintf("n=%d live %.0f | to fetch %.0f, download+compile %.0f, to spawn %.0f, go start %.0f, to call %.0f, first play %.0f (call %.0f), DOM %.0f | warm-up %.0f | main thread %.0f, of it download %.0f | eager %.0f | cached %.1f MB",
		len(ms), med(func(s sample) float64 { return s.Live }), med(func(s sample) float64 { return s.ToFetch }),
		med(func(s sample) float64 { return s.Compile }), med(func(s sample) float64 { return s.ToSpawn }),
		med(func(s sample) float64 { return s.GoStart }), med(func(s sample) float64 { return s.ToCall }),
		med(func(s sample) float64 { return s.FirstRun }), med(func(s sample) float64 { return s.Call }),
		med(func(s sample) float64 { return s.Show }),
		med(func(s sample) float64 { return s.Warm }), med(func(s sample) float64 { return s.MainCPU }),
		med(func(s sample) float64 { return s.LoadCPU }), med(func(s sample) float64 { return float64(s.Eager) }),
		med(func(s sample) float64 { return float64(s.Cached) })/1e6)
}
