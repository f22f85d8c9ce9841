package play

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

// BenchmarkRunPhases splits one Run of the page (dbquirks.play) into its
// phases, to see where a warm Run's time goes under WebAssembly:
//
//	GOOS=js GOARCH=wasm go test -run '^$' -bench RunPhases -gcflags=github.com/ncruces/go-sqlite3-wasm/v5=-B \
//	  -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./internal/play
func BenchmarkRunPhases(b *testing.B) {
	for _, id := range []string{"sqlite-like-ascii-case", "sqlite-decimal-real"} {
		file := filepath.Join(scenarios, id+".md")
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		recs, err := lane.Load(scenarios, id)
		if len(recs) == 0 {
			b.Fatalf("%s: no recordings", id)
		}
		if err != nil {
			b.Fatal(err)
		}
		recJSON, err := json.Marshal(recs)
		if err != nil {
			b.Fatal(err)
		}
		sc, err := scenario.Parse(file, src)
		if err != nil {
			b.Fatal(err)
		}
		opt := Options{HTML: true, Recordings: recs}
		b.Run(id+"/decode-recordings", func(b *testing.B) {
			for b.Loop() {
				lane.Decode(string(recJSON))
			}
		})
		b.Run(id+"/parse", func(b *testing.B) {
			for b.Loop() {
				scenario.Parse(file, src)
			}
		})
		b.Run(id+"/engine", func(b *testing.B) {
			for b.Loop() {
				engine.Run(b.Context(), sc, opt.Engine)
			}
		})
		// The engine taking connections opened ahead (engine.Spare), as
		// the page's Run does once the worker has had them prepared; the
		// opening is outside the timer, as it is outside the Run.
		b.Run(id+"/engine-spare", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				spare, err := engine.OpenSpare(sc.Meta.Storage, len(sc.Meta.Connections), opt.Engine)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				engine.RunWithSpare(b.Context(), sc, opt.Engine, spare)
			}
		})
		o := Scenario(b.Context(), sc, Options{Recordings: recs})
		b.Run(id+"/markup", func(b *testing.B) {
			for b.Loop() {
				markup(sc.ID, o.Document, o.Transcript, o.Lanes, opt)
			}
		})
		o = Scenario(b.Context(), sc, opt)
		b.Run(id+"/json", func(b *testing.B) {
			for b.Loop() {
				json.Marshal(o.Play)
			}
		})
		// Last, so that the phases above have warmed the engine's code up
		// (the first benchmark in a WebAssembly run pays for compiling it).
		b.Run(id+"/whole", func(b *testing.B) {
			for b.Loop() {
				r, _ := lane.Decode(string(recJSON))
				o := Play(b.Context(), file, src, Options{HTML: true, Recordings: r})
				if _, err := json.Marshal(o.Play); err != nil {
					b.Fatal(err)
				}
			}
		})
		// whole as the page's Run again does it: the source parsed by the
		// Run before (LastParse), connections prepared and garbage
		// collected while idle (the module's dbquirks.prepare: Standby and
		// runtime.GC, outside the timer).
		b.Run(id+"/whole-again", func(b *testing.B) {
			var standby Standby
			defer standby.Close()
			var parsed LastParse
			Play(b.Context(), file, src, Options{Standby: &standby, Parsed: &parsed})
			for b.Loop() {
				b.StopTimer()
				if err := standby.Prepare(); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				b.StartTimer()
				r, _ := lane.Decode(string(recJSON))
				o := Play(b.Context(), file, src, Options{HTML: true, Recordings: r, Standby: &standby, Parsed: &parsed})
				if _, err := json.Marshal(o.Play); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
