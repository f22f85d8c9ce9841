package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const (
	docPath = "../../docs/architecture.md"
	heading = "## Packages and who may import whom"
	// stdOnly is the whole "may import" cell of a package that needs
	// nothing outside the standard library.
	stdOnly = "standard library only"
	// testsAlso comes before the names only a package's tests may import.
	testsAlso = "; tests also "
	// testHelper may be imported by every package's tests without a mention.
	testHelper = "internal/golden"
	// rationedStd is the one standard package the table rations: only wasm
	// may talk to the browser.
	rationedStd = "syscall/js"
)

// thirdParty maps the table's short names for other modules (and for
// rationedStd) to import-path prefixes: a name allows its prefix and every
// path below it.
var thirdParty = map[string]string{
	"goldmark":   "github.com/yuin/goldmark",
	"yaml":       "go.yaml.in/yaml/v3",
	"go-sqlite3": "github.com/ncruces/go-sqlite3",
	"esbuild":    "github.com/evanw/esbuild",
	"chromedp":   "github.com/chromedp/chromedp",
	"cdproto":    "github.com/chromedp/cdproto",
	"pgx":        "github.com/jackc/pgx/v5",
	"mysql":      "github.com/go-sql-driver/mysql",
	"brotli":     "github.com/andybalholm/brotli",
	"syscall/js": rationedStd,
}

// A row is one package of the table: what its code and its tests may import,
// as names until resolveNames turns them into import-path prefixes.
type row struct{ prod, tests []string }

// goPackage is the part of `go list -json` the test reads.
type goPackage struct {
	ImportPath                         string
	Module                             struct{ Path string }
	Imports, TestImports, XTestImports []string
}

func TestImportTable(t *testing.T) {
	rows := readTable(t)
	pkgs, module := listPackages(t)
	resolveNames(t, rows, module)
	for _, path := range slices.Sorted(maps.Keys(pkgs)) {
		p := pkgs[path]
		rel := strings.TrimPrefix(path, module+"/")
		r, ok := rows[rel]
		if !ok {
			t.Errorf("%s is not in docs/architecture.md's table: add a row saying what it owns and what it may import", rel)
			continue
		}
		for _, c := range []struct {
			imports, allowed []string
			whose, where     string
		}{
			{p.Imports, r.prod, rel + " imports", "to the row's \"may import\" cell"},
			{slices.Concat(p.TestImports, p.XTestImports), slices.Concat(r.prod, r.tests, []string{path, module + "/" + testHelper}),
				rel + "'s tests import", "after \"" + strings.TrimSpace(testsAlso) + "\" in the row's \"may import\" cell"},
		} {
			for _, imp := range c.imports {
				if checked(imp, module) && !allows(c.allowed, imp) {
					t.Errorf("%s %s, which docs/architecture.md does not allow: add %s %s if the dependency is right, or drop the import", c.whose, imp, suggest(imp, module), c.where)
				}
			}
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(rows)) {
		if pkgs[module+"/"+rel] == nil {
			t.Errorf("docs/architecture.md's table has a row for %s, but the module has no such package: remove the row or correct its name", rel)
		}
	}
}

// readTable parses the table under heading into rows by package path,
// skipping rows whose package ends in "/": folders of files other than Go.
func readTable(t *testing.T) map[string]row {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	start := slices.Index(lines, heading)
	if start < 0 {
		t.Fatalf("%s has no heading %q", docPath, heading)
	}
	rows := map[string]row{}
	tableLines := 0
	for i := start + 1; i < len(lines) && !strings.HasPrefix(lines[i], "#"); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			if tableLines > 0 {
				break // the table ended
			}
			continue
		}
		if tableLines++; tableLines <= 2 { // the header and its --- line
			continue
		}
		cells := strings.Split(strings.Trim(lines[i], "| "), " | ")
		pkg, err := backticked(cells[0])
		if err == nil && len(cells) != 3 {
			err = fmt.Errorf("%d cells, want 3 (package | owns | may import)", len(cells))
		}
		if err == nil && strings.HasSuffix(pkg, "/") {
			continue
		}
		var r row
		if err == nil {
			r, err = parseAllowed(cells[2])
		}
		if _, dup := rows[pkg]; err == nil && dup {
			err = errors.New("a second row for the same package")
		}
		if err != nil {
			t.Fatalf("%s:%d: %v", docPath, i+1, err)
		}
		rows[pkg] = r
	}
	return rows
}

// parseAllowed reads a "may import" cell: stdOnly or names, optionally
// followed by testsAlso and more names.
func parseAllowed(cell string) (r row, err error) {
	prod, tests, hasTests := strings.Cut(cell, testsAlso)
	if prod != stdOnly {
		r.prod, err = parseNames(prod)
	}
	if err == nil && hasTests {
		r.tests, err = parseNames(tests)
	}
	return r, err
}

