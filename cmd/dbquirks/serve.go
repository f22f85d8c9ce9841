package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/dbquirks/dbquirks/internal/devserver"
	"github.com/dbquirks/dbquirks/internal/site"
)

// pollInterval is how often serve looks for changed sources; arbitrary,
// quick enough to feel immediate after saving a file.
const pollInterval = 500 * time.Millisecond

const serveUsage = "serve [--addr HOST:PORT] [--dir DIR] [--out DIR] [--base PATH]"

// serveCmd builds the site, serves it, and rebuilds it whenever its sources
// change, until interrupted.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := fs.String("dir", "scenarios", "folder of scenario files")
	out := fs.String("out", "dist", "output folder (replaced as a whole)")
	base := fs.String("base", "/", "path to serve the site under")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: dbquirks "+serveUsage)
		return 2
	}
	cleanBase, err := site.CleanBase(*base)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks serve:", err)
		return 2
	}
	opt := site.Options{Out: *out, Base: cleanBase, Scenarios: *dir, Log: stderr}

	// Listen first: a busy port should fail before a minute of building.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "dbquirks serve: cannot listen on %s: %v (choose another with --addr 127.0.0.1:8081)\n", *addr, err)
		return 1
	}
	snap := site.Take(opt)
	if _, err := site.Build(opt); err != nil {
		fmt.Fprintln(stderr, "dbquirks serve:", err)
		return 1
	}
	srv := &http.Server{Handler: devserver.Handler(*out, cleanBase), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	fmt.Fprintf(stdout, "serving http://%s%s\nrebuilding when web/, index.html, %s or Go sources change; Ctrl+C to stop\n", ln.Addr(), cleanBase, *dir)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	watch(ctx, opt, snap, stderr)
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	return 0
}

// watch rebuilds after every change until ctx ends. A failed rebuild keeps
// the previous site online and says what is wrong. Once Go sources changed,
// builds run a freshly compiled dbquirks command, because this process's
// engine no longer matches the code the wasm module is built from.
func watch(ctx context.Context, opt site.Options, snap site.Snapshot, log io.Writer) {
	goChanged := false
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		next := site.Take(opt)
		changed := next.Changes(snap)
		if len(changed) == 0 {
			continue
		}
		// Let an editor or a git checkout finish writing.
		for settled := false; !settled; {
			time.Sleep(pollInterval)
			later := site.Take(opt)
			settled = len(later.Changes(next)) == 0
			next = later
		}
		changed = next.Changes(snap)
		snap = next
		for _, p := range changed {
			goChanged = goChanged || site.IsGoSource(p)
		}
		fmt.Fprintf(log, "changed: %s\n", summarize(changed))
		build := func() error { _, err := site.Build(opt); return err }
		if goChanged {
			build = func() error { return site.BuildWithFreshCommand(opt) }
		}
		if err := build(); err != nil {
			fmt.Fprintf(log, "rebuild failed; still serving the previous build:\n%v\n", err)
			continue
		}
		fmt.Fprintln(log, "rebuilt: reload the page")
	}
}

func summarize(paths []string) string {
	const show = 3 // arbitrary: enough to recognize an edit
	if len(paths) <= show {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:show], ", "), len(paths)-show)
}
