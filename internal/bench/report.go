package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Report gathers one make bench run.
type Report struct {
	Date      time.Time
	Reps      int
	Machine   string
	Elapsed   time.Duration
	Sizes     []SizeRow
	Shipped   []ShippedFile
	Scenarios ScenarioPick
	// Notes is the hand-written part (internal/bench/notes.md: decisions
	// and their reasons), put after the measured tables.
	Notes string

	engineOrder []string
	Engines     map[string]*EngineSamples
	Reader      []ReaderSample
	Embed       []EmbedSample
	Live        map[string][]LiveSample // "cold", "repeat"
	WarmRuns    map[string][]runTime    // scenario id -> Runs
	leadOrder   []string
	Leads       map[string][]float64
	PGlite      []PGliteSample
	Load        []float64 // the 1-minute load average, read before each repetition and at the end
}

// readLoad is the machine's 1-minute load average, or NaN where
// /proc/loadavg cannot be read.
func readLoad() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return math.NaN()
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// noteLoad records the load average now, when it can be read.
func (r *Report) noteLoad() {
	if v := readLoad(); !math.IsNaN(v) {
		r.Load = append(r.Load, v)
	}
}

// EngineSamples are one engine's workload results over the repetitions.
type EngineSamples struct {
	Name                   string
	FirstCold, FirstRepeat []float64 // ms from navigation (browser) or start (native)
	Small                  []float64 // µs, every statement of every repetition
	Bulk                   []float64
	Scans                  map[string][]float64 // warm: the median of runs 2.. of each repetition
	Memory                 []float64            // MiB of the renderer after the workload
	CodeCache              []float64            // KB of compiled code the first visit left cached
}

type ReaderSample struct {
	FCP          float64
	Bytes        int64
	WasmBytes    int64
	WasmRequests int
}

type EmbedSample struct {
	Bytes        int64
	WasmRequests int
}

type LiveSample struct {
	FCP, Live float64
	Parts     startParts
	CodeCache int64 // bytes of compiled code cached after a cold visit
}

func (r *Report) addEngine(key, name string, res *engineResult, coldFirst float64, mem, codeCache int64) {
	if r.Engines == nil {
		r.Engines = map[string]*EngineSamples{}
	}
	e := r.Engines[key]
	if e == nil {
		e = &EngineSamples{Name: name, Scans: map[string][]float64{}}
		r.Engines[key] = e
		r.engineOrder = append(r.engineOrder, key)
	}
	if key == "native" {
		e.FirstCold = append(e.FirstCold, res.FirstMs)
	} else {
		e.FirstCold = append(e.FirstCold, coldFirst)
		e.FirstRepeat = append(e.FirstRepeat, res.FirstPageMs)
		e.Memory = append(e.Memory, float64(mem)/(1<<20))
		e.CodeCache = append(e.CodeCache, float64(codeCache)/1000)
	}
	e.Small = append(e.Small, res.SmallUs...)
	e.Bulk = append(e.Bulk, res.BulkMs)
	for name, runs := range res.ScanMs {
		if len(runs) > 1 {
			runs = runs[1:] // the first run compiles what the scan needs
		}
		e.Scans[name] = append(e.Scans[name], summarize(runs).Median)
	}
}

func (r *Report) addLive(visit string, fcp, live float64, parts startParts, codeCache int64) {
	if r.Live == nil {
		r.Live = map[string][]LiveSample{}
	}
	r.Live[visit] = append(r.Live[visit], LiveSample{fcp, live, parts, codeCache})
}

func (r *Report) addWarmRuns(id string, ms []runTime) {
	if r.WarmRuns == nil {
		r.WarmRuns = map[string][]runTime{}
	}
	r.WarmRuns[id] = append(r.WarmRuns[id], ms...)
}

func (r *Report) addLead(name string, ms float64) {
	if r.Leads == nil {
		r.Leads = map[string][]float64{}
	}
	if _, ok := r.Leads[name]; !ok {
		r.leadOrder = append(r.leadOrder, name)
	}
	r.Leads[name] = append(r.Leads[name], ms)
}

