package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dbquirks/dbquirks/internal/bench/pageprobe"
)

// The flows below are what make bench does in the browser. Times come from
// the page's own clock (performance.now(), milliseconds since the start of
// navigation), so Chromium's start and the DevTools round trips are not in
// them.

// waitFCP returns the first contentful paint: the scenario is readable (its
// results are baked into the HTML).
const waitFCP = `new Promise((resolve) => {
	const find = () => performance.getEntriesByName("first-contentful-paint")[0];
	const poll = () => { const e = find(); if (e) resolve(e.startTime); else setTimeout(poll, 20); };
	poll();
})`

// readerVisit loads a page and does nothing: what a reader who only reads
// costs. It returns the first contentful paint and what was transferred
// once the page had settled.
func readerVisit(b *browser, url string) (fcp float64, total, wasm int64, wasmRequests int, err error) {
	v, err := b.open(url, "")
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer v.close()
	if fcp, err = evalJS[float64](v, time.Minute, waitFCP); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("%s: waiting for the first paint: %w", url, err)
	}
	// Long enough for anything the page starts on its own to show.
	time.Sleep(3 * time.Second)
	total, wasm, wasmRequests = v.traffic()
	return fcp, total, wasm, wasmRequests, nil
}

// untilLive waits for the page's first live run and returns when it came.
const untilLive = `new Promise((resolve, reject) => {
	const poll = () => {
		const h = window.__dbquirks;
		if (h && h.ready) h.ready.then(() => resolve(performance.now()), reject); else setTimeout(poll, 10);
	};
	poll();
})`

// startParts is where a first live result's time went, from the page's
// clocks (web/engine.js times, web/scenario.js runSplit), in ms.
type startParts struct {
	ToFetch  float64 `json:"toFetch"`  // the press until the module's fetch starts
	Compile  float64 `json:"compile"`  // download and compile (the HTTP cache on a repeat visit)
	ToSpawn  float64 `json:"toSpawn"`  // compiled until the worker is asked to start
	GoStart  float64 `json:"goStart"`  // the worker's start: instantiate, Go's runtime and packages
	FirstRun float64 `json:"firstRun"` // the first play in Go (code run for the first time)
}

// readStart reads startParts once the first live result is in.
const readStart = `(() => {
	const h = window.__dbquirks, t = h.engineTimes || {}, s = h.runSplit || {};
	return { toFetch: t.fetch - window.__benchPressed, compile: t.compiled - t.fetch, toSpawn: t.spawn - t.compiled,
		goStart: t.ready - t.spawn, firstRun: s.go };
})()`

// firstVisitStay is how long a first visit stays open after its work
// (our page: its first live result and the warm-up after it; an engine
// page: its workload) before the repeat visit. Chromium caches only a
// module's optimised code, optimised in the background, and writes it
// once none has come for about 2 s (V8's wasm_caching_timeout_ms): a first
// visit closed at its first result left nothing to cache, which is no
// reader's visit. Ten seconds is a reader glancing at one result.
const firstVisitStay = 10 * time.Second

// untilWarm waits for the page's warm-up after its first live run.
const untilWarm = `window.__dbquirks.warm.then(() => true)`

// liveVisit loads a scenario page, presses Run at once and returns the
// first paint, the first live result and where the time to it went. With
// stay, it then waits for the warm-up and stays that long more.
func liveVisit(b *browser, url string, stay time.Duration) (fcp, live float64, parts startParts, err error) {
	v, err := b.open(url, pageprobe.PressRunAtOnce)
	if err != nil {
		return 0, 0, parts, err
	}
	defer v.close()
	if fcp, err = evalJS[float64](v, time.Minute, waitFCP); err != nil {
		return 0, 0, parts, fmt.Errorf("%s: waiting for the first paint: %w", url, err)
	}
	if live, err = evalJS[float64](v, 3*time.Minute, untilLive); err != nil {
		return 0, 0, parts, fmt.Errorf("%s: waiting for the first live result: %w", url, err)
	}
	if parts, err = evalJS[startParts](v, time.Minute, readStart); err != nil {
		return 0, 0, parts, fmt.Errorf("%s: reading the start's parts: %w", url, err)
	}
	if stay > 0 {
		if _, err = evalJS[bool](v, 3*time.Minute, untilWarm); err != nil {
			return 0, 0, parts, fmt.Errorf("%s: waiting for the warm-up: %w", url, err)
		}
		time.Sleep(stay)
	}
	return fcp, live, parts, nil
}

