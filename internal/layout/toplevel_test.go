package layout

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// topLevel is every entry the repository may track at its top level: the
// layout the developers' guide fixes (the code's folders, the module files,
// the Makefile and the page template) and the documentation and tooling
// beside them. Anything else there is a mistake, such as the 37 MB binary
// `go build ./internal/bench` once left at the root and a commit took along.
var topLevel = []string{
	// the code and its content
	"cmd", "internal", "scenarios", "wasm", "web",
	"go.mod", "go.sum", "Makefile", "index.html",
	// documentation and tooling
	"README.md", "docs", ".ci", ".github", ".gitignore",
}

func TestTopLevel(t *testing.T) {
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir, cmd.Stderr = "../..", os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files in the repository's root: %v", err)
	}
	files := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	for _, entry := range strayEntries(files, topLevel) {
		t.Errorf("git tracks %q at the top level, which is not one of %v: move it under a folder that owns it (or `git rm --cached` it and name it in .gitignore), or, if the top level really needs it, add it to topLevel in internal/layout/toplevel_test.go", entry, topLevel)
	}
}

// strayEntries returns the top-level entries of the tracked paths (slash
// separated, relative to the root) that allowed does not name, sorted and
// each once.
func strayEntries(paths, allowed []string) []string {
	var stray []string
	for _, p := range paths {
		entry, _, _ := strings.Cut(p, "/")
		if entry != "" && !slices.Contains(allowed, entry) && !slices.Contains(stray, entry) {
			stray = append(stray, entry)
		}
	}
	slices.Sort(stray)
	return stray
}

func TestStrayEntries(t *testing.T) {
	allowed := []string{"internal", "go.mod", ".github"}
	for _, c := range []struct {
		name  string
		paths []string
		want  []string
	}{
		{"allowed files and folders", []string{"go.mod", "internal/a/b.go", ".github/workflows/test.yml"}, nil},
		{"a stray binary", []string{"go.mod", "bench", "internal/x.go"}, []string{"bench"}},
		{"a stray folder, named once", []string{"tmp/a", "tmp/b/c", "internal/x.go"}, []string{"tmp"}},
		{"a name only allowed deeper down", []string{"internal/go.sum", "go.sum"}, []string{"go.sum"}},
		{"a prefix of an allowed name", []string{"int/x.go", "go.mod.bak"}, []string{"go.mod.bak", "int"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := strayEntries(c.paths, allowed); !slices.Equal(got, c.want) {
				t.Errorf("strayEntries(%q) = %q, want %q", c.paths, got, c.want)
			}
		})
	}
}
