package dialect

import (
	"slices"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestStatements(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"one", "SELECT 1", []string{"SELECT 1"}},
		{"two, trimmed", "BEGIN;\n  UPDATE t SET x = 1;\n", []string{"BEGIN", "UPDATE t SET x = 1"}},
		{"semicolon in a string", "SELECT 'a;b'; SELECT 2", []string{"SELECT 'a;b'", "SELECT 2"}},
		{"semicolon in a name", `SELECT "a;b" FROM t`, []string{`SELECT "a;b" FROM t`}},
		{"semicolon in a comment", "SELECT 1 -- no; split\n; SELECT /* ; */ 2", []string{"SELECT 1 -- no; split", "SELECT /* ; */ 2"}},
		{"dollar quotes", "SELECT $$a;b$$; SELECT $x$;$x$", []string{"SELECT $$a;b$$", "SELECT $x$;$x$"}},
		{"empty ones dropped", ";; -- only a comment\n;", nil},
		{"doubled quote", "SELECT 'it''s;'; SELECT 1", []string{"SELECT 'it''s;'", "SELECT 1"}},
		{"unclosed string runs to the end", "SELECT 'a; SELECT 2", []string{"SELECT 'a; SELECT 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Statements(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Statements(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLexKinds(t *testing.T) {
	tests := []struct {
		in   string
		want []tokenKind
	}{
		{"x::int", []tokenKind{tokWord, tokPunct, tokWord}},
		{"?1 ? :name @n $v $1", []tokenKind{tokParam, tokSpace, tokParam, tokSpace, tokParam, tokSpace, tokParam, tokSpace, tokParam, tokSpace, tokParam}},
		{"'?' \"?\" `?` [?]", []tokenKind{tokString, tokSpace, tokQuoted, tokSpace, tokQuoted, tokSpace, tokQuoted}},
		{"Äpfel_1", []tokenKind{tokWord}},
	}
	for _, tt := range tests {
		var got []tokenKind
		for _, tok := range lex(tt.in) {
			got = append(got, tok.kind)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("lex(%q) kinds = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzSQLText feeds arbitrary text to the recorder's SQL reading: lexing
// loses no byte, the statements are pieces of the text, and rewriting and
// binding never panic and keep every statement's text when nothing needs
// rewriting.
func FuzzSQLText(f *testing.F) {
	for _, seed := range []string{
		"SELECT 1; SELECT 'a;b'", `CREATE TABLE "t" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "x" datetime)`,
		"SELECT ? , ?2, :a, $b, $1, '?'", "SELECT $$x$$, $t$y$t$, $", "-- c\n/* d", `SELECT "a""b", 'it''s', [x]`,
		`x LIKE ? ESCAPE '\'`, "BEGIN IMMEDIATE; COMMIT", "REFERENCES \"t\" (\"id\") DEFERRABLE INITIALLY DEFERRED",
	} {
		f.Add(seed)
	}
	params := []wire.Param{{Value: wire.IntegerValue(-1)}, {Value: wire.TextValue("it's \\ \x00")}, {Value: wire.NullValue()}}
	f.Fuzz(func(t *testing.T, sql string) {
		var b strings.Builder
		for _, tok := range lex(sql) {
			if tok.text == "" {
				t.Fatalf("empty token in %q", sql)
			}
			b.WriteString(tok.text)
		}
		if b.String() != sql {
			t.Fatalf("lex lost text: %q became %q", sql, b.String())
		}
		for _, stmt := range Statements(sql) {
			if !strings.Contains(sql, stmt) || strings.TrimSpace(stmt) != stmt || stmt == "" {
				t.Fatalf("statement %q is not a trimmed piece of %q", stmt, sql)
			}
		}
		for _, lane := range []string{"postgres", "mariadb"} {
			_ = Rewrite(sql, lane)
			_, _ = Bind(sql, params, lane)
		}
		_ = SQLiteOnly(sql)
	})
}
