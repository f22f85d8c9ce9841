package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/dbquirks/dbquirks/internal/site"
)

const buildUsage = "build [--out DIR] [--base PATH] [--dir DIR] [--no-cache] [--precompress=false]"

// buildCmd writes the static site. It fails, with every diagnostic, when a
// scenario does not parse or does not hold.
func buildCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "dist", "output folder (replaced as a whole)")
	base := fs.String("base", "/", "path the site is served under, e.g. /dbquirks/")
	dir := fs.String("dir", "scenarios", "folder of scenario files")
	noCache := fs.Bool("no-cache", false, "always rebuild the wasm module")
	precompress := fs.Bool("precompress", true, "write .gz and .br beside the hashed assets (brotli's best quality: minutes for a new module)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: dbquirks "+buildUsage)
		return 2
	}
	res, err := site.Build(site.Options{Out: *out, Base: *base, Scenarios: *dir, NoCache: *noCache, Precompress: *precompress, Log: stderr})
	if err != nil {
		fmt.Fprintln(stderr, "dbquirks build:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d scenario pages, wasm %s (%s)\n", res.Out, len(res.Scenarios), res.Assets.Wasm, megabytes(res.Assets.WasmBytes))
	return 0
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
