package export

import (
	"slices"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		{"SELECT 1; SELECT 2", []string{"SELECT 1;", "SELECT 2"}},
		{"  -- only a comment\n /* and another; */ ", nil},
		{"SELECT ';' AS x; SELECT \"a;b\"", []string{"SELECT ';' AS x;", `SELECT "a;b"`}},
		{"SELECT [x;y], `a;b` -- c;\n; SELECT 'it''s;'", []string{"SELECT [x;y], `a;b` -- c;\n;", "SELECT 'it''s;'"}},
		{"CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO l VALUES (1); SELECT CASE WHEN 1 THEN 2 END; END; SELECT 3",
			[]string{"CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO l VALUES (1); SELECT CASE WHEN 1 THEN 2 END; END;", "SELECT 3"}},
		{"create temp trigger tr after delete on t begin delete from u; end ; begin; commit",
			[]string{"create temp trigger tr after delete on t begin delete from u; end ;", "begin;", "commit"}},
		{"SELECT 'unterminated; SELECT 2", []string{"SELECT 'unterminated; SELECT 2"}},
		{";;SELECT 1;;", []string{"SELECT 1;"}},
	} {
		if got := splitStatements(tc.sql); !slices.Equal(got, tc.want) {
			t.Errorf("splitStatements(%q) = %q, want %q", tc.sql, got, tc.want)
		}
	}
}

func TestDjangoSQL(t *testing.T) {
	for _, tc := range []struct {
		sql, want string
		ph        []string
		ok        bool
	}{
		{"SELECT * FROM t WHERE a = ? AND b LIKE '%s%' AND c = '?'", "SELECT * FROM t WHERE a = %s AND b LIKE '%%s%%' AND c = '?'", []string{"?"}, true},
		{"SELECT :name, @x, $y, 100 % 7, ':no'", "SELECT %(name)s, %(x)s, %(y)s, 100 %% 7, ':no'", []string{":name", "@x", "$y"}, true},
		{"SELECT ?2, ?1", "SELECT ?2, ?1", []string{"?2", "?1"}, false},
		{"SELECT \"%col\" -- 50% off ?\n", "SELECT \"%%col\" -- 50%% off ?\n", nil, true},
	} {
		got, ok := djangoSQL(tc.sql)
		if got != tc.want || ok != tc.ok {
			t.Errorf("djangoSQL(%q) = %q, %v; want %q, %v", tc.sql, got, ok, tc.want, tc.ok)
		}
		if ph := placeholders(tc.sql); !slices.Equal(ph, tc.ph) {
			t.Errorf("placeholders(%q) = %q, want %q", tc.sql, ph, tc.ph)
		}
	}
}
