package view

import (
	"strings"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// sideLanes is what a step's result area shows beside SQLite's result:
// the other lanes, and SQLite's version to name its own.
type sideLanes struct {
	lanes  []lane.Lane
	sqlite string
}

// This file writes the lanes of a step: beside SQLite's result, each other
// engine's answer to the step (a recorded PostgreSQL or MariaDB, or a live
// lane), marked where it differs from SQLite's. internal/lane decides what
// applies and what differs; this file only shows it.

// Lane-step states, in data-lane-state: what a lane block shows.
const (
	laneAnswered      = "answered"       // the lane's result
	laneNotApplicable = "not-applicable" // the lane cannot run the step
	laneEdited        = "edited"         // recorded for a step edited since
	laneMissing       = "missing"        // no answer for this step
)

// LaneAnswer is the markup of one lane's answer to one step: the block a
// step's result area holds for it after SQLite's result. ls is the answer
// (nil when the lane has none for the step); sqlite is SQLite's record of
// the step, or nil when it has not run, and is what the answer is compared
// with. A live lane passes lane.Desc{Name, Label, Provenance: lane.Live}
// and lane.Step{LaneStep: its answer}.
func LaneAnswer(d lane.Desc, ls *lane.Step, sqlite *wire.Step) string {
	var w writer
	writeLaneAnswer(&w, d, ls, sqlite)
	return w.String()
}

// writeWithLanes writes SQLite's result as the first of the lanes, then
// each other lane's answer to the step. Side by side on a wide screen,
// stacked on a narrow one (app.css).
func writeWithLanes(w *writer, index int, st *wire.Step, side sideLanes, writeSQLite func()) {
	w.raw("\n" + `<div class="lane-grid" data-testid="lanes">` + "\n")
	w.raw(`<section class="lane lane-sqlite" aria-label="SQLite">` + "\n" + `<p class="lane-head"><span class="lane-name">`)
	w.text(strings.TrimSpace("SQLite " + side.sqlite))
	w.raw(`</span> <span class="lane-when">runs in this page</span></p>`)
	writeSQLite()
	w.raw("</section>")
	for _, l := range side.lanes {
		w.raw("\n")
		writeLaneAnswer(w, l.Desc, l.Step(index), st)
	}
	w.raw("\n</div>\n")
}

func writeLaneAnswer(w *writer, d lane.Desc, ls *lane.Step, sqlite *wire.Step) {
	state := laneAnswered
	switch {
	case ls == nil:
		state = laneMissing
	case ls.Edited:
		state = laneEdited
	case ls.NotApplicable != "":
		state = laneNotApplicable
	}
	var diff lane.Diff
	compared := state == laneAnswered && sqlite != nil && !sqlite.Skipped
	if compared {
		diff = lane.Compare(*sqlite, ls.LaneStep)
	}
	w.raw(`<section class="lane lane-other`, when(diff.Differs(), " differs"), `" data-testid="lane"`)
	w.attr("data-lane", d.Name)
	w.raw(` data-lane-state="`, state, `"`)
	if compared {
		w.raw(` data-differs="`, when(diff.Differs(), "true"), when(!diff.Differs(), "false"), `"`)
	}
	w.attr("aria-label", d.Label)
	w.raw(">\n" + `<p class="lane-head"><span class="lane-name">`)
	// A label lists settings ("sql_mode STRICT_TRANS_TABLES,ERROR_FOR_…"):
	// it wraps as code does, after its commas, not inside a name.
	scenario.WriteCode(w, d.Label, escaper)
	w.raw(`</span> <span class="lane-when">`)
	w.text(d.Provenance)
	w.raw("</span></p>\n")
	switch state {
	case laneMissing, laneEdited:
		w.raw(`<p class="lane-note lane-stale" data-testid="lane-note">`)
		w.text(lane.Note(ls))
		w.raw("</p>")
	case laneNotApplicable:
		w.raw(`<p class="lane-note lane-na" data-testid="lane-note">`)
		w.text(lane.Note(ls))
		w.raw("</p>")
	default:
		writeLaneVerdict(w, diff, compared)
		writeLaneSteps(w, &ls.LaneStep, diff)
	}
	w.raw("\n</section>")
}

// writeLaneVerdict says whether the answer differs from SQLite's, in words
// and with a badge, so that colour is never the only sign.
func writeLaneVerdict(w *writer, diff lane.Diff, compared bool) {
	if !compared {
		return
	}
	if !diff.Differs() {
		w.raw(`<p class="lane-verdict same" data-testid="lane-verdict"><span class="same-badge">`, lane.SameNote, `</span></p>`)
		return
	}
	w.raw(`<p class="lane-verdict differs" data-testid="lane-verdict"><span class="differs-badge">`, lane.DiffersNote, `</span> `)
	w.text(strings.Join(diff.Notes, "; "))
	w.raw("</p>")
}

func writeLaneSteps(w *writer, ls *wire.LaneStep, diff lane.Diff) {
	if words := lane.SQLFromNote(ls.SQLFrom); words != "" && ls.SQL != "" {
		w.raw("\n" + `<details class="lane-sql"><summary>`)
		w.text(words)
		w.raw(`</summary><pre class="sql"><code>`)
		w.text(ls.SQL)
		w.raw("</code></pre></details>")
	}
	many := len(ls.Statements) > 1
	shown := false
	for i, s := range ls.Statements {
		v := newStmtView(s, many)
		for r, row := range v.Rows {
			for c := range row {
				row[c].Differs = diff.Marked(lane.Cell{Statement: i, Row: r, Column: c})
			}
		}
		if ls.Error != nil && s.Error != nil && *ls.Error == *s.Error {
			shown = true
		}
		blocked := ls.Blocked != nil && ls.Blocked.Statement == i+1
		writeLaneStatement(w, v, s.Error, blocked)
	}
	if ls.Error != nil && !shown {
		w.raw("\n")
		writeServerError(w, ls.Error)
	}
	if len(ls.States) > 0 {
		w.raw("\n" + `<p class="lane-states">after: `)
		for i, cs := range ls.States {
			if i > 0 {
				w.raw(" · ")
			}
			w.text(cs.Name + " " + cs.Txn)
		}
		w.raw("</p>")
	}
}

func writeLaneStatement(w *writer, v stmtView, err *wire.Error, blocked bool) {
	w.raw("\n<div", ` class="lane-stmt`, when(err != nil, " has-error"), `">`)
	if v.SQL != "" {
		w.raw("\n" + `<pre class="stmt-sql"><code>`)
		w.text(v.SQL)
		w.raw("</code></pre>")
	}
	if v.Table {
		writeTable(w, v, "lane-table")
	}
	if v.Facts != "" && !blocked {
		w.raw("\n")
		w.elem("p", "facts", v.Facts)
	}
	if v.Truncated != "" {
		w.raw("\n")
		w.elem("p", "truncated", v.Truncated)
	}
	if err != nil {
		w.raw("\n")
		writeServerError(w, err)
	}
	switch {
	case blocked:
		w.raw("\n" + `<p class="busy lane-blocked" data-testid="lane-blocked">`)
		w.text(v.Note)
		w.raw("</p>")
	case v.Note != "":
		w.raw("\n")
		w.elem("p", "stmt-note", v.Note)
	}
	w.raw("\n</div>")
}

// writeServerError shows a server's error: its SQLSTATE, the server's own
// error number when it has one (MariaDB), and its message.
func writeServerError(w *writer, e *wire.Error) {
	w.raw(`<div class="error lane-error" data-testid="lane-error">`)
	if e.Code == wire.EngineCode {
		w.elem("span", "err-code", e.Code)
	} else {
		w.elem("span", "err-code", "SQLSTATE "+e.Code)
	}
	if e.Extended != "" && e.Extended != e.Code {
		w.raw(" ")
		w.elem("span", "err-primary", "error "+e.Extended)
	}
	w.raw(" ")
	w.elem("span", "err-msg", e.Message)
	w.raw("</div>")
}
