package scenario

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// twoConns is front matter declaring a second connection, for step tests.
const twoConns = "---\nconnections:\n  other:\n---\n"

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	sc, err := Parse("t.md", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sc
}

// expectDiag parses src and checks that one of the diagnostics is want, in
// "file:line:col: message" form (message compared by prefix).
func expectDiag(t *testing.T, src, want string) {
	t.Helper()
	_, err := Parse("t.md", []byte(src))
	var d Diagnostics
	if !errors.As(err, &d) {
		t.Fatalf("Parse(%q) = %v, want diagnostic %q", src, err, want)
	}
	for _, x := range d {
		if strings.HasPrefix(x.Error(), want) {
			return
		}
	}
	t.Errorf("Parse(%q) diagnostics\n got: %s\nwant: %s…", src, d.Error(), want)
}

func TestStepOptions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Step // Index, Line and SQL are checked too
	}{
		{"plain", "```sql\nSELECT 1\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "SELECT 1",
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true}}}},
		{"conn", twoConns + "```sql conn=other\nSELECT 1\n```\n",
			Step{Index: 1, Line: 5, Conn: "other", Kind: Exec, SQL: "SELECT 1", Info: "conn=other",
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 5, Implicit: true}}}},
		{"quirk with rows block", "```sql quirk\nX\n```\n```rows\n1\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: "quirk", Quirk: true,
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true},
					{Kind: "rows", Want: "1", Line: 4, Rows: [][]wire.Value{{wire.IntegerValue(1)}}}}}},
		{"expect code", "```sql expect=SQLITE_CONSTRAINT_UNIQUE\nX\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: "expect=SQLITE_CONSTRAINT_UNIQUE",
				Expect: []Expectation{{Kind: "error", Want: "SQLITE_CONSTRAINT_UNIQUE", Line: 1}}}},
		{"counts", "```sql expect=ok rows=3 changes=0 busy=none txn=read\nX\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: "expect=ok rows=3 changes=0 busy=none txn=read",
				Expect: []Expectation{
					{Kind: "error", Want: "ok", Line: 1}, {Kind: "rowCount", Want: "3", Line: 1},
					{Kind: "changes", Want: "0", Line: 1}, {Kind: "busy", Want: "none", Line: 1},
					{Kind: "txn", Want: "read", Line: 1}}}},
		{"busy refused", "```sql busy=refused expect=SQLITE_BUSY\nX\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: "busy=refused expect=SQLITE_BUSY",
				Expect: []Expectation{{Kind: "error", Want: "SQLITE_BUSY", Line: 1}, {Kind: "busy", Want: "refused", Line: 1}}}},
		{"params", "```sql params=\"1, -2.5, 'it''s', x'00ff', NULL, :n='a b'\"\nX\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: `params="1, -2.5, 'it''s', x'00ff', NULL, :n='a b'"`,
				Params: []wire.Param{
					{Value: wire.IntegerValue(1)}, {Value: wire.RealValue(-2.5)},
					{Value: wire.TextValue("it's")}, {Value: wire.BlobValue([]byte{0, 255})},
					{Value: wire.NullValue()}, {Name: ":n", Value: wire.TextValue("a b")}},
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true}}}},
		{"params unquoted", "```sql params=7\nX\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: "params=7",
				Params: []wire.Param{{Value: wire.IntegerValue(7)}},
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true}}}},
		{"escaped quote in value", "```sql params=\"'say \\\"hi\\\"'\"\nX\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Exec, SQL: "X", Info: `params="'say \"hi\"'"`,
				Params: []wire.Param{{Value: wire.TextValue(`say "hi"`)}},
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true}}}},
		{"open cursor", "```sql cursor=it fetch=2\nSELECT 1\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Open, Cursor: "it", Fetch: 2, SQL: "SELECT 1", Info: "cursor=it fetch=2",
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true}}}},
		{"open cursor default fetch", "```sql cursor=it\nSELECT 1\n```\n",
			Step{Index: 1, Line: 1, Conn: "default", Kind: Open, Cursor: "it", SQL: "SELECT 1", Info: "cursor=it",
				Expect: []Expectation{{Kind: "error", Want: "ok", Line: 1, Implicit: true}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustParse(t, tt.src)
			if len(sc.Steps) != 1 {
				t.Fatalf("got %d steps, want 1", len(sc.Steps))
			}
			if got := sc.Steps[0]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("step\n got: %+v\nwant: %+v", got, tt.want)
			}
		})
	}
}

