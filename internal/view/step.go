package view

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// stepRun is what happened when the step ran.
type stepRun struct {
	Skipped    bool
	Params     string
	Statements []stmtView
	Error      *errView // the step's own error when no statement shows it
	Checks     []checkView
	Verdict    string // "met", "failed", "ok" or "skipped"
	Text       string // the verdict in words
	States     []stateView
}

func newStepRun(st wire.Step, connIndex map[string]int) *stepRun {
	r := &stepRun{Skipped: st.Skipped}
	if st.Skipped {
		r.Verdict, r.Text = "skipped", "not run: the run stopped before this step"
		return r
	}
	var params []string
	for i, p := range st.Params {
		name := p.Name
		if name == "" {
			name = "?" + strconv.Itoa(i+1)
		}
		params = append(params, name+" = "+p.Value.Literal())
	}
	r.Params = strings.Join(params, ", ")
	many := len(st.Statements) > 1
	shown := false
	for _, s := range st.Statements {
		sv := newStmtView(s, many)
		if st.Error != nil && sv.Error != nil && *st.Error == *s.Error {
			shown = true
		}
		r.Statements = append(r.Statements, sv)
	}
	if !shown {
		r.Error = newErrView(st.Error)
	}
	r.Checks, r.Verdict, r.Text = newChecks(st.Checks)
	for _, cs := range st.States {
		r.States = append(r.States, stateView{
			Name: cs.Name, Conn: connIndex[cs.Name], Txn: cs.Txn, Begin: !cs.Autocommit,
			Cursors: strings.Join(cs.Cursors, ", "), Own: cs.Name == st.Conn,
		})
	}
	return r
}

// stmtView is one statement's outcome.
type stmtView struct {
	SQL       string // shown only when the step ran several statements
	Columns   []wire.Column
	Rows      [][]cellView
	Table     bool
	Facts     string
	Truncated string
	Error     *errView
	Busy      string
	Refused   bool
	Note      string
}

func newStmtView(s wire.Statement, showSQL bool) stmtView {
	v := stmtView{Truncated: s.Truncated, Error: newErrView(s.Error), Note: s.Note}
	if showSQL {
		v.SQL = s.SQL
	}
	v.Facts, v.Table = report.Facts(s)
	if v.Table {
		v.Columns = s.Columns
		for _, row := range s.Rows {
			cells := make([]cellView, len(row))
			for i, val := range row {
				cells[i] = newCell(val)
			}
			v.Rows = append(v.Rows, cells)
		}
	}
	if s.Busy != nil {
		v.Busy, v.Refused = report.BusyLine(s.Busy), s.Busy.Refused
	}
	return v
}

// errView is an error as the page shows it: the most specific code first.
type errView struct {
	Code    string
	Primary string // the primary code when Code is an extended one
	Message string
	Limit   string
	Note    string
}

func newErrView(e *wire.Error) *errView {
	if e == nil {
		return nil
	}
	v := &errView{Code: e.Extended, Message: e.Message, Limit: e.Limit, Note: e.Note}
	if v.Code == "" {
		v.Code = e.Code
	}
	if v.Code != e.Code {
		v.Primary = e.Code
	}
	return v
}

// stateView is one connection's state after a step.
type stateView struct {
	Name    string
	Conn    int // the connection's number, its colour
	Txn     string
	Begin   bool // a BEGIN is open (not in autocommit)
	Cursors string
	Own     bool // the step ran on this connection
}
