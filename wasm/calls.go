package main

import (
	"context"
	"encoding/json"
	"errors"
	"path"
	"strings"
	"time"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// APIVersion is the version of the functions the module puts on
// globalThis.dbquirks. It changes when a function changes meaning or
// disappears; adding a function does not change it. The payloads have their
// own version, wire.Version.
const APIVersion = 1

// This file holds what each bridge function does, in plain Go with no
// syscall/js, so that it is tested natively like the rest of the code.

// fileName turns the id the page sends into the file name diagnostics
// show and from which the parser takes the scenario's id. A custom
// scenario has no id yet.
func fileName(id string) string {
	id = strings.TrimSuffix(path.Base(strings.ReplaceAll(id, `\`, "/")), ".md")
	if id == "" || id == "." || id == "/" {
		id = "scenario"
	}
	return id + ".md"
}

// parseJSON parses a scenario and returns its Document as JSON. A scenario
// with mistakes returns scenario.Diagnostics.
func parseJSON(source, id string) ([]byte, error) {
	sc, err := scenario.Parse(fileName(id), []byte(source))
	if err != nil {
		return nil, err
	}
	return json.Marshal(sc.Document())
}

// runJSON parses and plays a scenario from a fresh database and returns its
// Transcript as JSON, exactly as `dbquirks run --json` would print it.
func runJSON(ctx context.Context, source, id string) ([]byte, error) {
	sc, err := scenario.Parse(fileName(id), []byte(source))
	if err != nil {
		return nil, err
	}
	return json.Marshal(engine.Run(ctx, sc, engine.Options{}))
}

// diagnostics returns the structured mistakes behind err, or nil when err
// is not a scenario's.
func diagnostics(err error) []wire.Diagnostic {
	var d scenario.Diagnostics
	if errors.As(err, &d) {
		return d
	}
	return nil
}

// warmupScenario touches what the built-in scenarios use (DDL, inserts in a
// transaction, LIKE, collations, sorting, grouping, a join, a constraint
// error, a second connection meeting a lock), so that the browser compiles
// those parts of the engine while a visitor reads, not during their first
// Run. Measured: that compilation is ~95 % of a cold first query.
const warmupScenario = "---\ntitle: warmup\nconnections:\n  other:\n    busy_timeout: 100\n---\n\n" +
	"```sql\nCREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n REAL, d DECIMAL, b BLOB);\n" +
	"CREATE INDEX t_n ON t (n);\nBEGIN;\n" +
	"INSERT INTO t (name, n, d, b) VALUES ('Apple', 1.5, '2.50', x'00'), ('banana', 2, 3, NULL), ('Äpfel', NULL, 1e3, zeroblob(4));\n" +
	"COMMIT\n```\n\n" +
	"```sql\nSELECT name, typeof(n), upper(name), length(b) FROM t WHERE name LIKE 'a%' OR name = 'x' COLLATE NOCASE ORDER BY name DESC\n```\n\n" +
	"```sql\nSELECT count(*), sum(n), avg(d), group_concat(name, ',') FROM t GROUP BY n IS NULL HAVING count(*) > 0\n```\n\n" +
	"```sql\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50) SELECT a.x, t.name FROM c a LEFT JOIN t ON t.id = a.x % 4 ORDER BY a.x LIMIT 5\n```\n\n" +
	"```sql expect=SQLITE_CONSTRAINT_UNIQUE\nINSERT INTO t (name) VALUES ('Apple')\n```\n\n" +
	"```sql\nBEGIN IMMEDIATE; UPDATE t SET n = n * 2 WHERE id = 1\n```\n\n" +
	"```sql conn=other expect=SQLITE_BUSY\nDELETE FROM t\n```\n\n" +
	"```sql\nROLLBACK; SELECT CAST('12abc' AS INTEGER), 0.1 + 0.2, printf('%.2f', 1.0 / 3), json_object('a', 1)\n```\n"

// warmupJSON runs warmupScenario once and says how long it took and
// whether it held, which it always should: a failure means the engine is
// broken in this browser.
func warmupJSON(ctx context.Context) ([]byte, error) {
	sc, err := scenario.Parse("warmup.md", []byte(warmupScenario))
	if err != nil {
		return nil, err
	}
	start := time.Now()
	t := engine.Run(ctx, sc, engine.Options{})
	return json.Marshal(warmup{
		ElapsedMs: float64(time.Since(start).Microseconds()) / 1000,
		Failures:  t.Failures,
		Stopped:   t.Stopped,
	})
}

// warmup is what dbquirks.warmup() resolves to.
type warmup struct {
	ElapsedMs float64    `json:"elapsedMs"`
	Failures  int        `json:"failures"`
	Stopped   *wire.Stop `json:"stopped,omitempty"`
}
