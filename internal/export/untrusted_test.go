// These tests run python3 (os/exec), which GOOS=js lacks.

//go:build !js

package export

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// TestDjangoTestSourceEncoding: a title or summary that declares a source
// encoding (PEP 263) must not change how Python reads the module. Read as
// UTF-7, the payload would become an import and a call.
func TestDjangoTestSourceEncoding(t *testing.T) {
	tests := []struct{ name, title, summary string }{
		{"utf-7 cookie in the title", "# -*- coding: utf-7 -*-", utf7Payload},
		{"utf-7 cookie in the summary", "x", "coding=utf-7 " + utf7Payload},
		{"vim-style cookie", "vim: set fileencoding=utf-7 :", utf7Payload},
		{"form feed before the cookie", "\f# coding: utf-7", utf7Payload},
		{"payload in the title", "coding: utf_7 " + utf7Payload, "s"},
	}
	sources := map[string]string{}
	for _, tt := range tests {
		src := "---\ntitle: " + yamlString(tt.title) + "\nsummary: " + yamlString(tt.summary) + "\n---\n\n```sql\nSELECT 1\n```\n"
		sc, err := scenario.Parse("cookie.md", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		py := DjangoTest(sc, nil, nil, "")
		sources[tt.name] = py
		lines := strings.SplitN(py, "\n", 3)
		if len(lines) < 3 || lines[0] != pyCodingLine || lines[1] != pySecondLine {
			t.Errorf("%s: the first two lines must be fixed, got %q", tt.name, lines[:2])
		}
	}
	for name, r := range pythonTokens(t, sources) {
		if r.Encoding != "utf-8" {
			t.Errorf("%s: Python reads the module as %s", name, r.Encoding)
		}
		for _, word := range []string{"os", "system", "pwned"} {
			if slices.Contains(r.Code, word) {
				t.Errorf("%s: %q is code, not text, in:\n%s", name, word, sources[name])
			}
		}
	}
}

// pyTokens is what pythonTokens finds in one module.
type pyTokens struct {
	Encoding string
	Code     []string // tokens and tree nodes that are code
	Names    []string // the NAME tokens alone, in order
	Strings  int      // how many STRING tokens
}

// pythonTokens reads a module with Python's own tokenize and ast, which
// honour a source encoding declaration as the interpreter does, and returns
// the encoding and what is code: the tokens that are names, operators and
// numbers (not strings, comments or layout), and every name, attribute and
// import in the syntax tree. tokenize decodes line by line, the compiler
// the whole file, so a UTF-7 line break shows in the tree only.
func pythonTokens(t *testing.T, sources map[string]string) map[string]pyTokens {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to check the generated Django tests: ", err)
	}
	dir := t.TempDir()
	var files, names []string
	for name, src := range sources {
		f := filepath.Join(dir, fmt.Sprintf("test_%d.py", len(files)))
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files, names = append(files, f), append(names, name)
	}
	script := `import ast, json, sys, tokenize
out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        toks = list(tokenize.tokenize(f.readline))
    code = [t.string for t in toks if t.type in (tokenize.NAME, tokenize.OP, tokenize.NUMBER, tokenize.ERRORTOKEN)]
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), path)
    for n in ast.walk(tree):
        if isinstance(n, ast.Name): code.append(n.id)
        elif isinstance(n, ast.Attribute): code.append(n.attr)
        elif isinstance(n, ast.alias): code.append(n.name)
    names = [t.string for t in toks if t.type == tokenize.NAME]
    strings = sum(1 for t in toks if t.type == tokenize.STRING)
    out.append({"encoding": toks[0].string, "code": code, "names": names, "strings": strings})
print(json.dumps(out))`
	out, err := exec.Command(py, append([]string{"-c", script}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python tokenize and ast: %v\n%s", err, out)
	}
	var rs []pyTokens
	if err := json.Unmarshal(out, &rs); err != nil || len(rs) != len(names) {
		t.Fatalf("python tokenize output %q: %v", out, err)
	}
	found := map[string]pyTokens{}
	for i, r := range rs {
		found[names[i]] = r
	}
	return found
}

// TestUntrustedSeedsInPython gives the fuzz seeds' modules to Python: each
// parses, reads as UTF-8, and Python's tokenizer sees the names and string
// literals the fuzz test's own tokenizer sees, so what checkPythonSafe
// passes is what Python would run.
func TestUntrustedSeedsInPython(t *testing.T) {
	sources := map[string]string{}
	for i, s := range untrustedSeeds {
		direct := hostileScenario(s.title, s.summary, s.sql, s.conn, s.value)
		tr := hostileRun(s.sql, s.conn, s.value)
		sources[fmt.Sprintf("seed %d direct", i)] = DjangoTest(direct, tr, hostileLanes(s.sql, s.value), s.value)
		sources[fmt.Sprintf("seed %d direct without a run", i)] = DjangoTest(direct, nil, hostileLanes(s.sql, s.value), s.value)
		if sc := parsedScenario(s.title, s.summary, s.prose, s.sql, s.conn, s.value); sc != nil {
			sources[fmt.Sprintf("seed %d parsed", i)] = DjangoTest(sc, tr, hostileLanes(s.sql, s.value), s.value)
		}
	}
	for name, r := range pythonTokens(t, sources) {
		var names []string
		strs := 0
		for _, line := range strings.Split(sources[name], "\n") {
			toks, err := pyTokenize(line)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, tk := range toks {
				switch tk.kind {
				case "name":
					names = append(names, tk.text)
				case "string":
					strs++
				}
			}
		}
		if r.Encoding != "utf-8" || !slices.Equal(names, r.Names) || strs != r.Strings {
			t.Errorf("%s: Python reads it as %s with names %q and %d strings; the fuzz tokenizer sees names %q and %d strings",
				name, r.Encoding, r.Names, r.Strings, names, strs)
		}
		for _, word := range []string{"os", "system", "pwned", "infinity", "alert", "cmd", "calc", "SUM"} {
			if slices.Contains(r.Code, word) {
				t.Errorf("%s: %q is code", name, word)
			}
		}
	}
}
