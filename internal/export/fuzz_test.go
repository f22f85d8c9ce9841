package export

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// utf7Payload is Python code that a UTF-7 reading of the file would see on
// lines of its own: "+AAo-" is a line feed, "+ACI-" a double quote.
const utf7Payload = "+AAo-import os+AAo-os.system(+ACI-echo pwned+ACI-)+AAo-#"

// untrustedSeeds are FuzzExportsUntrusted's seeds, which
// TestUntrustedSeedsInPython also gives to Python itself.
var untrustedSeeds = []struct{ title, summary, prose, sql, conn, value string }{
	{"# -*- coding: utf-7 -*-", utf7Payload, "prose", "SELECT 1", "other", "=1+1"},
	{"x", "vim: set fileencoding=utf-7 :\n" + utf7Payload, "", "SELECT ?", "default", "-3"},
	{`"""`, `'''\`, "```\n<img src=x onerror=alert(1)>\n```", "SELECT '\\N{BULLET}'\r\nimport os", "class", "\u2028\x85\f\v\x1c"},
	{"<script>alert(1)</script>", "[x](javascript:alert(1)) ![t](https://t.example/p.png)", "<b>prose</b>",
		"SELECT 1; -- \"\"\" '''", "len", "@SUM(A1)"},
	{"\xff\xed\xa0\x80", "\u202e\u2066", "\x00", "PRAGMA foreign_keys = ON", "1st", "\t=cmd|' /C calc'!A0"},
	{"t", "s", "p", "SELECT 1e5", "x", "infinity"},
	{"t", "s", "p", "SELECT 1", "x", "<img src=x onerror=alert(1)>"},
	{"t", "s", "p", "SELECT 1", "x", "[x](javascript:alert(1))"},
	// A backslash ending a comment's line, a paragraph separator and a
	// NEL in SQL, formulas behind a carriage return and a plus.
	{"title \\\nimport os", "coding=utf-7 \\", "p", "SELECT 1 -- \\\u2029import os\u0085", "x", "\r=1+1"},
	{"Invoice \u202efdp.exe\u202c", "\u2067x", "p", "SELECT ?", "x", "+cmd|' /C calc'!A0"},
}

// FuzzExportsUntrusted feeds arbitrary scenario text and results into every
// export and reads each output back the way its consumer will: the Python
// module with a tokenizer (untrusted text only inside string literals and
// comments, no code but the exporter's), the CSV with encoding/csv (no
// formula), the Markdown with goldmark (no HTML, image or unsafe link).
// A shared link can carry any of these strings.
func FuzzExportsUntrusted(f *testing.F) {
	for _, seed := range untrustedSeeds {
		f.Add(seed.title, seed.summary, seed.prose, seed.sql, seed.conn, seed.value)
	}
	f.Fuzz(func(t *testing.T, title, summary, prose, sql, conn, value string) {
		direct := hostileScenario(title, summary, sql, conn, value)
		tr := hostileRun(sql, conn, value)
		lanes := hostileLanes(sql, value)
		checkPythonSafe(t, "direct without a run", DjangoTest(direct, nil, lanes, value))
		for _, link := range []string{value, "https://x.example/#v1." + value} {
			checkPythonSafe(t, "direct", DjangoTest(direct, tr, lanes, link))
			checkMarkdownSafe(t, "direct", Markdown(directDocument(direct), tr, lanes, link))
		}
		if sc := parsedScenario(title, summary, prose, sql, conn, value); sc != nil {
			checkPythonSafe(t, "parsed", DjangoTest(sc, nil, lanes, value))
			checkPythonSafe(t, "parsed with a run", DjangoTest(sc, tr, lanes, value))
			doc := sc.Document()
			checkMarkdownSafe(t, "parsed", Markdown(&doc, tr, lanes, value))
		}
		for _, st := range tr.Steps {
			for _, s := range st.Statements {
				checkCSVSafe(t, s, CSV(s))
			}
		}
	})
}

// hostileScenario is a scenario built directly, as the parser never would,
// so that every string reaches the exporter: connection and cursor names,
// SQL, parameters, expected rows and error codes.
func hostileScenario(title, summary, sql, conn, value string) *scenario.Scenario {
	vals := hostileValues(value)
	return &scenario.Scenario{
		ID: conn,
		Meta: wire.Meta{Title: title, Summary: summary, Storage: value,
			Connections: []wire.Connection{{Name: "default"}, {Name: conn, Pragmas: []wire.Setting{{Name: value, Value: value}},
				Limits: []wire.Setting{{Name: value, Value: value}}}}},
		Steps: []scenario.Step{
			{Index: 1, Conn: conn, Kind: scenario.Exec, SQL: sql, Params: []wire.Param{{Value: vals[0]}, {Name: ":" + value, Value: vals[1]}},
				Expect: []scenario.Expectation{{Kind: "rows", Rows: [][]wire.Value{vals}}, {Kind: "error", Want: value},
					{Kind: "busy", Want: value}, {Kind: "txn", Want: value}, {Kind: "changes", Want: "1"}}},
			{Index: 2, Conn: "default", Kind: scenario.Open, Cursor: value, SQL: sql, Fetch: 1,
				Expect: []scenario.Expectation{{Kind: "rows", Rows: [][]wire.Value{vals}}, {Kind: "rowCount", Want: "1"}}},
			{Index: 3, Conn: "default", Kind: scenario.Fetch, Cursor: value, Fetch: scenario.FetchAll},
			{Index: 4, Conn: "default", Kind: scenario.Close, Cursor: value},
			{Index: 5, Conn: conn, Kind: scenario.Exec, SQL: "SELECT ?, ?, ?, ?, ?, ?, ?", Params: positional(vals)},
			{Index: 6, Conn: conn, Kind: scenario.Exec, SQL: "SELECT :a, :b", Params: []wire.Param{{Name: ":a", Value: vals[1]}, {Name: ":b", Value: vals[2]}}},
		},
	}
}

func positional(vals []wire.Value) []wire.Param {
	ps := make([]wire.Param, len(vals))
	for i, v := range vals {
		ps[i] = wire.Param{Value: v}
	}
	return ps
}

// hostileValues are value as every storage class, numbers included: a run's
// values arrive as JSON from the page, so their text can be anything.
func hostileValues(value string) []wire.Value {
	return []wire.Value{wire.TextValue(value), {Type: wire.Integer, Text: value}, {Type: wire.Real, Text: value},
		{Type: wire.Blob, Text: value}, wire.NullValue(), wire.IntegerValue(-3), wire.RealValue(-0.5)}
}

// hostileLanes are recorded lanes with value wherever a recording puts
// text (label, date, SQL, column names, values, server errors, waits,
// reasons), one answer of each kind for steps 1 to 4.
func hostileLanes(sql, value string) []lane.Lane {
	vals := hostileValues(value)
	cols := make([]wire.Column, len(vals))
	for i := range cols {
		cols[i] = wire.Column{Name: value, DeclType: value}
	}
	fail := &wire.Error{Code: value, Extended: value, Message: value}
	steps := []lane.Step{
		{LaneStep: wire.LaneStep{LaneStepHead: wire.LaneStepHead{Index: 1, SQL: sql + value, SQLFrom: "lane"}, Statements: []wire.Statement{
			{SQL: value, Columns: cols, Rows: [][]wire.Value{vals, vals}, RowCount: 2, Note: value},
			{SQL: value, Error: fail}}, Error: fail}},
		{LaneStep: wire.LaneStep{LaneStepHead: wire.LaneStepHead{Index: 2, SQL: value, SQLFrom: "rewritten"}, Statements: []wire.Statement{{SQL: value, Note: value}},
			Blocked: &wire.Blocked{Statement: 1, WaitsFor: []string{value}, Message: value}}},
		{LaneStep: wire.LaneStep{LaneStepHead: wire.LaneStepHead{Index: 3, NotApplicable: value}}},
		{Edited: true, LaneStep: wire.LaneStep{LaneStepHead: wire.LaneStepHead{Index: 4, SQL: value}}},
	}
	return []lane.Lane{{Desc: lane.Desc{Name: value, Label: value, Provenance: value}, Steps: steps}}
}

// hostileRun is a transcript of the hostile scenario with value wherever a
// run puts text: column names and types, values, errors, notes.
func hostileRun(sql, conn, value string) *wire.Transcript {
	vals := hostileValues(value)
	cols := make([]wire.Column, len(vals))
	for i := range cols {
		cols[i] = wire.Column{Name: value, DeclType: []string{value, "DATE", "BOOL", "TIMESTAMP"}[i%4]}
	}
	fail := &wire.Error{Code: value, Extended: value, Message: value, Note: value}
	stmts := []wire.Statement{
		{SQL: sql, Columns: cols, Rows: [][]wire.Value{vals, vals}, RowCount: 2, Truncated: value, Note: value, Changes: 1},
		{SQL: value, Busy: &wire.Busy{TimeoutMs: 5}, Error: fail},
	}
	return &wire.Transcript{Title: value, Storage: value, Failures: 1, Engine: wire.Engine{Version: value, SQLite: value},
		Stopped:     &wire.Stop{Message: value},
		Connections: []wire.Connection{{Name: "default"}, {Name: conn, Error: fail}},
		Steps: []wire.Step{
			{Index: 1, Conn: conn, Statements: stmts, Params: []wire.Param{{Name: value, Value: vals[0]}},
				States: []wire.ConnState{{Name: conn, Txn: value}}, Checks: []wire.Check{{Kind: "rows", Want: value, Got: value}, {Kind: value, Want: value, Got: value}}},
			{Index: 2, Conn: "default", Statements: stmts[:1]},
			{Index: 3, Conn: "default", Skipped: true},
		},
	}
}

// directDocument is the Document of a scenario that was never parsed.
func directDocument(sc *scenario.Scenario) *wire.Document {
	doc := &wire.Document{ID: sc.ID, Meta: sc.Meta}
	for _, st := range sc.Steps {
		doc.Steps = append(doc.Steps, wire.DocStep{Index: st.Index, Conn: st.Conn, Kind: string(st.Kind), Cursor: st.Cursor, Fetch: st.Fetch, SQL: st.SQL})
	}
	return doc
}

// parsedScenario writes the strings into a scenario file and parses it, or
// returns nil when the parser refuses them (a connection name must be an
// identifier, say).
func parsedScenario(title, summary, prose, sql, conn, value string) *scenario.Scenario {
	conns, opt := "", ""
	if conn != "" && conn != scenario.DefaultConn {
		conns, opt = "connections:\n  default: {}\n  "+yamlString(conn)+": {}\n", " conn="+conn
	}
	fence := fenceFor(sql + value)
	src := "---\ntitle: " + yamlString(title) + "\nsummary: " + yamlString(summary) + "\n" + conns + "---\n\n" + prose + "\n\n" +
		fence + "sql" + opt + " params=\"" + strings.ReplaceAll("'"+strings.ReplaceAll(value, "'", "''")+"'", `"`, `\"`) + "\"\n" + sql + "\n" + fence + "\n"
	sc, err := scenario.Parse("fuzz.md", []byte(src))
	if err != nil {
		return nil
	}
	return sc
}

// The Python a module may hold outside string literals and comments: the
// keywords, imports, calls and attributes the exporter itself writes. Any
// other name is a variable the exporter made from a scenario's name.
var (
	pyAllowedKeywords = wordSet("from import class def with as for in if is not and return pass None True False")
	pyCallable        = wordSet(`float int bytes len set sorted cursor execute fetchall fetchmany close setlimit schema
		assertEqual assertTrue assertFalse assertRaises assertRaisesMessage fail upper replace rollback fromhex decode
		parse_date parse_datetime parse_time`)
	pyAttributes = wordSet(`cursor execute fetchall fetchmany close connection setlimit total_changes in_transaction
		assertEqual assertTrue assertFalse assertRaises assertRaisesMessage fail upper replace rollback fromhex decode
		schema schema_before databases db test utils dateparse`)
	pyImport = regexp.MustCompile(`^(import sqlite3|from django\.(db|test|utils\.dateparse) import ` +
		`(connection|connections|TestCase|TransactionTestCase|parse_date|parse_datetime|parse_time|` +
		`IntegrityError|DataError|DatabaseError|InternalError|InterfaceError|OperationalError)` +
		`(, (connections|parse_datetime|parse_time|IntegrityError|DataError|DatabaseError|InternalError|InterfaceError|OperationalError))*)$`)
	pyLimit = regexp.MustCompile(`^SQLITE_LIMIT_[A-Z0-9_]*$`)
	// pyBound are the names a module reads without assigning them: self,
	// builtins, the loop and with-statement variables of its cleanup, and the
	// keyword argument of its sorted().
	pyBound  = wordSet("self float int bytes len set sorted alias kind name cursor reverse")
	pyAssign = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// pyToken is one token of a line of code: a name, a number, an operator
// or a string literal ("S").
type pyToken struct{ kind, text string }

// checkPythonSafe reads a generated module as Python's tokenizer would and
// fails unless the first two lines are the fixed ones, every character is
// printable (so no line break but \n, no control, no invisible or
// bidirectional character), every string literal is one line with only
// pyStr's escapes and no prefix (an f-string runs code), and the code
// around literals and comments is only what the exporter writes: its
// keywords, imports, calls and attributes, and variables it assigns: a name
// that is none of these would be scenario text read as code.
func checkPythonSafe(t *testing.T, name, py string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s: %s in:\n%s", name, fmt.Sprintf(format, args...), py)
	}
	lines := strings.Split(py, "\n")
	if len(lines) < 3 || lines[0] != pyCodingLine || lines[1] != pySecondLine {
		fail("the first two lines are not the fixed ones")
	}
	if !utf8.ValidString(py) {
		fail("invalid UTF-8")
	}
	for _, r := range py {
		if r != '\n' && !unicode.IsPrint(r) {
			fail("character %U", r)
		}
	}
	defined := map[string]bool{}
	for _, line := range lines {
		if before, _, ok := strings.Cut(strings.TrimLeft(line, " "), " = "); ok && pyAssign.MatchString(before) {
			defined[before] = true
		}
		if strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "from ") {
			_, names, _ := strings.Cut(" "+line, " import ")
			for _, n := range strings.Split(names, ", ") {
				defined[n] = true
			}
		}
	}
	for n, line := range lines {
		toks, err := pyTokenize(line)
		if err != nil {
			fail("line %d: %v", n+1, err)
		}
		if len(toks) > 0 && toks[0].text == "import" || strings.HasPrefix(line, "from ") {
			if !pyImport.MatchString(line) {
				fail("line %d imports something else", n+1)
			}
			continue
		}
		for i, tk := range toks {
			if tk.kind != "name" {
				continue
			}
			prev, next := "", ""
			if i > 0 {
				prev = toks[i-1].text
			}
			if i+1 < len(toks) {
				next = toks[i+1].text
			}
			switch {
			case pyKeywords[tk.text] && !pyAllowedKeywords[tk.text]:
				fail("line %d: keyword %s", n+1, tk.text)
			case prev == "." && !pyAttributes[tk.text] && !pyLimit.MatchString(tk.text):
				fail("line %d: attribute %s", n+1, tk.text)
			case next == "(" && prev != "def" && prev != "class" && !pyCallable[tk.text]:
				fail("line %d: call of %s", n+1, tk.text)
			case prev != "." && prev != "def" && prev != "class" && next != "(" && !pyKeywords[tk.text] &&
				!defined[tk.text] && !pyBound[tk.text]:
				fail("line %d: %s is neither assigned nor the exporter's", n+1, tk.text)
			}
		}
	}
}

