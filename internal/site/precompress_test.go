package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestPrecompress: every hashed script, style and module gets a .gz and a
// .br that decode to it; pages and other files get none; a second build
// takes them from the cache.
func TestPrecompress(t *testing.T) {
	module := bytes.Repeat([]byte("\x00asm translated SQLite "), 2000)
	for _, cache := range []string{"", t.TempDir()} {
		b := &builder{opt: Options{CacheDir: cache}, files: map[string][]byte{
			"assets/dbquirks-1.wasm": module,
			"assets/app-2.js":        []byte(strings.Repeat("export const x = 1;\n", 50)),
			"assets/app-3.css":       []byte(strings.Repeat("body { color: red }\n", 50)),
			"assets/icon-4.png":      []byte("\x89PNG"),
			"index.html":             []byte("<p>page</p>"),
		}}
		for range 2 { // the second time, from the cache when there is one
			if err := b.precompress(); err != nil {
				t.Fatal(err)
			}
		}
		for name, want := range map[string][]byte{"assets/dbquirks-1.wasm": module, "assets/app-2.js": b.files["assets/app-2.js"], "assets/app-3.css": b.files["assets/app-3.css"]} {
			zr, err := gzip.NewReader(bytes.NewReader(b.files[name+".gz"]))
			if err != nil {
				t.Fatalf("%s.gz: %v", name, err)
			}
			if got, _ := io.ReadAll(zr); !bytes.Equal(got, want) {
				t.Errorf("%s.gz does not decode to the file", name)
			}
			if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(b.files[name+".br"]))); !bytes.Equal(got, want) {
				t.Errorf("%s.br does not decode to the file", name)
			}
			if len(b.files[name+".br"]) >= len(want) {
				t.Errorf("%s.br is %d bytes, no smaller than the file's %d", name, len(b.files[name+".br"]), len(want))
			}
		}
		for _, name := range []string{"assets/icon-4.png.gz", "index.html.br", "assets/app-2.js.gz.gz", "assets/app-2.js.br.br"} {
			if _, ok := b.files[name]; ok {
				t.Errorf("precompress wrote %s", name)
			}
		}
	}
}