// Markdown writes docs/benchmarks.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Benchmarks\n\n")
	p("Written by `make bench` (`internal/bench`); do not edit the tables by hand, edit `internal/bench/notes.md`\n")
	p("for the prose after them. The machines are shared and noisy: compare the ratios of one run, not\n")
	p("numbers from different days. No test asserts a time.\n\n")
	p("Last run: %s, %s, %d repetitions (engines alternating in each), %s in all.\n",
		r.Date.Format("2006-01-02 15:04 UTC"), r.Machine, r.Reps, r.Elapsed.Round(time.Second))
	if len(r.Load) > 0 {
		// Other work on the machine slows every engine, not equally: a
		// load well above the CPU count makes even the ratios unreliable.
		p("The machine's load average (1 minute) during the run: %s (%d CPUs).\n", rng(r.Load, "%.1f"), runtime.NumCPU())
	}
	p("Each figure is the median, with the range over the repetitions in brackets.\n\n")

	p("## Bytes\n\n")
	p("| what | raw | gzip -9 | brotli -q %d |\n| --- | ---: | ---: | ---: |\n", brotliQuality)
	for _, s := range r.Sizes {
		p("| %s | %s | %s | %s |\n", s.What, mb(s.Sizes.Raw), mb(s.Sizes.Gzip), mb(s.Sizes.Brotli))
	}
	for _, f := range r.Shipped {
		p("\nThe site build's precompressed `%s`: %s.", f.Name, mb(int(f.Bytes)))
	}
	if len(r.Shipped) > 0 {
		p(" (brotli command at quality 11 when installed, else Go at quality 6; gzip -9.)\n")
	}
	reader := func(f func(ReaderSample) float64) []float64 {
		var out []float64
		for _, s := range r.Reader {
			out = append(out, f(s))
		}
		return out
	}
	p("\nA reader who only reads (a cold visit to `%s`, nothing pressed, traffic counted 3 s after the first paint):\n\n", r.Scenarios.Median)
	p("| measure | value |\n| --- | ---: |\n")
	p("| bytes transferred | %s KB |\n", rng(reader(func(s ReaderSample) float64 { return float64(s.Bytes) / 1e3 }), "%.0f"))
	p("| of which .wasm | %s KB |\n", rng(reader(func(s ReaderSample) float64 { return float64(s.WasmBytes) / 1e3 }), "%.0f"))
	p("| .wasm requests | %s |\n", rng(reader(func(s ReaderSample) float64 { return float64(s.WasmRequests) }), "%.0f"))
	var eb, ew []float64
	for _, s := range r.Embed {
		eb, ew = append(eb, float64(s.Bytes)/1e3), append(ew, float64(s.WasmRequests))
	}
	p("| an embed never run (host page with embed.js and one placeholder, 4 s): bytes | %s KB |\n", rng(eb, "%.0f"))
	p("| an embed never run: .wasm requests | %s |\n", rng(ew, "%.0f"))

	p("\n## Start\n\n")
	p("Milliseconds from the start of navigation (the page's clock). Our site: a scenario page (`%s`) whose\n", r.Scenarios.Median)
	p("reader presses Run as soon as it exists; first readable is the first contentful paint (the results\n")
	p("baked into the page). The engine pages: load the engine, open `:memory:`, `SELECT 1`. Cold is a fresh\n")
	p("profile; repeat is a second visit in it (HTTP cache and the browser's compiled-code cache), after a\n")
	p("first visit that stayed %.0f s after its work (our page: the first live result and its warm-up; an\n", firstVisitStay.Seconds())
	p("engine page: its workload). The last column is the compiled WebAssembly code that first visit left in\n")
	p("the browser's cache (`Code Cache/wasm` in the profile): Chromium writes it once enough of the code is\n")
	p("optimised, and a repeat visit without it compiles everything again.\n\n")
	p("| engine | first readable, cold | first live result, cold | first readable, repeat | first live result, repeat | code cached, KB |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	live := func(visit string, f func(LiveSample) float64) []float64 {
		var out []float64
		for _, s := range r.Live[visit] {
			out = append(out, f(s))
		}
		return out
	}
	fcp := func(s LiveSample) float64 { return s.FCP }
	lv := func(s LiveSample) float64 { return s.Live }
	cached := func(s LiveSample) float64 { return float64(s.CodeCache) / 1000 }
	p("| our site | %s | %s | %s | %s | %s |\n", rng(live("cold", fcp), "%.0f"), rng(live("cold", lv), "%.0f"), rng(live("repeat", fcp), "%.0f"), rng(live("repeat", lv), "%.0f"), rng(live("cold", cached), "%.0f"))
	for _, k := range r.engineOrder {
		if k == "native" {
			continue
		}
		e := r.Engines[k]
		p("| %s | | %s | | %s | %s |\n", e.Name, rng(e.FirstCold, "%.0f"), rng(e.FirstRepeat, "%.0f"), rng(e.CodeCache, "%.0f"))
	}
	p("\nOur site's first live result, where the time went (ms, from the page's clocks): from the press\n")
	p("to the module's fetch, download and compile, compiled to the worker's start, the worker's start\n")
	p("(instantiate, Go's runtime and package initialisation), the first play in Go, and the rest (the\n")
	p("page's own start before the press, messages, putting the results in).\n\n")
	p("| visit | press to fetch | download + compile | to the worker | worker start | first play in Go | rest |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, visit := range []string{"cold", "repeat"} {
		part := func(f func(startParts) float64) string {
			return rng(live(visit, func(s LiveSample) float64 { return f(s.Parts) }), "%.0f")
		}
		p("| %s | %s | %s | %s | %s | %s | %s |\n", visit,
			part(func(x startParts) float64 { return x.ToFetch }),
			part(func(x startParts) float64 { return x.Compile }),
			part(func(x startParts) float64 { return x.ToSpawn }),
			part(func(x startParts) float64 { return x.GoStart }),
			part(func(x startParts) float64 { return x.FirstRun }),
			rng(live(visit, func(s LiveSample) float64 {
				x := s.Parts
				return s.Live - x.ToFetch - x.Compile - x.ToSpawn - x.GoStart - x.FirstRun
			}), "%.0f"))
	}

	if len(r.PGlite) > 0 {
		var cold, warm []float64
		for _, s := range r.PGlite {
			cold, warm = append(cold, s.Cold), append(warm, s.Warm)
		}
		p("\nThe live PostgreSQL lane (PGlite, fetched only when asked): seconds from a click on Run on\n")
		p("PostgreSQL to its answer on `sqlite-like-ascii-case`, in a fresh profile: first click (download,\n")
		p("compile, PostgreSQL's initdb, the run) %s s; next click %s s.\n", rng(cold, "%.1f"), rng(warm, "%.1f"))
	}

	p("\n## Run → every step painted (our site, warm)\n\n")
	p("From the press of Run until the frame that shows the results is rendered, on a warmed-up page, 10\n")
	p("Runs of each kind a repetition, the two kinds alternating: after a second of reading (the page opens\n")
	p("the next Run's connections while idle) and back to back (pressed 50 ms after the last Run's frame,\n")
	p("which leaves it no idle time). The catalogue's %d scenarios by number of steps: median `%s` (%d steps), largest `%s` (%d steps).\n\n",
		r.Scenarios.Count, r.Scenarios.Median, r.Scenarios.MedianSteps, r.Scenarios.Largest, r.Scenarios.LargestSteps)
	p("Where it went, medians from the page's own clocks: in Go (the `play` call in the worker), the\n")
	p("messages around it (the call's answer, less Go), putting the answer on the page, the Run's own work\n")
	p("after that (status line, draft, controls), the press until the call, the wait until the frame\n")
	p("that shows the results starts, and that frame's style, layout and paint (web/scenario.js timeFrame).\n")
	p("\"Spare\" counts the Runs that took connections opened while idle.\n\n")
	p("| scenario | Runs | median | p95 | min–max | spare | press to call | in Go | messages | page (DOM) | after | to the frame | the frame |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, id := range []string{r.Scenarios.Median, r.Scenarios.Largest} {
		for _, kind := range runKinds {
			runs := paced(r.WarmRuns[id], kind.pause)
			if len(runs) == 0 {
				continue
			}
			part := func(f func(runTime) float64) string {
				var xs []float64
				for _, rt := range runs {
					xs = append(xs, f(rt))
				}
				return num(summarize(xs).Median, "%.1f") + " ms"
			}
			spares := 0
			for _, rt := range runs {
				if rt.Spare {
					spares++
				}
			}
			s := summarize(totals(runs))
			p("| `%s` | %s | %s ms | %s ms | %s–%s ms | %d of %d | %s | %s | %s | %s | %s | %s | %s |\n", id, kind.name, num(s.Median, "%.1f"), num(s.P95, "%.1f"), num(s.Min, "%.1f"), num(s.Max, "%.1f"),
				spares, len(runs),
				part(func(rt runTime) float64 { return rt.Before }),
				part(func(rt runTime) float64 { return rt.Go }),
				part(func(rt runTime) float64 { return rt.Call - rt.Go }),
				part(func(rt runTime) float64 { return rt.Show }),
				part(func(rt runTime) float64 { return rt.After }),
				part(func(rt runTime) float64 { return rt.Frame - rt.Call - rt.Show - rt.After }),
				part(func(rt runTime) float64 { return rt.Painted - rt.Frame }))
		}
	}
	p("\nThe first Run after each choice of when to fetch the engine (press to painted, same profile as the\n")
	p("repeat visit, so the module and whatever compiled code was cached come from the browser's caches):\n\n| choice | first Run |\n| --- | ---: |\n")
	for _, name := range r.leadOrder {
		p("| %s | %s ms |\n", name, rng(r.Leads[name], "%.0f"))
	}

	p("\n## SQL, the same statements on every engine\n\n")
	p("`internal/bench/workload.json`. Ours is `internal/bench/sqlbench`: go-sqlite3 as the module uses it,\n")
	p("without the page's bridge, natively and compiled to WebAssembly. Per statement: each of %d small\n", 6)
	p("statements timed alone, 100 cycles a repetition (µs). Scans: warm, the median of runs 2–5 of each\n")
	p("repetition (ms); 10k rows are read into the engine's host language and turned into JSON.\n")
	p("Memory: resident memory of the renderer after the workload.\n\n")
	p("| engine | statement median | p95 | 100k-row insert | LIKE scan | GROUP BY | 10k rows to the page | memory |\n")
	p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, k := range r.engineOrder {
		e := r.Engines[k]
		s := summarize(e.Small)
		mem := "—"
		if len(e.Memory) > 0 {
			mem = rng(e.Memory, "%.0f") + " MiB"
		}
		p("| %s | %s µs | %s µs | %s ms | %s ms | %s ms | %s ms | %s |\n", e.Name, num(s.Median, "%.1f"), num(s.P95, "%.1f"),
			rng(e.Bulk, "%.1f"), rng(e.Scans["like"], "%.1f"), rng(e.Scans["groupBy"], "%.1f"), rng(e.Scans["rows10k"], "%.1f"), mem)
	}
	p("\nRatios to sql.js (medians):\n\n| engine | statement | insert | LIKE | GROUP BY | 10k rows |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	base := r.Engines["sqljs"]
	for _, k := range r.engineOrder {
		if k == "sqljs" || base == nil {
			continue
		}
		e := r.Engines[k]
		med := func(x []float64) float64 { return summarize(x).Median }
		p("| %s | %s | %s | %s | %s | %s |\n", e.Name, x(ratio(med(e.Small), med(base.Small))), x(ratio(med(e.Bulk), med(base.Bulk))),
			x(ratio(med(e.Scans["like"]), med(base.Scans["like"]))), x(ratio(med(e.Scans["groupBy"]), med(base.Scans["groupBy"]))),
			x(ratio(med(e.Scans["rows10k"]), med(base.Scans["rows10k"]))))
	}
	p("\n")
	p("%s", r.targets())
	p("\n%s", r.Notes)
	return b.String()
}