// parseNames reads backticked names separated by ", ".
func parseNames(list string) (names []string, err error) {
	for item := range strings.SplitSeq(list, ", ") {
		name, err := backticked(item)
		if err != nil {
			return nil, fmt.Errorf("%w: a \"may import\" cell is %q or backticked names separated by \", \", optionally followed by %q and more names", err, stdOnly, testsAlso)
		}
		names = append(names, name)
	}
	return names, nil
}

func backticked(s string) (string, error) {
	name, ok := strings.CutPrefix(s, "`")
	name, ok2 := strings.CutSuffix(name, "`")
	if !ok || !ok2 || name == "" || strings.ContainsAny(name, "` ") {
		return "", fmt.Errorf("%q is not one backticked name", s)
	}
	return name, nil
}

// resolveNames turns every name of every row into an import-path prefix. A
// name is a row's package (`internal/wire`), the last element of exactly one
// row's package (`wire`), or a key of thirdParty.
func resolveNames(t *testing.T, rows map[string]row, module string) {
	resolve := func(rowPkg, name string) string {
		var found []string
		for pkg := range rows {
			if pkg == name || strings.HasSuffix(pkg, "/"+name) {
				found = append(found, pkg)
			}
		}
		switch {
		case len(found) == 1:
			return module + "/" + found[0]
		case len(found) > 1:
			t.Errorf("docs/architecture.md: %s's row names %q, which could mean any of %v: write the path", rowPkg, name, found)
		case thirdParty[name] != "":
			return thirdParty[name]
		default:
			t.Errorf("docs/architecture.md: %s's row names %q, which is neither a package of the table nor a module named in internal/layout's thirdParty", rowPkg, name)
		}
		return ""
	}
	for pkg, r := range rows {
		for _, names := range [][]string{r.prod, r.tests} {
			for i, name := range names {
				names[i] = resolve(pkg, name)
			}
		}
	}
}

// listPackages lists the module's packages natively, then the wasm package
// again for the browser, adding its imports under GOOS=js to its entry.
func listPackages(t *testing.T) (pkgs map[string]*goPackage, module string) {
	pkgs = map[string]*goPackage{}
	for _, l := range []struct{ env, pattern string }{{"", "./..."}, {"GOOS=js GOARCH=wasm", "./wasm"}} {
		cmd := exec.Command("go", "list", "-deps=false", "-json", l.pattern)
		cmd.Dir, cmd.Env, cmd.Stderr = "../..", append(os.Environ(), strings.Fields(l.env)...), os.Stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s go list %s: %v", l.env, l.pattern, err)
		}
		for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
			p := new(goPackage)
			if err := dec.Decode(p); err != nil {
				t.Fatalf("%s go list %s: %v", l.env, l.pattern, err)
			}
			if seen := pkgs[p.ImportPath]; seen != nil {
				p.Imports = slices.Concat(seen.Imports, p.Imports)
				p.TestImports = slices.Concat(seen.TestImports, p.TestImports)
				p.XTestImports = slices.Concat(seen.XTestImports, p.XTestImports)
			}
			pkgs[p.ImportPath], module = p, p.Module.Path
		}
	}
	return pkgs, module
}

// checked reports whether the table rules imp: packages of the module, of
// other modules (their first path element has a dot) and rationedStd. The
// rest of the standard library is free.
func checked(imp, module string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return strings.HasPrefix(imp, module+"/") || strings.Contains(first, ".") || imp == rationedStd
}

func allows(prefixes []string, imp string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool {
		return p != "" && (imp == p || strings.HasPrefix(imp, p+"/"))
	})
}

// suggest names imp the way the table would.
func suggest(imp, module string) string {
	if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
		return "`" + rel[strings.LastIndex(rel, "/")+1:] + "`"
	}
	for name, prefix := range thirdParty {
		if allows([]string{prefix}, imp) {
			return "`" + name + "`"
		}
	}
	return "a name for its module (and the name to thirdParty in internal/layout/layout_test.go)"
}

func TestParseAllowed(t *testing.T) {
	for _, c := range []struct{ cell, want string }{
		{"standard library only", "[] []"},
		{"`wire`, `go-sqlite3`", "[wire go-sqlite3] []"},
		{"`scenario`; tests also `engine`, `report`", "[scenario] [engine report]"},
		{"standard library only; tests also `engine`", "[] [engine]"},
		{"everything above, `esbuild`", "error"},
		{"`wire`,`scenario`", "error"},
		{"`report` (busy-wait wording)", "error"},
		{"`wire`; tests also", "error"},
	} {
		r, err := parseAllowed(c.cell)
		got := fmt.Sprint(r.prod, " ", r.tests)
		if err != nil {
			got = "error"
		}
		if got != c.want {
			t.Errorf("parseAllowed(%q) = %s, want %s", c.cell, got, c.want)
		}
	}
}
