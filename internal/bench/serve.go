package main

import (
	"net"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/dbquirks/dbquirks/internal/devserver"
)

// server serves the site at "/" as `dbquirks serve` does, the bench pages
// under /bench/ and the npm engines under /npm/. The bench pages are
// cross-origin isolated (COOP and COEP), which gives performance.now() a
// resolution of microseconds instead of 100 µs for the per-statement times;
// the site is served as it would be hosted.
type server struct {
	url   string
	close func()
}

func serveAll(root string, a *artifacts) (*server, error) {
	mux := http.NewServeMux()
	isolated := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
			w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
			w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
			h.ServeHTTP(w, r)
		})
	}
	mux.Handle("/bench/embed-host.html", devserver.Handler(a.pages, "/bench/"))
	mux.Handle("/bench/", isolated(devserver.Handler(a.pages, "/bench/")))
	mux.Handle("/npm/", isolated(devserver.Handler(filepath.Join(root, "internal", "bench", "js", "node_modules"), "/npm/")))
	mux.Handle("/", devserver.Handler(a.site.Out, a.site.Base))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	return &server{url: "http://" + ln.Addr().String(), close: func() { srv.Close() }}, nil
}

func (s *server) page(path string) string { return s.url + "/" + strings.TrimPrefix(path, "/") }
