// These tests run python3 (os/exec), which GOOS=js lacks.

//go:build !js

package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/golden"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

const testLink = "https://dbquirks.example/s/custom/#v1.golden"

// load parses and runs a testdata scenario. The scenarios are frozen copies
// so that the goldens change only when export does.
func load(t *testing.T, path string) (*scenario.Scenario, *wire.Document, *wire.Transcript) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(filepath.Base(path), src)
	if err != nil {
		t.Fatal(err)
	}
	doc := sc.Document()
	tr := engine.Run(context.Background(), sc, engine.Options{})
	if tr.Failures != 0 {
		t.Fatalf("%s: %d expectations failed; fix the test scenario", path, tr.Failures)
	}
	return sc, &doc, tr
}

func scenarios(t *testing.T) []string {
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no test scenarios")
	}
	return files
}

func TestGolden(t *testing.T) {
	for _, f := range scenarios(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, doc, tr := load(t, f)
			base := strings.TrimSuffix(f, ".md")
			golden.Check(t, base+".md.golden", []byte(Markdown(doc, tr, nil, testLink)))
			py := DjangoTest(sc, tr, nil, testLink)
			golden.Check(t, base+".py.golden", []byte(py))
			checkPython(t, map[string]string{f: py})
			// The CSV of the first quirk statement that returns rows.
			for _, st := range tr.Steps {
				if i := slices.IndexFunc(st.Statements, func(s wire.Statement) bool { return len(s.Columns) > 0 }); st.Quirk && i >= 0 {
					golden.Check(t, base+".csv.golden", []byte(CSV(st.Statements[i])))
					break
				}
			}
		})
	}
}

// TestWithoutRun exports every scenario without results: the page can
// export before the engine has run, and the test falls back on splitting
// the SQL itself.
func TestWithoutRun(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.md")
	files = append(files, scenarios(t)...)
	sources := map[string]string{}
	defer func() { checkPython(t, sources) }()
	for _, f := range files {
		if filepath.Base(f) == "README.md" {
			continue
		}
		sc, doc, tr := load(t, f)
		md := Markdown(doc, nil, nil, "")
		if !strings.Contains(md, "Not run yet") || strings.Contains(md, "| --- |") {
			t.Errorf("%s: Markdown without a run should have no result tables", f)
		}
		py := DjangoTest(sc, nil, nil, testLink)
		sources[f] = py
		// Splitting by hand must find the statements SQLite found.
		withRun := DjangoTest(sc, tr, nil, testLink)
		if n, m := strings.Count(py, ".execute("), strings.Count(withRun, ".execute("); n < m {
			t.Errorf("%s: %d statements without a run, %d with one", f, n, m)
		}
	}
}

// checkPython fails unless python3 parses every source, named by the
// scenario it came from; one interpreter checks them all.
func checkPython(t *testing.T, sources map[string]string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to check the generated Django tests: ", err)
	}
	dir := t.TempDir()
	args := []string{"-c", "import ast,sys\nfor f in sys.argv[1:]: ast.parse(open(f, 'rb').read(), f)"}
	names := map[string]string{}
	i := 0
	for name, src := range sources {
		f := filepath.Join(dir, fmt.Sprintf("test_%d.py", i))
		i++
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
		names[f] = name
	}
	if out, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		t.Fatalf("generated Python does not parse: %v\n%s\n(files: %v)", err, out, names)
	}
}

