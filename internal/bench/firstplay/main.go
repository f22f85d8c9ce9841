// Command firstplay plays one scenario file a few times in a fresh process
// and prints how long each play took. Built for GOOS=js and run by Node, it
// is the first play of a page without the browser, so that V8's flags can
// separate compiling from running (run natively, it is the floor). Build
// and run it with the site's flags:
//
//	GOOS=js GOARCH=wasm go build -gcflags=github.com/ncruces/go-sqlite3-wasm/v5=-B -o /tmp/fp.wasm ./internal/bench/firstplay
//	node [--liftoff-only | --no-wasm-lazy-compilation | --v8-pool-size=1 ...] \
//		$(go env GOROOT)/lib/wasm/wasm_exec_node.js /tmp/fp.wasm scenarios/mariadb-pad-space.md
//
// GODEBUG=inittrace=1 adds each package's initialisation;
// node --trace-wasm-compilation-times lists every function V8 compiled,
// with its tier and time (names come from the module's name section: build
// without -ldflags=-s). internal/bench/notes.md has what it measured.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dbquirks/dbquirks/internal/play"
)

// plays is how many times the scenario is played: the first is the cold
// one, the later ones show when V8's optimised code arrives.
const plays = 5

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: firstplay SCENARIO.md")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "firstplay:", err)
		os.Exit(1)
	}
	id := strings.TrimSuffix(filepath.Base(os.Args[1]), ".md")
	for i := range plays {
		start := time.Now()
		o := play.Play(context.Background(), play.FileName(id), src, play.Options{HTML: true, From: "live"})
		if len(o.Diagnostics) > 0 {
			fmt.Fprintf(os.Stderr, "firstplay: %s has mistakes: %v\n", os.Args[1], o.Diagnostics)
			os.Exit(1)
		}
		fmt.Printf("play %d: %.1f ms\n", i, float64(time.Since(start).Microseconds())/1000)
	}
}
