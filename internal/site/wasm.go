package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// wasmEnv and wasmArgs are the browser build: the same flags as the
// Makefile's release build, so that a module is byte-for-byte reproducible
// and its content hash only changes when its inputs do. NoBoundsChecks
// is part of it.
var (
	wasmEnv  = []string{"GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0"}
	wasmArgs = []string{"-trimpath", "-ldflags=-s -w -buildid=", NoBoundsChecks}
)

// NoBoundsChecks compiles SQLite translated to Go (and only it) without
// bounds checks, as unchecked as the C SQLite that sql.js and the official
// sqlite-wasm ship, inside the same WebAssembly sandbox: the module is
// about 30 % smaller and SQL 25-50 % faster. docs/benchmarks.md gives the
// measurements and the tests it passes that way; `make wasm-test` runs
// ours with it.
const NoBoundsChecks = "-gcflags=github.com/ncruces/go-sqlite3-wasm/v5=-B"

// toolchain is the go command the module is built with and what it reports
// about itself.
type toolchain struct {
	tool, goroot, version string
	settings              string // environment that changes the output
}

func newToolchain(name string) (*toolchain, error) {
	tool, err := goTool(name)
	if err != nil {
		return nil, err
	}
	out, err := goCmd(tool, "", wasmEnv, "env", "GOROOT", "GOVERSION", "GOFLAGS", "GOWASM", "GOEXPERIMENT")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) < 2 || lines[0] == "" {
		return nil, fmt.Errorf("%s env: unexpected output %q", tool, out)
	}
	return &toolchain{tool: tool, goroot: lines[0], version: lines[1], settings: string(out)}, nil
}

// wasmExec reads the JavaScript glue that loads a module built by this
// toolchain.
func (tc *toolchain) wasmExec() ([]byte, error) {
	p := filepath.Join(tc.goroot, "lib", "wasm", "wasm_exec.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("wasm_exec.js of %s: %w (Go 1.24 or newer keeps it in GOROOT/lib/wasm)", tc.version, err)
	}
	return b, nil
}

// buildWasm compiles ./wasm under root. With a cache directory, a module
// whose inputs are unchanged is reused: go's own build cache already makes a
// rebuild quick, but linking 20 MB still costs a second on every rebuild
// that only touched web/ files.
func (tc *toolchain) buildWasm(root, cacheDir string) ([]byte, error) {
	var cached string
	if cacheDir != "" {
		key, err := tc.inputKey(root)
		if err != nil {
			return nil, err
		}
		cached = filepath.Join(cacheDir, "wasm-"+key+".wasm")
		if b, err := os.ReadFile(cached); err == nil {
			return b, nil
		}
	}
	tmp, err := os.CreateTemp("", "dbquirks-*.wasm")
	if err != nil {
		return nil, err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	args := append(append([]string{"build"}, wasmArgs...), "-o", tmp.Name(), "./wasm")
	if _, err := goCmd(tc.tool, root, wasmEnv, args...); err != nil {
		return nil, fmt.Errorf("building the wasm module: %w", err)
	}
	b, err := os.ReadFile(tmp.Name())
	if err != nil {
		return nil, err
	}
	if cached != "" {
		// A cache that cannot be written only costs time.
		_ = writeCache(cached, b)
	}
	return b, nil
}

// listedPackage is what inputKey needs from `go list -json`.
type listedPackage struct {
	ImportPath string
	Dir        string
	Standard   bool
	GoFiles    []string
	EmbedFiles []string
	Module     *listedModule
}

type listedModule struct {
	Path, Version string
	Main          bool
	Replace       *listedModule
}

// inputKey hashes everything the module is built from: the toolchain and
// its settings, the build flags, go.mod and go.sum, the source of every
// package of this module (and of locally replaced ones), and the version of
// every other module, whose content the module cache keeps immutable.
func (tc *toolchain) inputKey(root string) (string, error) {
	out, err := goCmd(tc.tool, root, wasmEnv, "list", "-deps", "-json=ImportPath,Dir,Standard,GoFiles,EmbedFiles,Module", "./wasm")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%q\n", tc.settings, wasmArgs)
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := hashFile(h, root, f); err != nil {
			return "", err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return "", fmt.Errorf("go list: %w", err)
		}
		if err := hashPackage(h, p); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

func hashPackage(h io.Writer, p listedPackage) error {
	fmt.Fprintf(h, "package %s\n", p.ImportPath)
	m := p.Module
	switch {
	case p.Standard:
		return nil // covered by the toolchain's version
	case m != nil && m.Replace != nil && m.Replace.Version != "":
		fmt.Fprintf(h, "module %s@%s => %s@%s\n", m.Path, m.Version, m.Replace.Path, m.Replace.Version)
		return nil
	case m != nil && !m.Main && m.Replace == nil:
		fmt.Fprintf(h, "module %s@%s\n", m.Path, m.Version)
		return nil
	}
	for _, f := range slices.Concat(p.GoFiles, p.EmbedFiles) {
		if err := hashFile(h, p.Dir, f); err != nil {
			return err
		}
	}
	return nil
}

func hashFile(h io.Writer, dir, name string) error {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(h, "file %s\n", name)
	_, err = io.Copy(h, f)
	return err
}

// writeCache stores a module and keeps only the few newest, so that the
// cache does not grow by 20 MB per edit.
func writeCache(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeFileAtomic(path, b); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "wasm-*.wasm"))
	slices.SortFunc(old, func(a, b string) int { return modTime(b).Compare(modTime(a)) })
	const keep = 3 // arbitrary: a few recent versions to switch between
	for i, p := range old {
		if i >= keep && p != path {
			os.Remove(p)
		}
	}
	return nil
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