func TestCursorSteps(t *testing.T) {
	sc := mustParse(t, twoConns+"```sql cursor=it fetch=1 conn=other\nSELECT 1\n```\n\n"+
		"```sql cursor=it fetch=all\n```\n\n```sql cursor=it close\n```\n\n```sql cursor=it\nSELECT 2\n```\n")
	var got []string
	for _, st := range sc.Steps {
		got = append(got, string(st.Kind)+" "+st.Cursor+" "+st.Conn)
	}
	want := []string{"open it other", "fetch it other", "close it other", "open it default"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("steps = %q, want %q", got, want)
	}
	if sc.Steps[1].Fetch != FetchAll {
		t.Errorf("fetch=all gave %d", sc.Steps[1].Fetch)
	}
}

func TestRowsBlock(t *testing.T) {
	sc := mustParse(t, "```sql\nSELECT 1\n```\n```rows\n1, 'a', 1.0\n\nNULL, x'01', 0.30000000000000004\n```\n")
	tenth, fifth := 0.1, 0.2 // variables: Go constant arithmetic would be exact
	e := sc.Steps[0].Expect[1]
	want := Expectation{Kind: "rows", Line: 4, Want: "1, 'a', 1.0\nNULL, x'01', 0.30000000000000004", Rows: [][]wire.Value{
		{wire.IntegerValue(1), wire.TextValue("a"), wire.RealValue(1)},
		{wire.NullValue(), wire.BlobValue([]byte{1}), wire.RealValue(tenth + fifth)},
	}}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("rows expectation\n got: %+v\nwant: %+v", e, want)
	}
	empty := mustParse(t, "```sql\nSELECT 1 WHERE 0\n```\n```rows\n```\n")
	if e := empty.Steps[0].Expect[1]; e.Kind != "rows" || len(e.Rows) != 0 || e.Rows == nil {
		t.Errorf("an empty rows block must expect no rows, got %+v", e)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown option", "```sql cnn=other\nX\n```\n", `t.md:1:8: unknown option "cnn" (did you mean "conn"?)`},
		{"unknown option far", "```sql\nX\n```\n\n```sql frobnicate=1\nY\n```\n", `t.md:5:8: unknown option "frobnicate"`},
		{"option twice", "```sql rows=1 rows=2\nX\n```\n", `t.md:1:15: option "rows" given twice`},
		{"flag needs value", "```sql conn\nX\n```\n", `t.md:1:8: option "conn" needs a value`},
		{"close takes no value", "```sql cursor=c\nX\n```\n```sql cursor=c close=1\n```\n", `t.md:4:17: option close takes no value`},
		{"quirk takes no value", "```sql quirk=1 rows=1\nX\n```\n", `t.md:1:8: option quirk takes no value`},
		{"quirk proves nothing", "```sql\nX\n```\n\n```sql conn=default quirk\nY\n```\n", `t.md:5:21: the step marked quirk needs an expectation that proves it`},
		{"unknown connection", "```sql conn=other\nX\n```\n", `t.md:1:8: unknown connection "other" (declared in the front matter: default)`},
		{"bad expect", "```sql expect=BUSY\nX\n```\n", `t.md:1:8: expect=BUSY: use ok or an SQLite result code name`},
		{"bad rows", "```sql rows=-1\nX\n```\n", `t.md:1:8: rows=-1: use a whole number`},
		{"bad busy", "```sql busy=soon\nX\n```\n", `t.md:1:8: busy=soon: use the virtual milliseconds`},
		{"bad txn", "```sql txn=maybe\nX\n```\n", `t.md:1:8: txn=maybe: use none, read or write`},
		{"bad fetch", "```sql cursor=c fetch=lots\nX\n```\n", `t.md:1:17: fetch=lots: use a number`},
		{"empty step", "```sql\n```\n", `t.md:1:1: this sql step is empty`},
		{"fetch without cursor", "```sql fetch=1\nX\n```\n", `t.md:1:8: fetch and close need a cursor`},
		{"cursor not open", "```sql cursor=c fetch=1\n```\n", `t.md:1:8: no cursor "c" is open here`},
		{"cursor open twice", "```sql cursor=c\nX\n```\n```sql cursor=c\nY\n```\n", `t.md:4:8: cursor "c" is already open`},
		{"cursor needs action", "```sql cursor=c\nX\n```\n```sql cursor=c\n```\n", `t.md:4:8: a step on an open cursor needs fetch=N`},
		{"fetch and close", "```sql cursor=c\nX\n```\n```sql cursor=c fetch=1 close\n```\n", `t.md:4:17: a step either fetches or closes`},
		{"close with sql", "```sql cursor=c close\nX\n```\n", `t.md:1:8: a step that closes a cursor has no SQL`},
		{"cursor wrong conn", twoConns + "```sql cursor=c\nX\n```\n```sql cursor=c close conn=other\n```\n", `t.md:8:8: cursor "c" belongs to connection default`},
		{"bad cursor name", "```sql cursor=1c\nX\n```\n", `t.md:1:8: cursor name "1c" must be`},
		{"unclosed quote", "```sql params=\"1, 2\nX\n```\n", `t.md:1:15: quoted value is never closed`},
		{"bad param", "```sql params=\"1, 'a\"\nX\n```\n", `t.md:1:19: params: string is never closed`},
		{"bad param word", "```sql params=\"1, abc\"\nX\n```\n", `t.md:1:19: params: "abc" is not a value`},
		{"missing comma", "```sql params=\"1 2\"\nX\n```\n", `t.md:1:18: params: expected a comma`},
		{"rows without step", "Hello\n\n```rows\n1\n```\n", `t.md:3:4: a rows block must come right after the sql step`},
		{"rows options", "```sql\nX\n```\n```rows strict\n1\n```\n", `t.md:4:4: a rows block takes no options`},
		{"bad row", "```sql\nX\n```\n```rows\n1, 'a\n```\n", `t.md:5:4: rows: string is never closed`},
		{"bad blob", "```sql\nX\n```\n```rows\nx'0g'\n```\n", `t.md:5:1: rows: x'0g' is not a blob`},
		{"huge integer", "```sql\nX\n```\n```rows\n99999999999999999999\n```\n", `t.md:5:1: rows: 99999999999999999999 is not a 64-bit integer`},
		{"nested step", "- item\n\n  ```sql\n  X\n  ```\n", `t.md:3:6: a sql block must start at the left margin`},
		{"front matter unclosed", "---\ntitle: x\n", `t.md:1:1: front matter opened with --- is never closed`},
		{"front matter unknown key", "---\ntitle: x\ntitel: y\n---\n", `t.md:3:1: unknown key "titel" in front matter`},
		{"front matter key twice", "---\ntitle: x\ntitle: y\n---\n", `t.md:3:1: key "title" given twice in front matter`},
		{"front matter yaml", "---\ntitle: [x\n---\n", `t.md:`},
		{"front matter not mapping", "---\n- a\n---\n", `t.md:2:1: the front matter must be a mapping`},
		{"bad topic", "---\ntopic: food\n---\n", `t.md:2:8: "food" is not one of: text, numbers`},
		{"bad storage", "---\nstorage: wal\n---\n", `t.md:2:10: "wal" is not one of: memdb, mvcc`},
		{"bad link", "---\nlinks:\n  - title: x\n    url: javascript:alert(1)\n---\n", `t.md:4:10: "javascript:alert(1)" is not an http or https address`},
		{"link without title", "---\nlinks:\n  - url: https://sqlite.org/\n---\n", `t.md:3:5: a link needs both a title and a url`},
		{"link with an empty title", "---\nlinks:\n  - title: \" \"\n    url: https://sqlite.org/\n---\n", `t.md:3:12: a link's title is empty`},
		{"unknown django key", "---\ndjango:\n  version: 5.2\n---\n", `t.md:3:3: unknown key "version" in django`},
		{"raises without models", "---\ndjango:\n  orm: x()\n  raises: IntegrityError\n---\n", `t.md:4:11: this key needs django.models`},
		{"app without models", "---\ndjango:\n  app: people\n---\n", `t.md:3:8: this key needs django.models`},
		{"bad app label", "---\ndjango:\n  app: People\n  models: x\n---\n", `t.md:3:8: "People" is not an app label`},
		{"app label with a dash", "---\ndjango:\n  app: my-app\n  models: x\n---\n", `t.md:3:8: "my-app" is not an app label`},
		{"raises not a class", "---\ndjango:\n  models: x\n  raises: it fails\n---\n", `t.md:4:11: "it fails" does not start with an exception's class name`},
		{"raises empty part", "---\ndjango:\n  models: x\n  raises: db..Error\n---\n", `t.md:4:11: "db..Error" does not start`},
		{"unknown django database", "---\ndjango:\n  models: x\n  database: disk\n---\n", `t.md:4:13: "disk" is not one of: file`},
		{"django database memory", "---\ndjango:\n  models: x\n  database: \":memory:\"\n---\n", `t.md:4:13: ":memory:" is not one of: file`},
		{"database without models", "---\ndjango:\n  orm: x()\n  database: file\n---\n", `t.md:4:13: this key needs django.models`},
		{"bad connection name", "---\nconnections:\n  my-conn:\n---\n", `t.md:3:3: connection name "my-conn" must be`},
		{"connection twice", "---\nconnections:\n  a:\n  a:\n---\n", `t.md:`},
		{"bad busy_timeout", "---\nconnections:\n  default:\n    busy_timeout: soon\n---\n", `t.md:4:19: "soon" must be a whole number`},
		{"unknown connection key", "---\nconnections:\n  default:\n    timeout: 5\n---\n", `t.md:4:5: unknown key "timeout" in connection default`},
		{"unknown limit", "---\nconnections:\n  default:\n    limits:\n      variables: 5\n---\n", `t.md:5:7: unknown limit "variables"`},
		{"bad pragma value", "---\nconnections:\n  default:\n    pragmas:\n      foreign_keys: \"ON; DROP TABLE x\"\n---\n", `t.md:5:21: "ON; DROP TABLE x" must be a single word`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectDiag(t, tt.src, tt.want) })
	}
}

