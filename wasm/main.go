//go:build js

// Command wasm is the dbquirks engine compiled to WebAssembly. It runs inside
// a Web Worker (web/worker.js) and puts one object on globalThis:
//
//	dbquirks.apiVersion      number: APIVersion
//	dbquirks.wireVersion     number: transcript.Version, the payloads' version
//	dbquirks.engineVersion   string: engine.Version
//	dbquirks.parse(source, id) Promise<Document>
//	dbquirks.run(source, id)   Promise<Transcript>
//	dbquirks.warmup()          Promise<{elapsedMs, failures, stopped?}>: plays a
//	                           small built-in scenario once, so that the browser
//	                           compiles the engine before a visitor's first Run
//	dbquirks.shutdown()      releases every function and ends the program
//
// Payloads are the JSON of package transcript, the same bytes the command
// line prints with --json. A scenario with mistakes rejects with an Error
// whose message lists them and whose diagnostics property holds them as
// Diagnostic objects, so a page can point at line and column.
//
// This is the only package that imports syscall/js (the Makefile checks).
package main

import (
	"context"
	"syscall/js"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/transcript"
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
	api.Set("wireVersion", transcript.Version)
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
	api.Set("shutdown", b.fn(func(js.Value, []js.Value) any {
		close(b.done)
		return nil
	}))
	return api
}
