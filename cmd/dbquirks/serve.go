package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/dbquirks/dbquirks/internal/devserver"
	"github.com/dbquirks/dbquirks/internal/site"
)

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
	srv, err := devserver.Start(ln, opt)
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks serve:", err)
		return 1
	}
	fmt.Fprintf(stdout, "serving http://%s%s\nrebuilding when web/, index.html, %s or Go sources change; Ctrl+C to stop\n", ln.Addr(), cleanBase, *dir)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv.RebuildOnChange(ctx)
	return 0
}
