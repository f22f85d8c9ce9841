package devserver

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/dbquirks/dbquirks/internal/site"
)

// TestSnapshotSeesWhatABuildReads is what the server rebuilds on: a
// change to a scenario, the web shell, the page template or Go code shows
// up; output, tests and testdata do not.
func TestSnapshotSeesWhatABuildReads(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"index.html", "web/app.js", "scenarios/a.md", "go.mod", "internal/x/x.go",
		"internal/x/x_test.go", "internal/x/testdata/t.go", "dist/index.html", "test-output/shot.png"} {
		write(f, "v1")
	}
	opt := site.Options{Root: root}
	before := takeSnapshot(opt)
	if got := before.changes(before); len(got) != 0 {
		t.Fatalf("a snapshot differs from itself: %v", got)
	}

	later := time.Now().Add(2 * time.Second) // modification times may be coarse
	for _, f := range []string{"index.html", "web/app.js", "scenarios/a.md", "internal/x/x.go",
		"internal/x/x_test.go", "internal/x/testdata/t.go", "dist/index.html", "test-output/shot.png"} {
		write(f, "v2 longer")
		os.Chtimes(filepath.Join(root, f), later, later)
	}
	write("scenarios/b.md", "new")
	os.Remove(filepath.Join(root, "go.mod"))

	got := takeSnapshot(opt).changes(before)
	want := []string{
		filepath.ToSlash(filepath.Join(root, "go.mod")),
		filepath.ToSlash(filepath.Join(root, "index.html")),
		filepath.ToSlash(filepath.Join(root, "internal/x/x.go")),
		filepath.ToSlash(filepath.Join(root, "scenarios/a.md")),
		filepath.ToSlash(filepath.Join(root, "scenarios/b.md")),
		filepath.ToSlash(filepath.Join(root, "web/app.js")),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes =\n%q\nwant\n%q", got, want)
	}
}
