//go:build js

// Command wasm is the dbquirks engine compiled to WebAssembly. It runs inside
// a Web Worker (web/worker.js) and puts one object on globalThis:
//
//	dbquirks.version         number: wire.Version, the one version of everything
//	                         that crosses (payloads, these functions, page data)
//	dbquirks.engineVersion   string: engine.Version
//	dbquirks.play(source, id, base, recordings, flip, shown)  Promise<wire.Play>:
//	                         one parse, one run and the run's markup
//	                         (internal/play); a scenario with mistakes resolves
//	                         too, with its diagnostics. The result's run number
//	                         names it for the exports. recordings is the page
//	                         data's scenario.recordings as JSON, or "": the
//	                         recorded lanes shown beside SQLite's results; flip
//	                         names a flip to play again with (or ""); shown is
//	                         the shape of the article on the page (or ""), whose
//	                         markup the answer then leaves out.
//	dbquirks.prepare()       Promise<undefined>: opens the next play's database
//	                         and connections (play.Standby), shaped like the
//	                         last play's, and collects garbage; the worker
//	                         asks after posting a Run's answer. Not counted
//	                         by counters().
//	dbquirks.warmup()        Promise<{elapsedMs, failures, stopped?}>: plays a
//	                         small built-in scenario once, so that the browser
//	                         compiles the engine before a visitor's first Run
//	dbquirks.linkEncode(source, base, digest, baseSource)
//	                         Promise<{fragment, length, warn, digest}>: a permalink
//	                         fragment ("v1.…" or "v2.…", no "#") for an edited
//	                         scenario; base is the built-in id it came from or
//	                         ""; digest is a finished run's wire.Play.Digest, or
//	                         ""; baseSource is base's own source, "" when the
//	                         page lacks it (then the link holds the whole source)
//	dbquirks.linkDecode(fragment, id, source)
//	                         Promise<{source, base, engine, digest}>: id and
//	                         source are the page's own scenario, which a v2
//	                         link's changes apply to ("" on the gallery)
//	dbquirks.exportMarkdown(run, permalink)   Promise<string>
//	dbquirks.exportDjangoTest(run, permalink) Promise<string>
//	dbquirks.exportCSV(run, step, statement)  Promise<string>: one statement's
//	                         rows; step 1-based, statement 0-based
//	dbquirks.lanePlan(run, lane)   Promise<wire.LivePlan>: what the live lane
//	                         ("postgres", PGlite) sends for each step of a run
//	dbquirks.laneResult(run, lane, answer)   Promise<wire.LiveLane>: the PGlite
//	                         worker's answer (JSON text, wire.LiveAnswer) as lane
//	                         steps and each step's markup
//	dbquirks.counters()      {calls, parses, spares}: calls into these functions,
//	                         scenario parses and plays handed a prepared spare
//	                         so far (not a Promise; not counted)
//	dbquirks.shutdown()      releases every function and ends the program
//
// Arguments are strings (numbers are read as their decimal text). The
// exports take the run number of a play this module kept (the last 16); an
// unknown one rejects with an Error named "UnknownRun", and the page plays
// its source again. Every other failure (a damaged link, a scenario too big
// to share) rejects with an Error whose message is a sentence meant to be
// shown as it is, as text.
//
// This is the only package that imports syscall/js (the Makefile checks).
package main

import (
	"context"
	"syscall/js"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/wire"
)

func main() {
	b := &bridge{done: make(chan struct{})}
	js.Global().Set("dbquirks", install(b))

	// Go exits when main returns, and a worker calls these functions for as
	// long as it lives: wait until shutdown, then give every function back.
	<-b.done
	js.Global().Delete("dbquirks")
	b.releaseAll()
	standby.Close()
}

// install builds the API object; its functions are b's to release.
func install(b *bridge) js.Value {
	api := js.Global().Get("Object").New()
	api.Set("version", wire.Version)
	api.Set("engineVersion", engine.Version)
	api.Set("play", b.async(func(a []string) ([]byte, error) {
		return playJSON(context.Background(), a[0], a[1], a[2], a[3], a[4], a[5])
	}))
	api.Set("warmup", b.async(func([]string) ([]byte, error) { return warmupJSON(context.Background()) }))
	api.Set("linkEncode", b.async(func(a []string) ([]byte, error) { return linkEncodeJSON(a[0], a[1], a[2], a[3]) }))
	api.Set("linkDecode", b.async(func(a []string) ([]byte, error) { return linkDecodeJSON(a[0], a[1], a[2]) }))
	api.Set("exportMarkdown", b.asyncString(func(a []string) (string, error) { return exportMarkdown(a[0], a[1]) }))
	api.Set("exportDjangoTest", b.asyncString(func(a []string) (string, error) { return exportDjangoTest(a[0], a[1]) }))
	api.Set("exportCSV", b.asyncString(func(a []string) (string, error) { return exportCSV(a[0], a[1], a[2]) }))
	api.Set("lanePlan", b.async(func(a []string) ([]byte, error) { return lanePlanJSON(a[0], a[1]) }))
	api.Set("laneResult", b.async(func(a []string) ([]byte, error) { return laneResultJSON(a[0], a[1], a[2]) }))
	// Not a call of the page's, so not counted (b.fn, not b.async): a Run
	// stays one call into the module.
	api.Set("prepare", b.fn(func(js.Value, []js.Value) any {
		return newPromise(func() (js.Value, error) { return js.Undefined(), prepareNext() })
	}))
	api.Set("counters", b.fn(func(js.Value, []js.Value) any {
		out, _ := countersJSON()
		return js.Global().Get("JSON").Call("parse", string(out))
	}))
	api.Set("shutdown", b.fn(func(js.Value, []js.Value) any {
		close(b.done)
		return nil
	}))
	return api
}
