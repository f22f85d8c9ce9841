package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// fixtureRoot makes a repository to build: the page template, web/ and
// scenarios from testdata/root, and this repository's module, wasm/ and
// web/pglite (linked, not copied) so that the real engine is built and run
// and the real PGlite bundled.
func fixtureRoot(t *testing.T) string {
	t.Helper()
	return fixtureIn(t, t.TempDir())
}

func fixtureIn(t *testing.T, root string) string {
	t.Helper()
	if err := os.CopyFS(root, os.DirFS("testdata/root")); err != nil {
		t.Fatal(err)
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go.mod", "go.sum", "wasm", "internal", "web/pglite"} {
		if err := os.Symlink(filepath.Join(repo, name), filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// built is one build of the fixture, shared by the tests that only read it.
var built struct {
	dir string
	res *Result
	err error
}

func buildFixture(t *testing.T) *Result {
	t.Helper()
	if built.res == nil && built.err == nil {
		var err error
		if built.dir, err = os.MkdirTemp("", "dbquirks-site-test-"); err != nil {
			t.Fatal(err)
		}
		root := fixtureIn(t, built.dir)
		built.res, built.err = Build(Options{Root: root, Out: filepath.Join(root, "dist"), Base: "/sub/", NoCache: true, Log: testLog{t}})
	}
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.res
}

func readOut(t *testing.T, res *Result, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(res.Out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildLayout(t *testing.T) {
	res := buildFixture(t)
	if got := strings.Join(res.Scenarios, ","); got != "hostile,plain" {
		t.Errorf("scenarios = %s", got)
	}
	a := res.Assets
	for name, re := range map[string]string{
		a.AppJS:    `^/sub/assets/app-[A-Z0-9]{8}\.js$`,
		a.CSS:      `^/sub/assets/app-[A-Z0-9]{8}\.css$`,
		a.Worker:   `^/sub/assets/worker-[A-Z0-9]{8}\.js$`,
		a.Wasm:     `^/sub/assets/dbquirks-[0-9a-f]{12}\.wasm$`,
		a.WasmExec: `^/sub/assets/wasm_exec-[0-9a-f]{12}\.js$`,
		a.Embed:    `^/sub/embed\.js$`,
	} {
		if !regexp.MustCompile(re).MatchString(name) {
			t.Errorf("asset %q does not match %s", name, re)
		}
	}
	// The page template names the icon the build writes; without it every
	// page logs a 404 for /favicon.ico.
	if icon := readOut(t, res, "favicon.svg"); !strings.HasPrefix(icon, "<svg") {
		t.Errorf("favicon.svg = %q", icon)
	}
	if tmpl, err := os.ReadFile("../../index.html"); err != nil || !strings.Contains(string(tmpl), `href="{{.Base}}favicon.svg"`) {
		t.Errorf("index.html does not link {{.Base}}favicon.svg (%v)", err)
	}
	wasm := readOut(t, res, strings.TrimPrefix(a.Wasm, "/sub/"))
	if !strings.HasPrefix(wasm, "\x00asm") || int64(len(wasm)) != a.WasmBytes {
		t.Errorf("wasm: %d bytes, magic %q; WasmBytes %d", len(wasm), wasm[:4], a.WasmBytes)
	}
	if !strings.Contains(readOut(t, res, strings.TrimPrefix(a.WasmExec, "/sub/")), "globalThis.Go") {
		t.Error("wasm_exec.js is not Go's glue")
	}
	worker := readOut(t, res, strings.TrimPrefix(a.Worker, "/sub/"))
	if strings.Contains(worker, "import") || !strings.Contains(worker, "hello ") {
		t.Errorf("worker is not a self-contained classic script: %q", worker)
	}
	if css := readOut(t, res, strings.TrimPrefix(a.CSS, "/sub/")); !regexp.MustCompile(`url\("/sub/assets/dot-[A-Z0-9]{8}\.svg"\)`).MatchString(css) {
		t.Errorf("css does not address its image under the base path: %q", css)
	}
	if got := readOut(t, res, "embed.js"); got != "// embed.js fixture: copied as it is\n" {
		t.Errorf("embed.js = %q", got)
	}
}

func TestBuildPages(t *testing.T) {
	res := buildFixture(t)
	gallery := readOut(t, res, "index.html")
	plain := readOut(t, res, "s/plain/index.html")
	for _, tt := range []struct{ page, want string }{
		{gallery, `<html lang="en" data-kind="gallery">`},
		{gallery, `<link rel="canonical" href="/sub/">`},
		{gallery, `href="/sub/s/plain/"`},
		{gallery, `<script type="module" src="` + res.Assets.AppJS + `">`},
		{plain, `<title>Plain · dbquirks</title>`},
		{plain, `<meta name="description" content="One step.">`},
		{plain, `<link rel="canonical" href="/sub/s/plain/">`},
		{plain, `data-kind="scenario"`},
	} {
		if !strings.Contains(tt.page, tt.want) {
			t.Errorf("page lacks %s", tt.want)
		}
	}
	var data struct {
		Version    int
		Base, Kind string
		Assets     Assets
		Catalog    []struct {
			ID   string `json:"id"`
			Meta struct {
				Title string `json:"title"`
			} `json:"meta"`
		}
		Scenario *struct {
			ID         string
			Document   wire.Document
			Transcript wire.Transcript
			Digest     string
		}
	}
	blob(t, gallery, &data)
	// encoding/json matches keys case-insensitively; JavaScript does not.
	if !strings.Contains(gallery, `"catalog":[{"id":"hostile","meta":{"title":`) {
		t.Error("the catalog's keys are not the contract's lower-case ones")
	}
	if data.Version != wire.Version || data.Kind != "gallery" || len(data.Catalog) != 2 || data.Catalog[1].ID != "plain" || data.Catalog[1].Meta.Title != "Plain" {
		t.Errorf("gallery data = %+v", data)
	}
	data.Catalog = nil
	blob(t, plain, &data)
	// Only the gallery's search needs the catalogue; a scenario page that
	// carried it would weigh every scenario's metadata.
	if strings.Contains(plain, `"catalog"`) {
		t.Error("a scenario page carries the catalogue")
	}
	if data.Version != wire.Version || data.Base != "/sub/" || data.Kind != "scenario" || data.Assets != res.Assets {
		t.Errorf("data = %+v", data)
	}
	if s := data.Scenario; s == nil || s.ID != "plain" || s.Document.Steps[0].SQL != "SELECT 1 + 1 AS two" ||
		s.Transcript.Steps[0].Statements[0].Rows[0][0].Text != "2" || s.Digest == "" {
		t.Errorf("scenario data = %+v", data.Scenario)
	}
}

// blob decodes a page's data blob.
func blob(t *testing.T, page string, v any) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="dbquirks-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data blob")
	}
	if err := json.Unmarshal([]byte(m[1]), v); err != nil {
		t.Fatalf("data blob: %v", err)
	}
}

// TestBuildEscapes checks that a scenario's text cannot end the data blob's
// script element or add markup, wherever the template puts it.
func TestBuildEscapes(t *testing.T) {
	res := buildFixture(t)
	page := readOut(t, res, "s/hostile/index.html")
	if n := strings.Count(page, "</script>"); n != 2 {
		t.Errorf("%d </script> in the page, want 2 (app script and data blob)", n)
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>bold"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	var data struct {
		Scenario struct{ Document wire.Document }
	}
	blob(t, page, &data)
	if got := data.Scenario.Document.Meta.Title; got != "</script><script>alert(1)</script> & <b>bold</b> \u202efdp.exe" {
		t.Errorf("title through the blob = %q", got)
	}
	// The title and summary leave the page in <title>, link previews and
	// search results: their bidi controls must not go with them.
	head, _, _ := strings.Cut(page, "</head>")
	if i := strings.IndexFunc(head, func(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }); i >= 0 {
		t.Errorf("the page's head holds a bidi control: %q", head[max(0, i-40):min(len(head), i+40)])
	}
	if !strings.Contains(head, "&lt;b&gt;bold&lt;/b&gt; fdp.exe") {
		t.Errorf("the page's head lacks the title without its controls: %s", head)
	}
}

func TestBuildFailingScenario(t *testing.T) {
	root := fixtureRoot(t)
	bad := "---\ntitle: Bad\n---\n\n```sql rows=2\nSELECT 1\n```\n\n```sql bogus=1\nSELECT 2\n```\n"
	if err := os.WriteFile(filepath.Join(root, "scenarios", "bad.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "dist")
	_, err := Build(Options{Root: root, Out: out, CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "bad.md:9:") || !strings.Contains(err.Error(), `unknown option "bogus"`) {
		t.Fatalf("err = %v, want bad.md's diagnostic", err)
	}
	if err := os.WriteFile(filepath.Join(root, "scenarios", "bad.md"), []byte(bad[:len(bad)-30]), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(Options{Root: root, Out: out, CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "bad.md:5: step 1: rowCount: expected 2, got 1") {
		t.Fatalf("err = %v, want the unmet expectation", err)
	}
	if _, statErr := os.Stat(out); !os.IsNotExist(statErr) {
		t.Errorf("a failed build wrote %s", out)
	}
}

func TestBuildRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	keep := filepath.Join(out, "precious.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := replaceDir(out, map[string][]byte{"index.html": []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "refusing to replace") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(keep); string(b) != "mine" {
		t.Error("the folder's file is gone")
	}
}

func TestReplaceDir(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	for _, files := range []map[string][]byte{
		{"index.html": []byte("one"), "s/a/index.html": []byte("a")},
		{"index.html": []byte("two")},
	} {
		if err := replaceDir(out, files); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Equal(b, []byte("two")) {
		t.Errorf("index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "s")); !os.IsNotExist(err) {
		t.Error("a file of the previous build survived")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".dist-*"))
	if len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

func TestCleanBase(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"", "/", false},
		{"/", "/", false},
		{"dbquirks", "/dbquirks/", false},
		{"/dbquirks/", "/dbquirks/", false},
		{"/a/b", "/a/b/", false},
		{"/a//b/", "", true},
		{"/../x/", "", true},
		{`/"onload=x/`, "", true},
		{"/a b/", "", true},
	}
	for _, tt := range tests {
		got, err := CleanBase(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("CleanBase(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestBundleError(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/root")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "web", "app.js"), []byte("let x = ;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := bundleWeb(root, "/")
	if err == nil || !strings.Contains(err.Error(), "web/app.js:1:9: Unexpected \";\"") {
		t.Errorf("err = %v", err)
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestLaneNames: a gallery card names a recorded lane as its page does,
// by the head of the lane's label, not by the server's whole version.
func TestLaneNames(t *testing.T) {
	recs := []*wire.Recording{
		{Server: wire.Server{Product: "MariaDB", Version: "10.11.19-MariaDB-0+deb12u1", Label: "MariaDB 10.11.19, READ-COMMITTED, utf8mb4_general_ci"}},
		{Server: wire.Server{Product: "PostgreSQL", Version: "15.18 (Debian 15.18-0+deb12u1)", Label: "PostgreSQL 15.18, read committed"}},
		{Server: wire.Server{Product: "PostgreSQL", Version: "15.18 (Debian 15.18-0+deb12u1)"}},
	}
	want := []string{"MariaDB 10.11.19", "PostgreSQL 15.18", "PostgreSQL 15.18"}
	if got := laneNames(recs); !slices.Equal(got, want) {
		t.Errorf("laneNames = %q, want %q", got, want)
	}
}
