package main

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/play"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file holds what each bridge function does, in plain Go with no
// syscall/js, so that it is tested natively like the rest of the code. The
// versions the page checks are wire.Version (everything that crosses) and
// engine.Version (the engine, recorded in links).

// keepRuns is how many plays the module keeps for exports: a page has one
// scenario, a shared worker serves a page's embeds (arbitrary, generous).
const keepRuns = 16

// recent holds the last plays, by run number.
var recent = play.NewRecent(keepRuns)

// standby keeps the next Run's database and connections, opened while
// idle (dbquirks.prepare); parsed keeps the last source played, so Run
// again does not parse it.
var (
	standby play.Standby
	parsed  play.LastParse
)

// prepareNext is dbquirks.prepare, which the worker calls once a Run's
// answer has left, while the reader reads: it opens the next play's spare
// connections (play.Standby), then collects the garbage this Run and the
// opening left. Done here, where nobody waits, the collection's marking,
// write barriers and assists stay out of the next Run: measured under Node
// (BenchmarkRunPhases, whole-again against whole-again with a collection
// after Prepare), a Run of mariadb-pad-space went from 7.0–8.5 to 5.6–5.9 ms.
func prepareNext() error {
	err := standby.Prepare()
	runtime.GC()
	return err
}

// calls counts calls into the module's functions (counters() aside), for
// the test that a Run crosses the bridge once.
var calls atomic.Int64

// playJSON is dbquirks.play: one parse, one run and the run's markup,
// kept for the exports under the run number it returns. shown is the shape
// of the article on the page (play.Options.Shown): a Run that keeps it
// gets only the results' markup back. recordings are
// the scenario's recorded lanes as the page data carries them (a JSON
// array, "" for none): they cross with every play rather than living in
// the module, so a restarted or shared worker needs nothing sent first.
func playJSON(ctx context.Context, source, id, base, recordings, flip, shown string) ([]byte, error) {
	recs, err := lastRecordings.decode(recordings)
	if err != nil {
		return nil, err
	}
	o := play.Play(ctx, play.FileName(id), []byte(source), play.Options{HTML: true, Base: base, From: "live", Recordings: recs, Flip: flip, Shown: shown,
		Standby: &standby, Parsed: &parsed})
	recent.Add(o)
	return marshalPlain(o.Play)
}

// marshalPlain is json.Marshal without its HTML escaping: a play is mostly
// markup, which json.Marshal would grow by a quarter with \u003c and
// \u003e, only for JSON.parse to undo it (nothing puts this text in a
// <script>).
func marshalPlain(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// lastRecordings keeps the recordings of the last play: a page sends the
// same text with every Run, and decoding it is a few milliseconds under
// WebAssembly. Other text (another scenario's, an embed's) is decoded and
// kept in its place; nothing needs to be sent first.
var lastRecordings recordingsCache

type recordingsCache struct {
	mu   sync.Mutex
	text string
	recs []*wire.Recording
}

// decode is lane.Decode, remembering its last answer. The recordings are
// only read by a play, so plays may share them.
func (c *recordingsCache) decode(text string) ([]*wire.Recording, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if text == c.text && text != "" {
		return c.recs, nil
	}
	recs, err := lane.Decode(text)
	if err != nil {
		return nil, err
	}
	c.text, c.recs = text, recs
	return recs, nil
}

// counters is what dbquirks.counters() resolves to.
type counters struct {
	Calls  int64 `json:"calls"`
	Parses int64 `json:"parses"`
	Spares int64 `json:"spares"` // plays handed connections opened ahead
}

func countersJSON() ([]byte, error) {
	return json.Marshal(counters{Calls: calls.Load(), Parses: play.Parses(), Spares: play.Spares()})
}

// played finds a kept run from the page's argument, a decimal string.
func played(run string) (*play.Outcome, error) {
	n, err := strconv.Atoi(run)
	if err != nil {
		return nil, play.ErrUnknownRun
	}
	return recent.Get(n)
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
// broken in this browser. It also renders the run's markup, which a Run
// does too.
func warmupJSON(ctx context.Context) ([]byte, error) {
	sc, err := scenario.Parse("warmup.md", []byte(warmupScenario))
	if err != nil {
		return nil, err
	}
	start := time.Now()
	o := play.Scenario(ctx, sc, play.Options{HTML: true})
	return json.Marshal(warmup{
		ElapsedMs: float64(time.Since(start).Microseconds()) / 1000,
		Failures:  o.Transcript.Failures,
		Stopped:   o.Transcript.Stopped,
	})
}

// warmup is what dbquirks.warmup() resolves to.
type warmup struct {
	ElapsedMs float64    `json:"elapsedMs"`
	Failures  int        `json:"failures"`
	Stopped   *wire.Stop `json:"stopped,omitempty"`
}

// lanePlanJSON is dbquirks.lanePlan: what the page's live lane (PGlite)
// sends for a kept run, step by step.
func lanePlanJSON(run, lane string) ([]byte, error) {
	o, err := played(run)
	if err != nil {
		return nil, err
	}
	plan, err := play.LivePlan(o, lane)
	if err != nil {
		return nil, err
	}
	return json.Marshal(plan)
}

// laneResultJSON is dbquirks.laneResult: the live lane's answer to a kept
// run's plan, as lane steps with each step's markup.
func laneResultJSON(run, lane, answer string) ([]byte, error) {
	o, err := played(run)
	if err != nil {
		return nil, err
	}
	out, err := play.LiveLane(o, lane, []byte(answer))
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}