// runTime is one Run measured in the page: the time from the press until
// the frame that shows the results is rendered, and where it went, from
// the page's own clocks (web/scenario.js runSplit and timeFrame).
type runTime struct {
	Total   float64 `json:"total"`
	Go      float64 `json:"go"`      // inside the Go function, in the worker
	Call    float64 `json:"call"`    // from the call to its answer: Go and the messages around it
	Show    float64 `json:"show"`    // putting the answer on the page (DOM)
	After   float64 `json:"after"`   // the Run's own work after that (status, draft, controls)
	Before  float64 `json:"before"`  // from the press to the call (the click, the Run's start)
	Frame   float64 `json:"frame"`   // from the call until the frame that shows the results starts
	Painted float64 `json:"painted"` // from the call until that frame's style, layout and paint are done
	// PauseMs is how long the page sat idle between the previous Run's
	// painted frame and this press: a person reads before pressing again,
	// and the page uses that time (it opens the next Run's connections).
	PauseMs float64 `json:"pauseMs"`
	Spare   bool    `json:"spare"` // the Run took connections the worker had opened while idle
}

// runPainted presses Run once per pause, after that pause, and returns, for
// each Run, the time from the press until the frame that shows the results
// was rendered, split as runTime says. The page notes that frame itself (a
// frame asked for here, after seeing the Run end, would be the one after
// it: until 2026-12-06 this measured so, one frame more). With warm, it
// first waits for the page's first live run and warm-up (a page that waits
// for intent has neither before a press: firstRunAfter presses cold).
func runPainted(pauses []time.Duration, warm bool) string {
	ms := make([]int64, len(pauses))
	for i, d := range pauses {
		ms[i] = d.Milliseconds()
	}
	list, _ := json.Marshal(ms)
	return fmt.Sprintf(`(async () => {
	const h = window.__dbquirks;
	h.timeFrames(); // the page times a Run's frame only when asked
	if (%t) { await h.ready; await h.warm; }
	const run = document.querySelector("[data-testid=run]");
	const tick = () => new Promise((r) => setTimeout(r, 10));
	// Asking a cold page's engine would start it: only warm pages are asked.
	const spares = async () => (%t ? (await h.engineCall("counters")).spares || 0 : 0);
	const out = [];
	let taken = await spares();
	for (const pause of %s) {
		await new Promise((r) => setTimeout(r, pause));
		const before = h.runs || 0;
		const t0 = performance.now();
		run.click();
		while ((h.runs || 0) === before || !h.runSplit.painted) await tick();
		const split = h.runSplit;
		const lead = split.start - t0;
		const now = await spares();
		out.push({ ...split, before: lead, total: lead + split.painted, pauseMs: pause, spare: now > taken });
		taken = now;
	}
	return out;
})()`, warm, warm, list)
}

// readingPause and backToBack are the two ways make bench presses Run
// again on a warm page: after a second of reading, as a person does, and
// 50 ms after the last Run's frame, which leaves the page no idle time.
const (
	readingPause = time.Second
	backToBack   = 50 * time.Millisecond
)

