package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		in                    []float64
		median, p95, min, max float64
	}{
		{[]float64{3}, 3, 3, 3, 3},
		{[]float64{4, 1, 3, 2}, 2.5, 3.85, 1, 4},
		{[]float64{10, 0, 5}, 5, 9.5, 0, 10},
	}
	for _, tt := range tests {
		s := summarize(tt.in)
		if s.N != len(tt.in) || s.Median != tt.median || math.Abs(s.P95-tt.p95) > 1e-9 || s.Min != tt.min || s.Max != tt.max {
			t.Errorf("summarize(%v) = %+v, want median %v p95 %v range %v–%v", tt.in, s, tt.median, tt.p95, tt.min, tt.max)
		}
	}
	if s := summarize(nil); s.N != 0 || !math.IsNaN(s.Median) {
		t.Errorf("summarize(nil) = %+v, want N 0 and NaN", s)
	}
	if got := rng([]float64{5, 1, 3}, "%.0f"); got != "3 [1–5]" {
		t.Errorf("rng = %q", got)
	}
	if got := x(ratio(3, 0)); got != "n/a" {
		t.Errorf("ratio by zero printed %q", got)
	}
}

// TestMarkdown checks that the report carries every figure it was given
// and judges the targets from them.
func TestMarkdown(t *testing.T) {
	r := &Report{Date: time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC), Reps: 2, Machine: "test machine",
		Sizes:     []SizeRow{{"our module as the site ships it", Sizes{Raw: 15_000_000, Gzip: 3_800_000, Brotli: 2_750_000}}},
		Scenarios: ScenarioPick{Median: "mid", MedianSteps: 5, Largest: "big", LargestSteps: 20, Count: 30}}
	sample := func(small, bulk float64) *engineResult {
		return &engineResult{SmallUs: []float64{small, small * 2}, BulkMs: bulk, FirstPageMs: 100,
			ScanMs: map[string][]float64{"like": {99, bulk / 10}, "groupBy": {99, bulk / 5}, "rows10k": {99, 7}}}
	}
	r.addEngine("go", "ours", sample(100, 400), 900, 600<<20, 0)
	r.addEngine("sqljs", "sql.js", sample(40, 60), 80, 190<<20, 1_500_000)
	r.addEngine("sqlitewasm", "sqlite-wasm", sample(10, 50), 150, 170<<20, 900_000)
	r.Reader = []ReaderSample{{FCP: 90, Bytes: 250_000}}
	r.Embed = []EmbedSample{{Bytes: 40_000}}
	r.addLive("cold", 90, 500, startParts{ToFetch: 10, Compile: 200, ToSpawn: 5, GoStart: 100, FirstRun: 80}, 9_300_000)
	r.addLive("repeat", 60, 250, startParts{ToFetch: 10, Compile: 50, ToSpawn: 5, GoStart: 90, FirstRun: 40}, 0)
	r.addWarmRuns("mid", []runTime{
		{Total: 12, Go: 6, Call: 7, Show: 2, After: 1, Before: 0.5, Frame: 11, Painted: 11.5, PauseMs: 1000, Spare: true},
		{Total: 40, Go: 30, Call: 33, Show: 2, After: 1, Before: 0.5, Frame: 39, Painted: 39.5, PauseMs: 50},
		{Total: 14, Go: 7, Call: 8, Show: 3, After: 1, Before: 0.5, Frame: 13, Painted: 13.5, PauseMs: 1000, Spare: true},
		{Total: 30, Go: 20, Call: 23, Show: 4, After: 1, Before: 0.5, Frame: 29, Painted: 29.5, PauseMs: 1000}})
	r.addLead("press", 800)
	r.PGlite = []PGliteSample{{20, 8}, {24, 9}, {22, 12}}
	r.Load = []float64{1.5, 3.5}
	md := r.Markdown()
	for _, want := range []string{
		"| our module as the site ships it | 15.00 MB | 3.80 MB | 2.75 MB |",
		"| bytes transferred | 250 KB |",
		"| our site | 90 | 500 | 60 | 250 | 9300 |",
		"| sql.js | | 80 | | 100 | 1500 |",
		"after a\nfirst visit that stayed 10 s after its work",
		"compile, PostgreSQL's initdb, the run) 22.0 [20.0–24.0] s; next click 9.0 [8.0–12.0] s.",
		"| cold | 10 | 200 | 5 | 100 | 80 | 105 |",
		"The machine's load average (1 minute) during the run: 2.5 [1.5–3.5]",
		"| `mid` | after reading | 14.0 ms | 28.4 ms | 12.0–30.0 ms | 2 of 3 | 0.5 ms | 7.0 ms | 1.0 ms | 3.0 ms | 1.0 ms | 1.0 ms | 0.5 ms |",
		"| `mid` | back to back | 40.0 ms | 40.0 ms | 40.0–40.0 ms | 0 of 1 | 0.5 ms | 30.0 ms | 3.0 ms | 2.0 ms | 1.0 ms | 3.0 ms | 0.5 ms |",
		"| Run → painted ≤ 16 ms, median scenario, warm, after reading | 14.0 ms | met |",
		"| Run → painted ≤ 16 ms, median scenario, warm, back to back | 40.0 ms | not met |",
		"| ours | 150.0 µs |",
		"| ours | 2.5× | 6.7× |",
		"| module ≤ 2.0 MB brotli | 2.75 MB | not met |",
		"| reader who only reads ≤ 300 KB | 250 KB | met |",
		"| an embed never run fetches no engine | 0 .wasm requests (most in a repetition) | met |",
		"| first live result cold ≤ 2× sqlite-wasm | 3.3× | not met |",
		"| repeat visit ≤ 300 ms | 250 ms | met |",
		"| per statement median ≤ 2× sql.js (ours) | 2.5× | not met |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q; it is:\n%s", want, md)
		}
	}
}

func TestParsePGlite(t *testing.T) {
	got, err := parsePGlite("goos: linux\nBenchmarkPGliteFirstAnswer-2   \t       1\t47794792323 ns/op\t        23.12 s-cold\t         9.371 s-warm\nPASS\n")
	if err != nil || len(got) != 1 || got[0] != (PGliteSample{23.12, 9.371}) {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := parsePGlite("BenchmarkPGliteFirstAnswer-2 1 5 ns/op 3 s-cold\n"); err == nil {
		t.Errorf("a line without s-warm was read")
	}
	if _, err := parsePGlite("FAIL\n"); err == nil {
		t.Errorf("no result was read as a result")
	}
}
