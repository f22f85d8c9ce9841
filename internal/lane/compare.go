package lane

import (
	"strconv"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Diff is how a lane's answer to a step differs from SQLite's.
//
// The rule, in the order it is applied:
//
//   - Outcome. Each side either succeeded, failed, or met a lock: SQLite
//     fails with SQLITE_BUSY, a server waits ("blocked"). A different
//     outcome is a difference: waiting for a lock is not failing at once.
//     Two failures differ when both errors have a known class (unique,
//     not-null, foreign-key, check or other integrity violation, invalid
//     data, lock) and the classes differ; error codes and messages are
//     never compared, they are each engine's own.
//   - Rows. The statements that return rows are paired in order. A pair
//     differs in its number of columns or of rows, and in each value
//     (see [Same]) at the same row and column; rows are compared in the
//     order each engine returned them, since order is a quirk too. Column
//     names and types are not compared: each engine spells them its way.
//   - Changes. When both sides have the same outcome, the rows changed by
//     the whole step are compared.
//
// A step that did not run on one side (SQLite's run stopped before it,
// the lane cannot run it, or the answer no longer applies) is not compared.
type Diff struct {
	// Notes say what differs, one short sentence each, in the order of the
	// rule above; empty when nothing does.
	Notes []string
	cells map[Cell]bool
}

// Cell is one value of a lane's answer: the index of the statement in
// the lane step's Statements, then row and column, all 0-based.
type Cell struct{ Statement, Row, Column int }

// Differs reports whether anything differs.
func (d Diff) Differs() bool { return len(d.Notes) > 0 }

// Marked reports whether the lane's value at c differs from SQLite's.
func (d Diff) Marked(c Cell) bool { return d.cells[c] }

// Compare compares a lane's answer to a step with SQLite's.
func Compare(sqlite wire.Step, ls wire.LaneStep) Diff {
	var d Diff
	if sqlite.Skipped || ls.NotApplicable != "" {
		return d
	}
	a, b := sqliteOutcome(sqlite), laneOutcome(ls)
	if note := outcomeNote(a, b); note != "" {
		d.Notes = append(d.Notes, note)
	}
	d.compareRows(sqlite.Statements, ls.Statements)
	if a.kind == b.kind {
		x, y := totalChanges(sqlite.Statements), totalChanges(ls.Statements)
		if x != y {
			d.Notes = append(d.Notes, "changes "+report.Plural(y, "row")+" where SQLite changes "+strconv.FormatInt(x, 10))
		}
	}
	return d
}

// outcome is how a step ended on one side.
type outcome struct {
	kind  string // "ok", "error", "busy" (SQLite refused a lock) or "blocked" (a server waits)
	class string // the error's class, "" when unknown
	code  string // the error as a reader knows it
}

func sqliteOutcome(st wire.Step) outcome {
	if st.Error == nil {
		return outcome{kind: "ok"}
	}
	class := sqliteClasses[st.Error.Extended]
	if class == "" && st.Error.Code == "SQLITE_CONSTRAINT" {
		class = integrity
	}
	if class == "" {
		class = sqliteClasses[st.Error.Code]
	}
	if class == lock {
		return outcome{kind: "busy", class: lock, code: st.Error.Extended}
	}
	return outcome{kind: "error", class: class, code: st.Error.Extended}
}

func laneOutcome(ls wire.LaneStep) outcome {
	switch {
	case ls.Blocked != nil:
		return outcome{kind: "blocked", class: lock}
	case ls.Error == nil:
		return outcome{kind: "ok"}
	}
	class := serverClasses[ls.Error.Extended] // MariaDB's error numbers first
	if class == "" {
		class = serverClasses[ls.Error.Code]
	}
	if class == "" {
		class = sqlStateClasses[ls.Error.Code[:min(2, len(ls.Error.Code))]]
	}
	return outcome{kind: "error", class: class, code: ls.Error.Code}
}

// outcomeNote says how the outcomes differ, or "" when they do not.
func outcomeNote(sqlite, other outcome) string {
	switch {
	case sqlite.kind == other.kind && sqlite.kind != "error":
		return ""
	case sqlite.kind == "error" && other.kind == "error":
		if sqlite.class == "" || other.class == "" || sqlite.class == other.class {
			return ""
		}
		return "fails with " + other.class + " where SQLite's error is " + sqlite.class
	case other.kind == "blocked":
		if sqlite.kind == "ok" {
			return "waits for a lock where SQLite goes ahead"
		}
		return "waits for a lock where SQLite fails at once (" + sqlite.code + ")"
	case sqlite.kind == "busy":
		if other.kind == "ok" {
			return "goes ahead where SQLite is refused a lock (" + sqlite.code + ")"
		}
		return "fails (" + other.code + ") where SQLite is refused a lock (" + sqlite.code + ")"
	case other.kind == "error":
		return "fails (" + other.code + ") where SQLite succeeds"
	}
	return "succeeds where SQLite fails (" + sqlite.code + ")"
}

// compareRows pairs the statements that return rows and compares them.
func (d *Diff) compareRows(sqlite, other []wire.Statement) {
	xs, ys := resultSets(sqlite), resultSets(other)
	several := max(len(xs), len(ys)) > 1
	for i, yi := range ys {
		where := ""
		if several {
			where = "result " + strconv.Itoa(i+1) + ": "
		}
		y := other[yi]
		if i >= len(xs) {
			d.Notes = append(d.Notes, where+"returns rows where SQLite returns none")
			d.markAll(yi, y, 0)
			continue
		}
		x := sqlite[xs[i]]
		if len(x.Columns) != len(y.Columns) {
			d.Notes = append(d.Notes, where+report.Plural(int64(len(y.Columns)), "column")+" where SQLite has "+strconv.Itoa(len(x.Columns)))
		}
		if x.RowCount != y.RowCount {
			d.Notes = append(d.Notes, where+report.Plural(y.RowCount, "row")+" where SQLite has "+strconv.FormatInt(x.RowCount, 10))
		}
		if n := d.compareValues(yi, x.Rows, y.Rows); n > 0 && x.RowCount == y.RowCount {
			verb := " differ from SQLite's"
			if n == 1 {
				verb = " differs from SQLite's"
			}
			d.Notes = append(d.Notes, where+report.Plural(int64(n), "value")+verb)
		}
	}
	if len(xs) > len(ys) && len(ys) > 0 {
		d.Notes = append(d.Notes, "returns "+strconv.Itoa(len(ys))+" results where SQLite returns "+strconv.Itoa(len(xs)))
	}
}

// compareValues marks the lane's values of statement s that differ from
// SQLite's at the same place, or have no counterpart, and counts them.
func (d *Diff) compareValues(s int, sqlite, other [][]wire.Value) int {
	n := 0
	for r, row := range other {
		for c, v := range row {
			if r < len(sqlite) && c < len(sqlite[r]) && Same(sqlite[r][c], v) {
				continue
			}
			d.mark(Cell{s, r, c})
			n++
		}
	}
	return n
}

func (d *Diff) markAll(s int, st wire.Statement, fromRow int) {
	for r := fromRow; r < len(st.Rows); r++ {
		for c := range st.Rows[r] {
			d.mark(Cell{s, r, c})
		}
	}
}

func (d *Diff) mark(c Cell) {
	if d.cells == nil {
		d.cells = map[Cell]bool{}
	}
	d.cells[c] = true
}

// resultSets are the indexes of the statements that returned columns.
func resultSets(sts []wire.Statement) []int {
	var out []int
	for i, s := range sts {
		if len(s.Columns) > 0 {
			out = append(out, i)
		}
	}
	return out
}

func totalChanges(sts []wire.Statement) int64 {
	var n int64
	for _, s := range sts {
		n += s.Changes
	}
	return n
}