func TestDiagnosticQuotesLine(t *testing.T) {
	_, err := Parse("like.md", []byte("---\ntitle: x\n---\nText\n\n```sql cnn=x\nSELECT 1\n```\n"))
	want := "like.md:6:8: unknown option \"cnn\" (did you mean \"conn\"?)\n\t```sql cnn=x"
	if err == nil || err.Error() != want {
		t.Errorf("error\n got: %v\nwant: %s", err, want)
	}
}

func TestFrontMatter(t *testing.T) {
	sc := mustParse(t, `---
title: LIKE ignores case
summary: One line.
topic: text
tags: [like, lookups]
backend: sqlite
storage: mvcc
django:
  versions: "5.2, 6.0"
  app: store
  models: |
    class Item(models.Model):
        name = models.CharField(max_length=10)
  orm: |
    Item.objects.filter(name__contains="a")
  raises: "django.db.utils.NotSupportedError: not on SQLite"
  database: file
  sql: |
    SELECT ... LIKE %s ESCAPE '\'
  note: Django sends **LIKE**.
links:
  - title: SQLite LIKE
    url: https://sqlite.org/lang_expr.html#like
connections:
  other:
    busy_timeout: 250
    pragmas:
      foreign_keys: "ON"
      journal_mode: WAL
    limits:
      variable_number: 10
  default:
    busy_timeout: 5000
---
`+"```sql\nSELECT 1\n```\n")
	want := wire.Meta{
		Title: "LIKE ignores case", Summary: "One line.", Topic: "text", Tags: []string{"like", "lookups"},
		Backend: "sqlite", Storage: "mvcc",
		Django: wire.Django{Versions: "5.2, 6.0", App: "store",
			Models: "class Item(models.Model):\n    name = models.CharField(max_length=10)",
			ORM:    `Item.objects.filter(name__contains="a")`, Raises: "django.db.utils.NotSupportedError: not on SQLite",
			Database: "file", SQL: `SELECT ... LIKE %s ESCAPE '\'`, NoteHTML: "<p>Django sends <strong>LIKE</strong>.</p>\n"},
		Links: []wire.Link{{Title: "SQLite LIKE", URL: "https://sqlite.org/lang_expr.html#like"}},
		Connections: []wire.Connection{
			{Name: "default", BusyTimeoutMs: 5000},
			{Name: "other", BusyTimeoutMs: 250,
				Pragmas: []wire.Setting{{Name: "foreign_keys", Value: "ON"}, {Name: "journal_mode", Value: "WAL"}},
				Limits:  []wire.Setting{{Name: "variable_number", Value: "10"}}},
		},
	}
	if !reflect.DeepEqual(sc.Meta, want) {
		t.Errorf("meta\n got: %+v\nwant: %+v", sc.Meta, want)
	}
}

func TestDefaults(t *testing.T) {
	sc := mustParse(t, "```sql\nSELECT 1\n```\n")
	if sc.ID != "t" || sc.Meta.Title != "t" || sc.Meta.Storage != StorageMemdb {
		t.Errorf("defaults: id %q title %q storage %q", sc.ID, sc.Meta.Title, sc.Meta.Storage)
	}
	if len(sc.Meta.Connections) != 1 || sc.Meta.Connections[0].Name != DefaultConn {
		t.Errorf("connections = %+v, want just default", sc.Meta.Connections)
	}
	if _, err := Parse("t.md", nil); err == nil || !strings.Contains(err.Error(), "t.md:1:1: this scenario has no steps") {
		t.Errorf("empty source: %v, want a diagnostic", err)
	}
	if sc, _ := Parse(`dir\sub\x.md`, []byte("```sql\nSELECT 1\n```\n")); sc.ID != "x" {
		t.Errorf("id from a Windows path = %q", sc.ID)
	}
}