func TestDjangoTestHostileText(t *testing.T) {
	source := "---\ntitle: \"a\\nb\\r\\u2028c\\x00d \\\"\\\"\\\" '''\"\nsummary: \"\\\\ \\u0085 \\ufeff end\"\n" +
		"connections:\n  default: {}\n  \"class\":\n    busy_timeout: 1\n  \"import\": {}\n---\n\n" +
		"```sql conn=class params=\"'\\\"\\\"\\\"\\\\', x'00'\"\nSELECT ?, ? -- \"\"\" '''\n```\n\n" +
		"```sql conn=import\nSELECT '\u2028\x7f\\n'\n```\n"
	sc, err := scenario.Parse("x.md", []byte(source))
	if err != nil {
		t.Fatal(err)
	}
	py := DjangoTest(sc, nil, nil, "https://x/#v1.\n\x00import os")
	checkPython(t, map[string]string{"hostile text": py})
	for _, bad := range []string{"\nimport os", "\x00"} {
		if strings.Contains(py, bad) {
			t.Errorf("generated Python contains %q", bad)
		}
	}
	if !strings.Contains(py, `connections["class"]`) || !strings.Contains(py, "c_class = ") || !strings.Contains(py, "c_import = ") {
		t.Errorf("connection names not made safe:\n%s", py)
	}
}

// TestDjangoTestWithoutScenario: a nil scenario still gives a module that
// parses, with an empty test.
func TestDjangoTestWithoutScenario(t *testing.T) {
	py := DjangoTest(nil, nil, nil, "")
	checkPython(t, map[string]string{"nil scenario": py})
	if !strings.Contains(py, "class CustomScenarioTests(TestCase):") {
		t.Errorf("a nil scenario should give an empty custom test:\n%s", py)
	}
}

func TestCSV(t *testing.T) {
	a, b := 0.1, 0.2
	stmt := wire.Statement{
		Columns: []wire.Column{{Name: "id"}, {Name: "a,b"}, {Name: `say "hi"`}},
		Rows: [][]wire.Value{
			{wire.IntegerValue(1), wire.TextValue("x,y"), wire.TextValue("line\nbreak")},
			{wire.RealValue(a + b), wire.NullValue(), wire.BlobValue([]byte{0, 0xff})},
			{wire.TextValue(`q"uote`), wire.TextValue(""), wire.TextValue(" lead")},
		},
	}
	want := "id,\"a,b\",\"say \"\"hi\"\"\"\r\n" +
		"1,\"x,y\",\"line\nbreak\"\r\n" +
		"0.30000000000000004,,00ff\r\n" +
		"\"q\"\"uote\",,\" lead\"\r\n"
	if got := CSV(stmt); got != want {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want)
	}
	one := wire.Statement{Columns: []wire.Column{{Name: "v"}},
		Rows: [][]wire.Value{{wire.NullValue()}, {wire.TextValue("a")}}}
	got := CSV(one)
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Errorf("a single empty field must survive as a record: %q -> %v, %v", got, recs, err)
	}
	if CSV(wire.Statement{}) != "" {
		t.Error("a statement without columns should give no CSV")
	}
}

