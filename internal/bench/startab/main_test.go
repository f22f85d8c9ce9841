package main

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestReadTrace(t *testing.T) {
	// Thread 1 is the page's main thread, thread 2 a compiler thread; times
	// in µs as Chromium writes them.
	meta := `{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"CrRendererMain"}}`
	other := `{"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"ThreadPoolForegroundWorker"}}`
	task := func(ts, dur, tdur, tid int) string {
		return fmt.Sprintf(`{"ph":"X","name":"ThreadControllerImpl::RunTask","pid":1,"tid":%d,"ts":%d,"dur":%d,"tdur":%d}`, tid, ts, dur, tdur)
	}
	bytes := `{"ph":"X","name":"wasm.OnBytesReceived","pid":1,"tid":1,"ts":1100,"dur":50,"tdur":50}`
	finish := `{"ph":"X","name":"wasm.FinishStreaming","pid":1,"tid":1,"ts":3000,"dur":500,"tdur":400}`
	eager := func(n int) string {
		return fmt.Sprintf(`{"ph":"X","name":"wasm.CompilationAfterDeserialization","pid":1,"tid":1,"ts":3400,"dur":1,"args":{"num_eager_functions":%d}}`, n)
	}
	for _, tc := range []struct {
		name   string
		events []string
		want   traced
	}{
		{"no cached code", []string{meta, task(0, 500, 300, 1)}, traced{Eager: -1, MainCPU: 0.3}},
		{
			"download window",
			[]string{
				meta, other,
				task(0, 500, 300, 1),      // before the first bytes: the visit only
				task(1000, 200, 100, 1),   // holds the first bytes
				task(2900, 700, 450, 1),   // holds FinishStreaming
				task(5000, 100, 80, 1),    // after the module: the visit only
				task(1000, 9000, 5000, 2), // another thread: neither
				bytes, finish, eager(2749), eager(12),
			},
			traced{Eager: 2749, MainCPU: 0.93, LoadCPU: 0.55},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var raw []json.RawMessage
			for _, e := range tc.events {
				raw = append(raw, json.RawMessage(e))
			}
			got := readTrace(raw)
			near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
			if got.Eager != tc.want.Eager || !near(got.MainCPU, tc.want.MainCPU) || !near(got.LoadCPU, tc.want.LoadCPU) {
				t.Errorf("readTrace = %+v, want %+v", got, tc.want)
			}
		})
	}
}