// targets compares the run with issue 14's targets.
func (r *Report) targets() string {
	var b strings.Builder
	med := func(x []float64) float64 { return summarize(x).Median }
	verdict := func(ok bool, v float64) string {
		if math.IsNaN(v) {
			return "not measured"
		}
		if ok {
			return "met"
		}
		return "not met"
	}
	fmt.Fprintf(&b, "## Targets (issue 14), from this run\n\n| target | measured | |\n| --- | ---: | --- |\n")
	row := func(target, measured string, ok bool, v float64) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", target, measured, verdict(ok, v))
	}
	// What a browser that accepts brotli downloads: the site's own .br when
	// the build wrote one (the brotli command's best quality), else the
	// table's brotli column.
	shipped, what := math.NaN(), ""
	if len(r.Sizes) > 0 {
		shipped = float64(r.Sizes[0].Sizes.Brotli) / 1e6
	}
	for _, f := range r.Shipped {
		if strings.HasSuffix(f.Name, ".br") {
			shipped, what = float64(f.Bytes)/1e6, " (the site's .br)"
		}
	}
	row("module ≤ 2.0 MB brotli", fmt.Sprintf("%.2f MB%s", shipped, what), shipped <= 2.0, shipped)
	var rb, ew []float64
	for _, s := range r.Reader {
		rb = append(rb, float64(s.Bytes)/1e3)
	}
	for _, s := range r.Embed {
		ew = append(ew, float64(s.WasmRequests))
	}
	row("reader who only reads ≤ 300 KB", num(med(rb), "%.0f")+" KB", med(rb) <= 300, med(rb))
	maxEmbed := math.NaN()
	if len(ew) > 0 {
		maxEmbed = summarize(ew).Max
	}
	row("an embed never run fetches no engine", num(maxEmbed, "%.0f")+" .wasm requests (most in a repetition)", maxEmbed == 0, maxEmbed)
	var cold, repeat []float64
	for _, s := range r.Live["cold"] {
		cold = append(cold, s.Live)
	}
	for _, s := range r.Live["repeat"] {
		repeat = append(repeat, s.Live)
	}
	if sw := r.Engines["sqlitewasm"]; sw != nil {
		q := ratio(med(cold), med(sw.FirstCold))
		row("first live result cold ≤ 2× sqlite-wasm", x(q), q <= 2, q)
	}
	row("repeat visit ≤ 300 ms", num(med(repeat), "%.0f")+" ms", med(repeat) <= 300, med(repeat))
	for _, kind := range runKinds {
		w := med(totals(paced(r.WarmRuns[r.Scenarios.Median], kind.pause)))
		row("Run → painted ≤ 16 ms, median scenario, warm, "+kind.name, num(w, "%.1f")+" ms", w <= 16, w)
	}
	if ours, sq := r.Engines["go"], r.Engines["sqljs"]; ours != nil && sq != nil {
		for _, key := range []string{"go", "go-B"} {
			e := r.Engines[key]
			if e == nil {
				continue
			}
			q := ratio(med(e.Small), med(sq.Small))
			row("per statement median ≤ 2× sql.js ("+e.Name+")", x(q), q <= 2, q)
			worst := math.Max(ratio(med(e.Bulk), med(sq.Bulk)), math.Max(ratio(med(e.Scans["like"]), med(sq.Scans["like"])), ratio(med(e.Scans["groupBy"]), med(sq.Scans["groupBy"]))))
			row("bulk insert and scans ≤ 4× sql.js, worst of three ("+e.Name+")", x(worst), worst <= 4, worst)
		}
	}
	return b.String()
}

