package devserver

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildMarker is the dotfile site.Build writes into every output folder to
// recognize it later; the handler must not serve it.
const buildMarker = ".dbquirks-build"

func serveFixture(t *testing.T) http.Handler {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                "<p>gallery</p>",
		"s/one/index.html":          "<p>one</p>",
		"assets/dbquirks-abc.wasm":  "\x00asm" + strings.Repeat("\x01", 4096),
		"assets/app-XYZ.js":         strings.Repeat("console.log(1);", 100),
		"assets/font-XYZ.woff2":     "wOF2",
		"embed.js":                  "/* embed */",
		buildMarker:                 "",
		"assets/.hidden/secret.txt": "no",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Handler(dir, "/base/")
}

func get(h http.Handler, method, target string, hdr ...string) *http.Response {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func TestHandler(t *testing.T) {
	h := serveFixture(t)
	tests := []struct {
		name, method, path, acceptEnc string
		status                        int
		ctype, cache, encoding, loc   string
		body                          string
	}{
		{"gallery", "GET", "/base/", "", 200, "text/html; charset=utf-8", "no-cache", "", "", "<p>gallery</p>"},
		{"scenario", "GET", "/base/s/one/", "", 200, "text/html; charset=utf-8", "no-cache", "", "", "<p>one</p>"},
		{"scenario without slash", "GET", "/base/s/one", "", 301, "", "", "", "/base/s/one/", ""},
		{"base without slash", "GET", "/base", "", 301, "", "", "", "/base/", ""},
		{"wasm", "GET", "/base/assets/dbquirks-abc.wasm", "", 200, "application/wasm", "public, max-age=31536000, immutable", "", "", ""},
		{"wasm gzipped", "GET", "/base/assets/dbquirks-abc.wasm", "br, gzip", 200, "application/wasm", "public, max-age=31536000, immutable", "gzip", "", ""},
		{"gzip refused", "GET", "/base/assets/app-XYZ.js", "gzip;q=0", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "", "", ""},
		{"font not gzipped", "GET", "/base/assets/font-XYZ.woff2", "gzip", 200, "font/woff2", "public, max-age=31536000, immutable", "", "", "wOF2"},
		{"embed.js revalidated", "GET", "/base/embed.js", "gzip", 200, "text/javascript; charset=utf-8", "no-cache", "gzip", "", "/* embed */"},
		{"head", "HEAD", "/base/embed.js", "", 200, "text/javascript; charset=utf-8", "no-cache", "", "", ""},
		{"marker hidden", "GET", "/base/" + buildMarker, "", 404, "", "", "", "", ""},
		{"dot folder hidden", "GET", "/base/assets/.hidden/secret.txt", "", 404, "", "", "", "", ""},
		{"outside base", "GET", "/index.html", "", 404, "", "", "", "", ""},
		{"escape attempt", "GET", "/base/../../etc/passwd", "", 404, "", "", "", "", ""},
		{"missing", "GET", "/base/s/none/", "", 404, "", "", "", "", ""},
		{"post", "POST", "/base/", "", 405, "", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(h, tt.method, tt.path, "Accept-Encoding", tt.acceptEnc)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%s)", res.StatusCode, tt.status, body)
			}
			for _, c := range []struct{ hdr, want string }{
				{"Content-Type", tt.ctype}, {"Cache-Control", tt.cache}, {"Content-Encoding", tt.encoding}, {"Location", tt.loc},
			} {
				if tt.status < 300 || c.hdr == "Location" {
					if got := res.Header.Get(c.hdr); got != c.want {
						t.Errorf("%s = %q, want %q", c.hdr, got, c.want)
					}
				}
			}
			if tt.encoding == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if tt.body != "" && string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
		})
	}
}

// TestHandlerRevalidates checks that a page the browser has is not sent
// again, and that the gzipped and plain forms have different ETags.
func TestHandlerRevalidates(t *testing.T) {
	h := serveFixture(t)
	first := get(h, "GET", "/base/", "Accept-Encoding", "gzip")
	etag := first.Header.Get("ETag")
	if etag == "" || first.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("ETag %q, Vary %q", etag, first.Header.Get("Vary"))
	}
	if res := get(h, "GET", "/base/", "Accept-Encoding", "gzip", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: status %d, want 304", res.StatusCode)
	}
	if plain := get(h, "GET", "/base/").Header.Get("ETag"); plain == etag {
		t.Errorf("plain and gzipped responses share the ETag %s", etag)
	}
}

// TestHandlerRebuilt: a page rewritten by a rebuild is compressed again,
// never served from the old compressed copy.
func TestHandlerRebuilt(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "index.html")
	h := Handler(dir, "/")
	for _, want := range []string{"<p>first build</p>", "<p>second, longer build</p>"} {
		if err := os.WriteFile(page, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		res := get(h, "GET", "/", "Accept-Encoding", "gzip")
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(zr); string(got) != want {
			t.Errorf("served %q, want %q", got, want)
		}
	}
}

// TestHandlerPrecompressed: a .br or .gz the build wrote beside an asset is
// sent as it is, with the asset's type, to a client that accepts it; the
// best accepted one wins, and a client accepting neither gets the file.
func TestHandlerPrecompressed(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"assets/m-1.wasm":    "\x00asm raw",
		"assets/m-1.wasm.br": "brotli bytes as the build wrote them",
		"assets/m-1.wasm.gz": "gzip bytes as the build wrote them",
		"assets/a-2.js":      "console.log(2)",
		"assets/a-2.js.gz":   "only a gzip beside this one",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := Handler(dir, "/")
	tests := []struct {
		path, accept, encoding, ctype, body string
	}{
		{"/assets/m-1.wasm", "gzip, deflate, br", "br", "application/wasm", files["assets/m-1.wasm.br"]},
		{"/assets/m-1.wasm", "gzip", "gzip", "application/wasm", files["assets/m-1.wasm.gz"]},
		{"/assets/m-1.wasm", "br;q=0, gzip", "gzip", "application/wasm", files["assets/m-1.wasm.gz"]},
		{"/assets/m-1.wasm", "", "", "application/wasm", files["assets/m-1.wasm"]},
		{"/assets/a-2.js", "br, gzip", "gzip", "text/javascript; charset=utf-8", files["assets/a-2.js.gz"]},
	}
	etags := map[string]string{}
	for _, tt := range tests {
		res := get(h, "GET", tt.path, "Accept-Encoding", tt.accept)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || string(body) != tt.body {
			t.Errorf("%s with %q: status %d, body %q; want %q", tt.path, tt.accept, res.StatusCode, body, tt.body)
		}
		if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s with %q: Content-Encoding %q, want %q", tt.path, tt.accept, got, tt.encoding)
		}
		if got := res.Header.Get("Content-Type"); got != tt.ctype {
			t.Errorf("%s with %q: Content-Type %q, want %q", tt.path, tt.accept, got, tt.ctype)
		}
		if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s with %q: Vary %q, want Accept-Encoding", tt.path, tt.accept, got)
		}
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", tt.path, got)
		}
		etag := res.Header.Get("ETag")
		if prev, ok := etags[etag]; ok && prev != tt.encoding {
			t.Errorf("%s: the %q and %q forms share the ETag %s", tt.path, prev, tt.encoding, etag)
		}
		etags[etag] = tt.encoding
	}
}
