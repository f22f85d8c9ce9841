// Package devserver is the development server behind `dbquirks serve`: it
// serves a built site the way a good static host would and rebuilds it with
// internal/site whenever the files a build reads change. It owns the static
// file handler (Content-Types, gzip, cache headers), the change detector
// that polls those files, and the loop that rebuilds. The browser tests
// serve their builds with its Handler too.
//
// It runs on the developer's machine only and is never part of the wasm
// module: it imports net/http, which `make wasm-deps` keeps out of the
// browser build.
package devserver

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/dbquirks/dbquirks/internal/site"
)

// pollInterval is how often the server looks for changed sources;
// arbitrary, quick enough to feel immediate after saving a file.
const pollInterval = 500 * time.Millisecond

// Server serves one built site and rebuilds it when its sources change.
type Server struct {
	opt  site.Options
	log  io.Writer
	http *http.Server
	snap snapshot // the sources of the build being served
}

// Start builds the site that opt describes and serves its output folder on
// ln under its base path. When that first build fails there is nothing to
// serve: Start closes ln and returns the build's error.
func Start(ln net.Listener, opt site.Options) (*Server, error) {
	// Taken before the build, so that a file saved while it runs is rebuilt.
	snap := takeSnapshot(opt)
	res, err := site.Build(opt)
	if err != nil {
		ln.Close()
		return nil, err
	}
	log := opt.Log
	if log == nil {
		log = io.Discard
	}
	s := &Server{
		opt:  opt,
		log:  log,
		http: &http.Server{Handler: Handler(res.Out, res.Base), ReadHeaderTimeout: 10 * time.Second},
		snap: snap,
	}
	go s.http.Serve(ln)
	return s, nil
}

// RebuildOnChange rebuilds the site after every change to its sources until
// ctx ends, then stops serving, giving requests under way two seconds.
func (s *Server) RebuildOnChange(ctx context.Context) {
	s.watch(ctx)
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s.http.Shutdown(shutdown)
}

// watch polls the sources and rebuilds until ctx ends. A failed rebuild
// keeps the previous site online and says what is wrong. Once Go sources
// changed, builds run a freshly compiled dbquirks command, because this
// process's engine no longer matches the code the wasm module is built from.
func (s *Server) watch(ctx context.Context) {
	goChanged := false
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		next := takeSnapshot(s.opt)
		changed := next.changes(s.snap)
		if len(changed) == 0 {
			continue
		}
		// Let an editor or a git checkout finish writing.
		for settled := false; !settled; {
			time.Sleep(pollInterval)
			later := takeSnapshot(s.opt)
			settled = len(later.changes(next)) == 0
			next = later
		}
		changed = next.changes(s.snap)
		s.snap = next
		for _, p := range changed {
			goChanged = goChanged || isGoSource(p)
		}
		fmt.Fprintf(s.log, "changed: %s\n", summarize(changed))
		build := func() error { _, err := site.Build(s.opt); return err }
		if goChanged {
			build = func() error { return site.BuildWithFreshCommand(s.opt) }
		}
		if err := build(); err != nil {
			fmt.Fprintf(s.log, "rebuild failed; still serving the previous build:\n%v\n", err)
			continue
		}
		fmt.Fprintln(s.log, "rebuilt: reload the page")
	}
}

// summarize names the first few changed files and counts the rest.
func summarize(paths []string) string {
	const show = 3 // arbitrary: enough to recognize an edit
	if len(paths) <= show {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:show], ", "), len(paths)-show)
}