// pyTokenize splits one line into tokens, dropping its comment. It knows
// only what the exporter writes: names, decimal numbers, a few operators
// and one-line string literals.
func pyTokenize(line string) ([]pyToken, error) {
	var toks []pyToken
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ':
			i++
		case c == '#':
			return toks, nil
		case c == '"' || c == '\'':
			if i > 0 && isNameByte(line[i-1]) {
				return nil, fmt.Errorf("a string prefix %q", line[:i])
			}
			end := i + 1
			for end < len(line) && line[end] != c {
				if line[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(line) {
				return nil, fmt.Errorf("a string that does not end on its line")
			}
			if _, err := pyUnquote(line[i : end+1]); err != nil {
				return nil, err
			}
			toks = append(toks, pyToken{"string", "S"})
			i = end + 1
		case isNameByte(c) && !(c >= '0' && c <= '9'):
			j := i
			for j < len(line) && isNameByte(line[j]) {
				j++
			}
			toks = append(toks, pyToken{"name", line[i:j]})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && (line[j] >= '0' && line[j] <= '9' || strings.IndexByte(".eE", line[j]) >= 0 ||
				(line[j] == '+' || line[j] == '-') && (line[j-1] == 'e' || line[j-1] == 'E')) {
				j++
			}
			if j < len(line) && isNameByte(line[j]) {
				return nil, fmt.Errorf("a number runs into a name: %q", line[i:j+1])
			}
			toks = append(toks, pyToken{"number", line[i:j]})
			i = j
		case strings.IndexByte("()[]{},:.=-%!", c) >= 0:
			toks = append(toks, pyToken{"op", string(c)})
			i++
		default:
			return nil, fmt.Errorf("code character %q", line[i:])
		}
	}
	return toks, nil
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// checkCSVSafe reads out back with encoding/csv and fails unless it holds
// stmt's header and rows, each field the value as written, and no field
// starts as a formula unless it is a number.
func checkCSVSafe(t *testing.T, stmt wire.Statement, out string) {
	t.Helper()
	if len(stmt.Columns) == 0 {
		return
	}
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 1+len(stmt.Rows) {
		t.Fatalf("CSV %q reads back as %d records (%v), want %d", out, len(recs), err, 1+len(stmt.Rows))
	}
	want := [][]wire.Value{make([]wire.Value, len(stmt.Columns))}
	for i, c := range stmt.Columns {
		want[0][i] = wire.TextValue(c.Name)
	}
	want = append(want, stmt.Rows...)
	for i, rec := range recs {
		if len(rec) != len(want[i]) {
			t.Fatalf("CSV record %d has %d fields, want %d: %q", i, len(rec), len(want[i]), out)
		}
		for j, field := range rec {
			v := want[i][j]
			number := v.Type == wire.Integer && isDecimalInt(v.Text) || v.Type == wire.Real && isDecimalReal(v.Text)
			text := strings.ReplaceAll(v.Text, "\r\n", "\n") // encoding/csv reads a quoted CRLF as LF
			switch {
			case field != "" && strings.IndexByte(formulaStart, field[0]) >= 0 && !number:
				t.Fatalf("CSV field %q of %v %q is a formula", field, v.Type, v.Text)
			case field != text && field != "'"+text:
				t.Fatalf("CSV field %q does not read back as %q", field, v.Text)
			}
		}
	}
}

// yamlString writes s as a YAML double-quoted scalar, escaping everything
// but printable ASCII so that any text reaches the front matter intact.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\ufffd") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= ' ' && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
