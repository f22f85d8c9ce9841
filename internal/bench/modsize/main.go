// Command modsize says where the engine's module's bytes are: the
// translated SQLite's code, the rest of the code by who wrote it, and the
// data section, each compressed alone with brotli. It builds ./wasm as the
// site does (internal/site: -trimpath, -B for the translated SQLite) but
// keeps the name section (no -ldflags=-s), which names every function by
// its package; the code and data are those of the shipped module.
//
//	go run ./internal/bench/modsize [-module file.wasm]
//
// internal/bench/notes.md ("Size") has what it measured.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/dbquirks/dbquirks/internal/site"
)

// parts name the module's code by the prefix of its functions' names (the
// package path with "/" written "_"); the first that matches counts.
var parts = []struct{ name, prefix string }{
	{"SQLite translated to Go (go-sqlite3-wasm)", "github.com_ncruces_go_sqlite3_wasm_"},
	{"go-sqlite3's Go side, its VFSes", "github.com_ncruces_"},
	{"ours (github.com/dbquirks)", "github.com_dbquirks_"},
	{"goldmark (Markdown)", "github.com_yuin_"},
	{"YAML", "go.yaml.in_"},
	{"Go's runtime", "runtime."},
	{"Go's runtime", "internal_runtime_"},
	{"the standard library", ""},
}

func main() {
	file := flag.String("module", "", "a module built with its name section (default: build ./wasm)")
	flag.Parse()
	if err := run(*file); err != nil {
		fmt.Fprintln(os.Stderr, "modsize:", err)
		os.Exit(1)
	}
}

func run(file string) error {
	if file == "" {
		dir, err := os.MkdirTemp("", "modsize-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		file = filepath.Join(dir, "module.wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-w -buildid=", site.NoBoundsChecks, "-o", file, "./wasm")
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building ./wasm: %w", err)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	m, err := parse(b)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	code := map[string]*bytes.Buffer{}
	count := map[string]int{}
	unnamed := 0
	for _, f := range m.funcs {
		if f.name == "" {
			unnamed++
		}
		p := partOf(f.name)
		if code[p] == nil {
			code[p] = &bytes.Buffer{}
		}
		code[p].Write(f.body)
		count[p]++
	}
	if unnamed == len(m.funcs) {
		return fmt.Errorf("%s has no function names: build it without -ldflags=-s", file)
	}
	type row struct {
		name       string
		n          int
		raw, brotl int
	}
	var rows []row
	for p, buf := range code {
		rows = append(rows, row{p, count[p], buf.Len(), compressed(buf.Bytes())})
	}
	slices.SortFunc(rows, func(a, b row) int { return b.brotl - a.brotl })
	rows = append(rows, row{"data section (Go's tables of every function and type, strings, SQLite's data)", 0, len(m.data), compressed(m.data)})
	total := 0
	for _, r := range rows {
		total += r.brotl
	}
	fmt.Printf("%s: %d functions; each part compressed alone with brotli at quality 6\n\n", file, len(m.funcs))
	fmt.Println("| part | functions | raw | brotli | share |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		n := ""
		if r.n > 0 {
			n = fmt.Sprint(r.n)
		}
		fmt.Printf("| %s | %s | %.2f MB | %.2f MB | %.0f %% |\n", r.name, n, mb(r.raw), mb(r.brotl), 100*float64(r.brotl)/float64(total))
	}
	fmt.Printf("\nSections (raw): %s\n", sections(m.sections))
	return nil
}

// partOf names the part of the module a function of that name is in.
func partOf(name string) string {
	for _, p := range parts {
		if strings.HasPrefix(name, p.prefix) {
			return p.name
		}
	}
	return parts[len(parts)-1].name
}

func compressed(b []byte) int {
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, 6)
	w.Write(b)
	w.Close()
	return out.Len()
}

func sections(s map[string]int) string {
	var names []string
	for n := range s {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return s[b] - s[a] })
	var out []string
	for _, n := range names {
		out = append(out, fmt.Sprintf("%s %.2f MB", n, mb(s[n])))
	}
	return strings.Join(out, ", ")
}

func mb(n int) float64 { return float64(n) / 1e6 }