// warmRuns opens url, waits for its first live result and its warm-up, and
// measures n Runs after a reading pause and n back to back, alternating, so
// that neither kind gets the later, warmer Runs.
func warmRuns(b *browser, url string, n int) ([]runTime, error) {
	v, err := b.open(url, pageprobe.PressRunAtOnce)
	if err != nil {
		return nil, err
	}
	defer v.close()
	var pauses []time.Duration
	for range n {
		pauses = append(pauses, readingPause, backToBack)
	}
	// Minutes: on a loaded two-core machine the first Runs after the start
	// take seconds each while the browser's optimizing tiers catch up.
	out, err := evalJS[[]runTime](v, 15*time.Minute, runPainted(pauses, true))
	if err != nil {
		return nil, fmt.Errorf("%s: warm runs: %w", url, err)
	}
	return out, nil
}

// firstRunAfter opens url, shows intent (a pointer over Run) and presses
// Run lead later; lead < 0 waits for the engine to be ready and warm first
// (fetching while idle). It returns the time from the press to the first
// frame with the live results: what each choice of when to fetch the
// engine costs the first Run.
func firstRunAfter(b *browser, url string, lead time.Duration) (float64, error) {
	v, err := b.open(url, "")
	if err != nil {
		return 0, err
	}
	defer v.close()
	if _, err := evalJS[float64](v, time.Minute, waitFCP); err != nil {
		return 0, err
	}
	if err := v.run(time.Minute, chromedp.WaitVisible(chromedp.CSS(`[data-testid=run]`))); err != nil {
		return 0, err
	}
	hover := `document.querySelector("[data-testid=run]").dispatchEvent(new PointerEvent("pointerover", {bubbles: true}))`
	if lead != 0 {
		if _, err := evalJS[bool](v, 10*time.Second, hover+`, true`); err != nil {
			return 0, err
		}
	}
	if lead < 0 {
		if _, err := evalJS[bool](v, 3*time.Minute, untilWarm); err != nil {
			return 0, err
		}
	} else {
		time.Sleep(lead)
	}
	ms, err := evalJS[[]runTime](v, 5*time.Minute, runPainted([]time.Duration{0}, false))
	if err != nil || len(ms) != 1 {
		return 0, fmt.Errorf("%s: first run: %v", url, err)
	}
	return ms[0].Total, nil
}

// engineResult is what pages/engines.js and sqlbench report.
type engineResult struct {
	Engine      string               `json:"engine"`
	FirstMs     float64              `json:"firstMs"`
	FirstPageMs float64              `json:"firstPageMs"`
	SmallUs     []float64            `json:"smallUs"`
	BulkMs      float64              `json:"bulkMs"`
	ScanMs      map[string][]float64 `json:"scanMs"`
	Rows        map[string]int       `json:"rows"`
}

// engineVisit loads the bench page of one engine and waits for its
// workload to finish; it also returns the renderer's memory then. With
// stay, the page then stays open that long more.
func engineVisit(b *browser, url string, stay time.Duration) (*engineResult, int64, error) {
	v, err := b.open(url, "")
	if err != nil {
		return nil, 0, err
	}
	defer v.close()
	raw, err := evalJS[json.RawMessage](v, 10*time.Minute, `new Promise((resolve) => {
		const poll = () => window.__bench ? resolve(window.__bench) : setTimeout(poll, 50);
		poll();
	})`)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", url, err)
	}
	var out struct {
		OK    bool
		Error string
		Res   engineResult
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, 0, fmt.Errorf("%s: reading its result: %w", url, err)
	}
	if !out.OK {
		return nil, 0, fmt.Errorf("%s: %s", url, out.Error)
	}
	mem, err := b.rendererMemory()
	if err != nil {
		return nil, 0, err
	}
	time.Sleep(stay)
	return &out.Res, mem, nil
}

// embedVisit loads a host page with one embed that is never run and
// returns what it transferred and how many .wasm requests it made.
func embedVisit(b *browser, url string) (total int64, wasmRequests int, err error) {
	v, err := b.open(url, "")
	if err != nil {
		return 0, 0, err
	}
	defer v.close()
	if err := v.run(time.Minute, chromedp.WaitVisible(chromedp.CSS(`iframe`))); err != nil {
		return 0, 0, err
	}
	time.Sleep(4 * time.Second)
	total, _, wasmRequests = v.traffic()
	return total, wasmRequests, nil
}