func TestMarkdownFailedRows(t *testing.T) {
	doc := &wire.Document{Meta: wire.Meta{Title: "t"}, Steps: []wire.DocStep{{Index: 1, Conn: "default", Kind: "exec", SQL: "SELECT 1"}}}
	tr := &wire.Transcript{Failures: 1, Steps: []wire.Step{{Index: 1, Statements: []wire.Statement{{
		Columns: []wire.Column{{Name: "1"}}, Rows: [][]wire.Value{{wire.IntegerValue(1)}}, RowCount: 1, Done: true}},
		Checks: []wire.Check{{Kind: "rows", Want: "2", Got: "1", Line: 3}}}}}
	md := Markdown(doc, tr, nil, "")
	for _, want := range []string{"**1 step run, 1 expectation stated, 1 check failed** (marked ✗ below)", "\n1 row.\n", "✗ rows differ from those listed (line 3):", "  ```text\n  2\n  ```", "  got:\n\n  ```text\n  1\n  ```"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
}

// TestMarkdownWording: the report says what the text transcript and the
// page say, in internal/report's words.
func TestMarkdownWording(t *testing.T) {
	tests := []struct {
		name string
		step wire.DocStep
		stmt wire.Statement
		want string
	}{
		{"no busy timeout", wire.DocStep{Kind: "exec", SQL: "COMMIT"},
			wire.Statement{Busy: &wire.Busy{}}, "Locked: no busy timeout set: failed at once.\n"},
		{"waited", wire.DocStep{Kind: "exec", SQL: "COMMIT"},
			wire.Statement{Busy: &wire.Busy{TimeoutMs: 300, WaitedMs: 300}}, "Locked: waited 300 ms (virtual), then SQLITE\\_BUSY.\n"},
		{"refused", wire.DocStep{Kind: "exec", SQL: "COMMIT"},
			wire.Statement{Busy: &wire.Busy{TimeoutMs: 300, Refused: true}}, "Locked: refused at once: SQLite did not call the busy handler"},
		{"open cursor", wire.DocStep{Kind: "open", Cursor: "it", SQL: "SELECT 1"},
			wire.Statement{}, "Open cursor `it`, fetch 0 rows:\n"},
		{"fetch", wire.DocStep{Kind: "fetch", Cursor: "it", Fetch: -1},
			wire.Statement{}, "Fetch all rows from cursor `it`.\n"},
		{"close", wire.DocStep{Kind: "close", Cursor: "it"},
			wire.Statement{}, "Close cursor `it`.\n"},
		{"facts", wire.DocStep{Kind: "exec", SQL: "INSERT"},
			wire.Statement{Changes: 2, LastInsertRowID: new(int64(7))}, "2 rows changed, last insert rowid 7.\n"},
	}
	for _, tt := range tests {
		tt.step.Index = 1
		doc := &wire.Document{Steps: []wire.DocStep{tt.step}}
		tr := &wire.Transcript{Steps: []wire.Step{{Index: 1, Statements: []wire.Statement{tt.stmt}}}}
		if md := Markdown(doc, tr, nil, ""); !strings.Contains(md, tt.want) {
			t.Errorf("%s: Markdown lacks %q:\n%s", tt.name, tt.want, md)
		}
	}
}

// TestCSVFormulas: a text cell a spreadsheet would read as a formula is
// neutralised as OWASP's CSV injection guidance says (a leading ' and
// quotes); a number stays a number even when it starts with a minus.
func TestCSVFormulas(t *testing.T) {
	tests := []struct {
		name string
		v    wire.Value
		want string
	}{
		{"equals", wire.TextValue("=1+1"), `"'=1+1"`},
		{"hyperlink", wire.TextValue(`=HYPERLINK("http://x","y")`), `"'=HYPERLINK(""http://x"",""y"")"`},
		{"plus", wire.TextValue("+1"), `"'+1"`},
		{"minus text", wire.TextValue("-3"), `"'-3"`},
		{"at", wire.TextValue("@SUM(A1)"), `"'@SUM(A1)"`},
		{"tab", wire.TextValue("\t=1"), "\"'\t=1\""},
		{"carriage return", wire.TextValue("\r=1"), "\"'\r=1\""},
		{"negative integer", wire.IntegerValue(-3), "-3"},
		{"negative real", wire.RealValue(-0.5), "-0.5"},
		{"negative exponent", wire.RealValue(-1e300), "-1e+300"},
		{"minus infinity", wire.Value{Type: wire.Real, Text: "-Inf"}, `"'-Inf"`},
		{"integer that is not a number", wire.Value{Type: wire.Integer, Text: "-1+cmd|' /C calc'!A0"}, `"'-1+cmd|' /C calc'!A0"`},
		{"formula inside", wire.TextValue("a=1"), "a=1"},
		{"plain", wire.TextValue("x"), "x"},
		{"null", wire.NullValue(), `""`},
	}
	for _, tt := range tests {
		stmt := wire.Statement{Columns: []wire.Column{{Name: "v"}}, Rows: [][]wire.Value{{tt.v}}}
		if got, want := CSV(stmt), "v\r\n"+tt.want+"\r\n"; got != want {
			t.Errorf("%s: CSV = %q, want %q", tt.name, got, want)
		}
	}
	header := CSV(wire.Statement{Columns: []wire.Column{{Name: "-id"}, {Name: "=cmd()"}}})
	if header != "\"'-id\",\"'=cmd()\"\r\n" {
		t.Errorf("column names are text: %q", header)
	}
}
