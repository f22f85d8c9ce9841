package dialect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// liveSetup is what the live session runs first: the time zone Django's
// PostgreSQL backend sets with USE_TZ, as the recorder's sessions do.
var liveSetup = []string{"SET TIME ZONE 'UTC'"}

// DecodeAnswer reads the PGlite worker's answer to a plan. The answer comes
// from JavaScript: anything but one JSON object of wire.LiveAnswer's shape,
// with known transaction states and rows as wide as their columns, is an
// error that says what is wrong.
func DecodeAnswer(data []byte) (wire.LiveAnswer, error) {
	var a wire.LiveAnswer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return wire.LiveAnswer{}, fmt.Errorf("reading the PGlite answer: %w", err)
	}
	if dec.More() {
		return wire.LiveAnswer{}, errors.New("reading the PGlite answer: more than one JSON value")
	}
	last := 0
	for _, st := range a.Steps {
		if st.Index <= last {
			return wire.LiveAnswer{}, fmt.Errorf("reading the PGlite answer: step %d after step %d", st.Index, last)
		}
		last = st.Index
		switch st.Txn {
		case "none", "active", "failed":
		default:
			return wire.LiveAnswer{}, fmt.Errorf("reading the PGlite answer: step %d: unknown transaction state %q", st.Index, st.Txn)
		}
		for i, r := range st.Results {
			for _, row := range r.Rows {
				if len(row) != len(r.Columns) {
					return wire.LiveAnswer{}, fmt.Errorf("reading the PGlite answer: step %d, statement %d: a row of %d values for %d columns", st.Index, i+1, len(row), len(r.Columns))
				}
			}
			if r.RowCount < int64(len(r.Rows)) {
				return wire.LiveAnswer{}, fmt.Errorf("reading the PGlite answer: step %d, statement %d: %d rows but a row count of %d", st.Index, i+1, len(r.Rows), r.RowCount)
			}
		}
	}
	return a, nil
}

// LaneSteps turns the answers to a plan into the lane's steps, as a
// recording of the lane would hold them: the planned statements with
// PostgreSQL's answers as canonical values, steps not run with why, and
// the step a stopped run was playing with the stop as its error. An
// answer that does not fit the plan is an error.
func LaneSteps(plan wire.LivePlan, ans wire.LiveAnswer) ([]wire.LaneStep, error) {
	answers := map[int]wire.LiveStepAnswer{}
	for _, a := range ans.Steps {
		answers[a.Index] = a
	}
	var out []wire.LaneStep
	txn, stopShown := "none", false
	for _, ps := range plan.Steps {
		ls := wire.LaneStep{LaneStepHead: wire.LaneStepHead{Index: ps.Index, Conn: ps.Conn, Kind: ps.Kind, Cursor: ps.Cursor, Source: ps.Source}}
		a, answered := answers[ps.Index]
		switch {
		case ps.NotApplicable != "":
			ls.NotApplicable = ps.NotApplicable
		case ps.NotLive != "":
			ls.NotApplicable = ps.NotLive
		case !answered && ans.Stopped == "":
			return nil, fmt.Errorf("the PGlite answer has no step %d", ps.Index)
		case !answered && stopShown:
			ls.NotApplicable = "not run: the run was stopped before this step"
		default:
			ls.SQL, ls.SQLFrom = ps.SQL, ps.SQLFrom
			var err error
			if stopShown, err = fillStep(&ls, ps, a.Results, plan.MaxRows, ans.Stopped); err != nil {
				return nil, fmt.Errorf("step %d: %w", ps.Index, err)
			}
			if answered {
				txn = a.Txn
			}
		}
		ls.States = []wire.ConnState{{Name: scenario.DefaultConn, Txn: txn, Autocommit: txn == "none"}}
		out = append(out, ls)
	}
	return out, nil
}

// fillStep records a step's statements from their answers, in the plan's
// order, ending the step at the first error as the worker does. When the
// answers run out before the step did and the run was stopped, the stop is
// the step's error and fillStep reports it shown.
func fillStep(ls *wire.LaneStep, ps wire.LivePlanStep, results []wire.LiveResult, maxRows int, stopped string) (stopShown bool, err error) {
	for _, s := range ps.Statements {
		switch {
		case s.Note != "":
			ls.Statements = append(ls.Statements, wire.Statement{SQL: s.SQL, Note: s.Note})
			continue
		case s.Error != "":
			e := engineError(s.Error)
			ls.Statements = append(ls.Statements, wire.Statement{SQL: s.SQL, Done: true, Error: e})
			ls.Error = e
			return false, nil
		case len(results) == 0 && stopped != "":
			ls.Error = engineError(stopped)
			return true, nil
		case len(results) == 0:
			return false, errors.New("fewer answers than statements sent")
		}
		ws := liveStatement(s.SQL, results[0], maxRows)
		results = results[1:]
		ls.Statements = append(ls.Statements, ws)
		if ws.Error != nil {
			ls.Error = ws.Error
			break
		}
	}
	if len(results) > 0 {
		return false, fmt.Errorf("%d answers more than statements sent", len(results))
	}
	return false, nil
}

// liveStatement is one statement's answer as the recorder writes it.
func liveStatement(sql string, r wire.LiveResult, maxRows int) wire.Statement {
	ws := wire.Statement{SQL: sql, Done: true}
	if r.Error != nil {
		msg := r.Error.Message
		if r.Error.Detail != "" {
			msg += "\nDETAIL: " + r.Error.Detail
		}
		ws.Error = &wire.Error{Code: r.Error.Code, Extended: r.Error.Code, Message: msg}
		return ws
	}
	ws.Changes, ws.RowCount = r.Changes, r.RowCount
	for _, c := range r.Columns {
		ws.Columns = append(ws.Columns, wire.Column{Name: c.Name, DeclType: PostgresTypeName(c.TypeOID)})
	}
	for _, row := range r.Rows[:min(len(r.Rows), maxRows)] {
		vals := make([]wire.Value, len(row))
		for i, v := range row {
			var b []byte
			if v != nil {
				b = []byte(*v)
			}
			vals[i] = PostgresValue(r.Columns[i].TypeOID, b)
		}
		ws.Rows = append(ws.Rows, vals)
	}
	if ws.RowCount > int64(len(ws.Rows)) {
		ws.Truncated = "kept the first " + strconv.Itoa(len(ws.Rows)) + " rows"
	}
	return ws
}

func engineError(msg string) *wire.Error {
	return &wire.Error{Code: wire.EngineCode, Extended: wire.EngineCode, Message: msg}
}

// LiveLabel names the live PostgreSQL lane from what PGlite reported, and
// says how it differs from the server a Django site talks to.
func LiveLabel(ans wire.LiveAnswer) string {
	version := "PostgreSQL"
	if f := strings.Fields(ans.Version); len(f) > 1 && f[0] == "PostgreSQL" {
		version += " " + f[1]
	}
	collation := ans.Collation
	if collation == "" {
		collation = "unknown"
	}
	return version + ", live in your browser (PGlite): one connection, collation " + collation +
		", time zone UTC, autocommit. A typical server has many sessions and a locale such as en_US.UTF-8."
}
