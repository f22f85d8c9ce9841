package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// FuzzStatement feeds random SQL to the engine's statement path, on a
// database that already holds a table and an open cursor. Whatever the SQL,
// the engine must answer with a result: no panic, no crash stop, and the
// statement that follows still runs.
func FuzzStatement(f *testing.F) {
	for _, seed := range []string{
		"SELECT 1",
		"SELECT x, typeof(x) FROM t ORDER BY 1",
		"INSERT INTO t VALUES (?), (:name)",
		"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c",
		"SELECT randomblob(1e9)",
		"ATTACH 'x.db' AS y",
		"PRAGMA busy_timeout = 10; PRAGMA busy_timeout",
		"BEGIN; DROP TABLE t; ROLLBACK",
		"SELECT printf('%.*c', 2000000000, 'x')",
		"CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT raise(ABORT, 'no'); END; INSERT INTO t VALUES (1)",
		"VACUUM",
		"SELECT json_extract('{\"a\":[1,2]}', '$.a[1]')",
		"'unterminated",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		if strings.Contains(sql, "```") {
			return // a fence would end the step's block: not an SQL input
		}
		sc := &scenario.Scenario{
			ID: "fuzz",
			Meta: wire.Meta{Storage: scenario.StorageMemdb,
				Connections: []wire.Connection{{Name: scenario.DefaultConn}}},
			Steps: []scenario.Step{
				{Index: 1, Conn: scenario.DefaultConn, Kind: scenario.Exec, SQL: "CREATE TABLE t(x); INSERT INTO t VALUES (1), ('a'), (NULL)"},
				{Index: 2, Conn: scenario.DefaultConn, Kind: scenario.Open, Cursor: "c", Fetch: 1, SQL: "SELECT x FROM t"},
				{Index: 3, Conn: scenario.DefaultConn, Kind: scenario.Exec, SQL: sql,
					Params: []wire.Param{{Value: wire.IntegerValue(7)}, {Name: ":name", Value: wire.TextValue("n")}}},
				{Index: 4, Conn: scenario.DefaultConn, Kind: scenario.Exec, SQL: "SELECT 1"},
			},
		}
		tr := Run(t.Context(), sc, Options{StatementTimeout: 100 * time.Millisecond, RunTimeout: time.Second})
		if tr.Stopped != nil && tr.Stopped.Reason == "crash" {
			t.Fatalf("the engine crashed on %q: %s", sql, tr.Steps[2].Error.Message)
		}
		if len(tr.Steps) != 4 {
			t.Fatalf("%d steps in the transcript, want 4", len(tr.Steps))
		}
		if last := tr.Steps[3]; !last.Skipped && last.Error != nil {
			t.Errorf("the statement after %q failed: %+v", sql, last.Error)
		}
	})
}
