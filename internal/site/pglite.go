package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// PGlite (PostgreSQL compiled to WebAssembly) is the page's live
// PostgreSQL lane. It is an npm package pinned by web/pglite's lockfile and
// installed by `make pglite` (npm ci); the build bundles its worker
// (web/pglite/pglite-worker.js) and copies its binaries under hashed names,
// so nothing comes from a third party at run time. The page fetches them
// only when a reader asks for the lane.

// pgliteDir is where the package is installed, under the repository.
const pgliteDir = "web/pglite/node_modules/@electric-sql/pglite/dist"

// pgliteWorkerEntry is the lane's worker, bundled as a module worker.
const pgliteWorkerEntry = "web/pglite/pglite-worker.js"

// PGliteAssets are the URLs of the live lane's files and their sizes (for
// the download's progress bar).
type PGliteAssets struct {
	Worker      string `json:"worker"`
	Wasm        string `json:"wasm"`
	WasmBytes   int64  `json:"wasmBytes"`
	Initdb      string `json:"initdb"`
	InitdbBytes int64  `json:"initdbBytes"`
	Data        string `json:"data"`
	DataBytes   int64  `json:"dataBytes"`
}

// pgliteFiles copies PGlite's binaries into the output under hashed names.
func (b *builder) pgliteFiles(a *PGliteAssets) error {
	read := func(name string) ([]byte, error) {
		data, err := os.ReadFile(filepath.Join(b.opt.Root, filepath.FromSlash(pgliteDir), name))
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("PGlite is not installed (%s/%s is missing): run `make pglite` (npm ci in web/pglite)", pgliteDir, name)
		}
		return data, err
	}
	for _, f := range []struct {
		name, prefix, ext string
		url               *string
		size              *int64
	}{
		{"pglite.wasm", "assets/pglite", ".wasm", &a.Wasm, &a.WasmBytes},
		{"initdb.wasm", "assets/pglite-initdb", ".wasm", &a.Initdb, &a.InitdbBytes},
		{"pglite.data", "assets/pglite", ".data", &a.Data, &a.DataBytes},
	} {
		data, err := read(f.name)
		if err != nil {
			return err
		}
		*f.url = b.opt.Base + b.hashed(f.prefix, f.ext, data)
		*f.size = int64(len(data))
	}
	return nil
}