// runKinds are the two paces of make bench's warm Runs (warmRuns).
var runKinds = []struct {
	name  string
	pause time.Duration
}{{"after reading", readingPause}, {"back to back", backToBack}}

// paced are the Runs pressed after pause.
func paced(runs []runTime, pause time.Duration) []runTime {
	var out []runTime
	for _, rt := range runs {
		if time.Duration(rt.PauseMs)*time.Millisecond == pause {
			out = append(out, rt)
		}
	}
	return out
}

// totals are the Runs' whole times, press to painted.
func totals(runs []runTime) []float64 {
	out := make([]float64, len(runs))
	for i, rt := range runs {
		out[i] = rt.Total
	}
	return out
}

// rng prints the median of samples with their range: "12 [10–15]".
func rng(samples []float64, format string) string {
	s := summarize(samples)
	if s.N == 0 {
		return "n/a"
	}
	if s.N == 1 || s.Min == s.Max {
		return num(s.Median, format)
	}
	return num(s.Median, format) + " [" + num(s.Min, format) + "–" + num(s.Max, format) + "]"
}

func num(v float64, format string) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf(format, v)
}

func x(v float64) string { return num(v, "%.1f×") }

func mb(n int) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

// machine says what the numbers were taken on.
func machine() string {
	parts := []string{runtime.Version(), fmt.Sprintf("%d CPUs", runtime.NumCPU())}
	if out, err := exec.Command("/usr/bin/chromium", "--version").Output(); err == nil {
		parts = append(parts, strings.TrimSpace(string(out)))
	}
	return strings.Join(parts, ", ")
}
