//go:build js

// Command wasm is the dbquirks engine compiled to WebAssembly. It runs inside
// a Web Worker (web/worker.js) and puts one object on globalThis:
//
//	dbquirks.apiVersion      number: APIVersion
//	dbquirks.wireVersion     number: wire.Version, the payloads' version
//	dbquirks.engineVersion   string: engine.Version
//	dbquirks.parse(source, id) Promise<Document>
//	dbquirks.run(source, id)   Promise<Transcript>
//	dbquirks.warmup()          Promise<{elapsedMs, failures, stopped?}>: plays a
//	                           small built-in scenario once, so that the browser
//	                           compiles the engine before a visitor's first Run
//	dbquirks.linkEncode(source, base, transcriptJSON)
//	                           Promise<{fragment, length, warn, digest}>: a permalink
//	                           fragment ("v1.…", no "#") for an edited scenario;
//	                           base is the built-in id it came from or ""; the
//	                           digest of the results is recorded only for a run
//	                           that finished (transcriptJSON may be "")
//	dbquirks.linkDecode(fragment)   Promise<{source, base, engine, digest}>
//	dbquirks.resultDigest(transcriptJSON)  Promise<string>
//	dbquirks.exportMarkdown(documentJSON, transcriptJSON, permalink)   Promise<string>
//	dbquirks.exportDjangoTest(documentJSON, transcriptJSON, permalink) Promise<string>
//	dbquirks.exportCSV(transcriptJSON, step, statement)  Promise<string>: one
//	                           statement's rows; step 1-based, statement 0-based,
//	                           both as decimal strings
//	dbquirks.shutdown()      releases every function and ends the program
//
// Every argument is a string; JSON arguments are the JSON of the objects the
// page received. Payloads are the JSON of package wire, the same bytes
// the command line prints with --json. A scenario with mistakes rejects with an Error
// whose message lists them and whose diagnostics property holds them as
// Diagnostic objects, so a page can point at line and column. Every other
// failure (a damaged link, a scenario too big to share) rejects with an Error
// whose message is a sentence meant to be shown as it is, as text.
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
}

// install builds the API object; its functions are b's to release.
func install(b *bridge) js.Value {
	api := js.Global().Get("Object").New()
	api.Set("apiVersion", APIVersion)
	api.Set("wireVersion", wire.Version)
	api.Set("engineVersion", engine.Version)
	api.Set("parse", b.async(func(args []string) ([]byte, error) {
		return parseJSON(args[0], args[1])
	}))
	api.Set("run", b.async(func(args []string) ([]byte, error) {
		return runJSON(context.Background(), args[0], args[1])
	}))
	api.Set("warmup", b.async(func([]string) ([]byte, error) {
		return warmupJSON(context.Background())
	}))
	api.Set("linkEncode", b.async(func(a []string) ([]byte, error) { return linkEncodeJSON(a[0], a[1], a[2]) }))
	api.Set("linkDecode", b.async(func(a []string) ([]byte, error) { return linkDecodeJSON(a[0]) }))
	api.Set("resultDigest", b.asyncString(func(a []string) (string, error) { return resultDigest(a[0]) }))
	api.Set("exportMarkdown", b.asyncString(func(a []string) (string, error) { return exportMarkdown(a[0], a[1], a[2]) }))
	api.Set("exportDjangoTest", b.asyncString(func(a []string) (string, error) { return exportDjangoTest(a[0], a[1], a[2]) }))
	api.Set("exportCSV", b.asyncString(func(a []string) (string, error) { return exportCSV(a[0], a[1], a[2]) }))
	api.Set("shutdown", b.fn(func(js.Value, []js.Value) any {
		close(b.done)
		return nil
	}))
	return api
}
