package engine

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// check compares a step's outcome with its expectations.
func check(st scenario.Step, out wire.Step) []wire.Check {
	var checks []wire.Check
	for _, e := range st.Expect {
		got := observe(e.Kind, out)
		ok := got == e.Want
		if e.Kind == "error" && out.Error != nil {
			ok = e.Want == out.Error.Code || e.Want == out.Error.Extended
		}
		checks = append(checks, wire.Check{Kind: e.Kind, Want: e.Want, Got: got, OK: ok, Line: e.Line, Implicit: e.Implicit})
	}
	return checks
}

// observe describes what a step did, in the notation of the expectation
// kind, so that Want and Got read alike.
func observe(kind string, out wire.Step) string {
	last := resultOf(out)
	switch kind {
	case "error":
		if out.Error == nil {
			return "ok"
		}
		return out.Error.Extended
	case "rows":
		lines := make([]string, len(last.Rows))
		for i, row := range last.Rows {
			lits := make([]string, len(row))
			for j, v := range row {
				lits[j] = v.Literal()
			}
			lines[i] = strings.Join(lits, ", ")
		}
		return strings.Join(lines, "\n")
	case "rowCount":
		return strconv.FormatInt(last.RowCount, 10)
	case "changes":
		var n int64
		for _, s := range out.Statements {
			n += s.Changes
		}
		return strconv.FormatInt(n, 10)
	case "busy":
		for _, s := range out.Statements {
			switch {
			case s.Busy == nil:
			case s.Busy.Refused:
				return "refused"
			default:
				return strconv.FormatInt(s.Busy.WaitedMs, 10)
			}
		}
		return "none"
	case "txn":
		for _, s := range out.States {
			if s.Name == out.Conn {
				return s.Txn
			}
		}
	}
	return ""
}

// resultOf picks the statement a rows expectation is about: the last one
// that returned columns, or else the last one.
func resultOf(out wire.Step) wire.Statement {
	for i := len(out.Statements) - 1; i >= 0; i-- {
		if len(out.Statements[i].Columns) > 0 {
			return out.Statements[i]
		}
	}
	if n := len(out.Statements); n > 0 {
		return out.Statements[n-1]
	}
	return wire.Statement{}
}
