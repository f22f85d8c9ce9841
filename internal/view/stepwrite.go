package view

import (
	"github.com/dbquirks/dbquirks/internal/report"
	"strconv"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file writes one step: its explanation, head and SQL, and its result
// area from the view model in step.go.

func writeStep(w *writer, ds wire.DocStep, connIndex map[string]int, st *wire.Step, side sideLanes, from Results) {
	conn := connClass(connIndex[ds.Conn])
	index := itoa(ds.Index)
	w.raw(`<li class="step `, conn, when(ds.Quirk, " quirk"), `" id="step-`, index, `" data-testid="step" data-step="`, index, `" data-line="`, itoa(ds.Line), `"`)
	w.attr("data-conn", ds.Conn)
	result := "none"
	if st != nil {
		result = string(from)
	}
	w.raw(` data-result="`, result, `">`+"\n")
	w.raw(`<div class="step-explain prose">`, ds.ExplanationHTML, "</div>\n")
	w.raw(`<div class="step-work">` + "\n")
	w.raw(`<div class="step-head"><a class="step-num" href="#step-`, index, `">Step `, index, `</a> <span class="conn-chip `, conn, `">`)
	w.text(ds.Conn)
	w.raw("</span>")
	if action := report.CursorAction(ds.Kind, ds.Cursor, ds.Fetch); action != "" {
		w.raw(" ")
		w.elem("span", "action", action)
	}
	if ds.Quirk {
		w.raw(` <span class="quirk-badge">the quirk</span>`)
	}
	if ds.Info != "" {
		w.raw(" ")
		w.code("step-opts", ds.Info)
	}
	w.raw("</div>")
	writeSQLAndResult(w, "step", ds, connIndex, st, side)
	w.raw("\n</div>\n</li>")
}

// writeStepResult writes what a step's result area holds: the run, or the
// step's expectations and "Not run yet.", and after it the other lanes'
// answers when there are any.
// writeSQLAndResult writes a step's SQL (when it has any) and its result
// area, named for tests by part ("step", or "quirk" in the first screen's
// figure): data-testid part-sql and part-result.
func writeSQLAndResult(w *writer, part string, ds wire.DocStep, connIndex map[string]int, st *wire.Step, side sideLanes) {
	if ds.SQL != "" {
		w.raw("\n" + `<pre class="sql" data-testid="` + part + `-sql"><code>`)
		w.text(ds.SQL)
		w.raw("</code></pre>")
	}
	var result writer
	writeStepResult(&result, ds, connIndex, st, side)
	w.raw("\n")
	writeArea(w, "step-result", part+"-result", result.String())
}

func writeStepResult(w *writer, ds wire.DocStep, connIndex map[string]int, st *wire.Step, side sideLanes) {
	if len(side.lanes) > 0 {
		writeWithLanes(w, ds.Index, st, side, func() { writeSQLiteResult(w, ds, connIndex, st) })
		return
	}
	writeSQLiteResult(w, ds, connIndex, st)
}

// writeSQLiteResult writes SQLite's run of the step, or what the step
// expects and "Not run yet.".
func writeSQLiteResult(w *writer, ds wire.DocStep, connIndex map[string]int, st *wire.Step) {
	if st != nil {
		writeRun(w, newStepRun(*st, connIndex))
		return
	}
	if len(ds.Expect) > 0 {
		w.raw("\n" + `<ul class="expects">`)
		for _, e := range ds.Expect {
			w.raw("<li><code>")
			w.text(e)
			w.raw("</code></li>")
		}
		w.raw("</ul>")
	}
	w.raw("\n" + `<p class="pending">Not run yet.</p>` + "\n")
}

func writeRun(w *writer, r *stepRun) {
	if r.Skipped {
		w.raw("\n" + `<p class="verdict skipped" data-testid="verdict" data-verdict="skipped">`)
		w.text(r.Text)
		w.raw("</p>\n")
		return
	}
	if r.Params != "" {
		w.raw("\n" + `<p class="params">bound: <code>`)
		w.text(r.Params)
		w.raw("</code></p>")
	}
	for _, s := range r.Statements {
		writeStatement(w, s)
	}
	if r.Error != nil {
		w.raw("\n")
		writeError(w, r.Error)
	}
	w.raw("\n" + `<div class="step-foot">` + "\n")
	w.raw(`<p class="verdict `, r.Verdict, `" data-testid="verdict" data-verdict="`, r.Verdict, `">`)
	w.text(r.Text)
	w.raw("</p>")
	writeChecks(w, r.Checks)
	w.raw("\n" + `<ul class="states" aria-label="Transactions after this step">`)
	for _, s := range r.States {
		w.raw("\n<li")
		w.attr("class", "state "+connClass(s.Conn)+" txn-"+s.Txn+when(s.Own, " own"))
		w.raw(`><span class="state-name">`)
		w.text(s.Name)
		w.raw(`</span> <span class="state-txn">`)
		w.text(s.Txn)
		w.raw("</span>")
		if s.Begin {
			w.raw(` <span class="state-begin">BEGIN open</span>`)
		}
		if s.Cursors != "" {
			w.raw(" ")
			w.elem("span", "state-cursors", "cursor "+s.Cursors)
		}
		w.raw("</li>")
	}
	w.raw("\n</ul>\n</div>\n")
}

func writeStatement(w *writer, s stmtView) {
	w.raw("\n<div", ` class="stmt`, when(s.Error != nil, " has-error"), `">`)
	if s.SQL != "" {
		w.raw("\n" + `<pre class="stmt-sql"><code>`)
		w.text(s.SQL)
		w.raw("</code></pre>")
	}
	if s.Table {
		writeTable(w, s, "result-table")
	}
	if s.Facts != "" {
		w.raw("\n")
		w.elem("p", "facts", s.Facts)
	}
	if s.Truncated != "" {
		w.raw("\n")
		w.elem("p", "truncated", s.Truncated)
	}
	if s.Error != nil {
		w.raw("\n")
		writeError(w, s.Error)
	}
	if s.Busy != "" {
		w.raw("\n<p", ` class="busy`, when(s.Refused, " refused"), `" data-testid="busy">`)
		w.text(s.Busy)
		w.raw("</p>")
	}
	if s.Note != "" {
		w.raw("\n")
		w.elem("p", "stmt-note", "note: "+s.Note)
	}
	w.raw("\n</div>")
}

// writeTable writes a statement's rows; testid tells SQLite's tables
// (result-table) from the other lanes' (lane-table).
func writeTable(w *writer, s stmtView, testid string) {
	w.raw("\n" + `<div class="table-wrap" tabindex="0" role="region" aria-label="Result rows">` + "\n")
	w.raw(`<table class="result" data-testid="`, testid, `">`+"\n<thead><tr>")
	for _, c := range s.Columns {
		w.raw(`<th scope="col"><span class="col-name">`)
		w.visibleControls(c.Name)
		w.raw("</span>")
		if c.DeclType != "" {
			w.raw(" ")
			w.elem("span", "col-type", c.DeclType)
		}
		w.raw("</th>")
	}
	w.raw("</tr></thead>\n<tbody>")
	for _, row := range s.Rows {
		w.raw("\n<tr>")
		for _, c := range row {
			writeCell(w, c)
		}
		w.raw("</tr>")
	}
	w.raw("\n</tbody>\n</table>\n</div>")
}

// writeError shows an error, the most specific code first.
func writeError(w *writer, e *errView) {
	w.raw(`<div class="error" data-testid="error">`)
	w.elem("span", "err-code", e.Code)
	if e.Primary != "" {
		w.raw(" ")
		w.elem("span", "err-primary", e.Primary)
	}
	w.raw(" ")
	w.elem("span", "err-msg", e.Message)
	if e.Limit != "" {
		w.raw(" ")
		w.elem("span", "err-limit", "limit: "+e.Limit)
	}
	if e.Note != "" {
		w.elem("p", "err-note", e.Note)
	}
	w.raw("</div>")
}

func writeChecks(w *writer, checks []checkView) {
	if len(checks) == 0 {
		return
	}
	w.raw("\n" + `<ul class="checks">`)
	for _, c := range checks {
		state, word := "fail", "failed:"
		if c.OK {
			state, word = "ok", "met:"
		}
		w.raw("\n"+`<li class="check `, state, `"><span class="sr-only">`, word, " </span>")
		w.text(c.Text)
		if c.Want != "" || c.Got != "" {
			w.raw(`<div class="rows-diff"><pre class="want"><code>`)
			w.text(c.Want)
			w.raw(`</code></pre><pre class="got"><code>`)
			w.text(c.Got)
			w.raw("</code></pre></div>")
		}
		w.raw("</li>")
	}
	w.raw("\n</ul>")
}

func itoa(n int) string {
	return strconv.Itoa(n)
}
