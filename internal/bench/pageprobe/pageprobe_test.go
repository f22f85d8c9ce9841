package pageprobe

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCodeCacheSize(t *testing.T) {
	dir := t.TempDir()
	if n, err := CodeCacheSize(dir); n != 0 || err != nil {
		t.Fatalf("a profile without a code cache: %d, %v; want 0, nil", n, err)
	}
	cache := filepath.Join(dir, "Default", "Code Cache", "wasm", "index-dir")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int{"a": 3, "index-dir/b": 5} {
		if err := os.WriteFile(filepath.Join(dir, "Default", "Code Cache", "wasm", name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := CodeCacheSize(dir); n != 8 || err != nil {
		t.Fatalf("got %d, %v; want 8, nil", n, err)
	}
}

func TestList(t *testing.T) {
	var l List
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Var(&l, "site", "")
	if err := fs.Parse([]string{"-site", "a=x", "-site", "b=y"}); err != nil {
		t.Fatal(err)
	}
	if want := (List{"a=x", "b=y"}); !slices.Equal(l, want) || l.String() != "a=x,b=y" {
		t.Fatalf("got %q (%s), want %q", l, l.String(), want)
	}
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "s", "like-case")
	if err := os.MkdirAll(page, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(page, "index.html"), []byte("<p>like-case</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	url, err := Serve(dir, "like-case")
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "like-case") {
		t.Fatalf("GET %s: %s %q", url, res.Status, body)
	}
}

func TestMedian(t *testing.T) {
	id := func(x float64) float64 { return x }
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{7}, 7},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 3},
	} {
		if got := Median(tc.xs, id); got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
}

func TestWriteTrace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "trace.json")
	if err := WriteTrace(file, []json.RawMessage{json.RawMessage(`{"name":"a"}`)}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"traceEvents":[{"name":"a"}]}`; string(b) != want {
		t.Fatalf("wrote %s, want %s", b, want)
	}
}
