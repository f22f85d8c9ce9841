package devserver

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dbquirks/dbquirks/internal/site"
)

// snapshot records the size and modification time of every file a build
// reads, so that the server can poll for changes without a file-watching
// dependency: a few hundred stat calls every half second.
type snapshot map[string]stamp

type stamp struct {
	size    int64
	modTime time.Time
}

// takeSnapshot walks the page template, web/, the scenarios and every Go
// source file and module file under opt.Root. It skips the output folder,
// hidden folders, testdata and tests, which no build reads.
func takeSnapshot(opt site.Options) snapshot {
	opt, _ = opt.WithDefaults()
	s := snapshot{}
	skip := map[string]bool{}
	for _, d := range []string{opt.Out, filepath.Join(opt.Root, "bin"), filepath.Join(opt.Root, "test-output"), filepath.Join(opt.Root, "node_modules")} {
		skip[absOr(d)] = true
	}
	add := func(p string, d fs.DirEntry) {
		if info, err := d.Info(); err == nil {
			s[filepath.ToSlash(p)] = stamp{info.Size(), info.ModTime()}
		}
	}
	walk := func(root string, want func(rel string) bool) {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // a file removed mid-walk shows up in the next snapshot
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && (skip[absOr(p)] || strings.HasPrefix(name, ".") || name == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if want(name) {
				add(p, d)
			}
			return nil
		})
	}
	walk(opt.Root, func(name string) bool {
		return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") || name == "go.mod" || name == "go.sum"
	})
	walk(filepath.Join(opt.Root, "web"), func(string) bool { return true })
	walk(opt.Scenarios, func(string) bool { return true })
	walk(filepath.Join(opt.Root, "index.html"), func(string) bool { return true })
	return s
}

// changes lists the files added, removed or changed since old, sorted.
func (s snapshot) changes(old snapshot) []string {
	var out []string
	for p, st := range s {
		if o, ok := old[p]; !ok || o.size != st.size || !o.modTime.Equal(st.modTime) {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := s[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// isGoSource says whether a changed file is Go code or module data, which
// the running program itself was compiled from.
func isGoSource(p string) bool {
	return strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "/go.mod") || strings.HasSuffix(p, "/go.sum") || p == "go.mod" || p == "go.sum"
}

// absOr makes p absolute, so that the folders to skip compare equal however
// they were named; a path that cannot be made absolute stays as it is.
func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
