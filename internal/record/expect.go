package record

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// unmet checks what a scenario states about a lane (expect.postgres=,
// rows.mariadb=, a ```rows postgres block...) against a recording of that
// lane, and returns one line per claim that does not hold.
func unmet(sc *scenario.Scenario, rec *wire.Recording) []string {
	var out []string
	for i, st := range sc.Steps {
		if i >= len(rec.Steps) {
			break
		}
		ls := rec.Steps[i]
		for _, e := range st.Lanes.Expect {
			if e.Lane != rec.Lane {
				continue
			}
			if msg := checkLane(e, ls); msg != "" {
				out = append(out, fmt.Sprintf("%s step %d, %s: %s (line %d)", sc.ID, st.Index, rec.Lane, msg, e.Line))
			}
		}
	}
	return out
}

// checkLane checks one lane expectation against the step's recording and
// says what is wrong, or returns "".
func checkLane(e scenario.LaneExpectation, ls wire.LaneStep) string {
	opt := wire.OptionFor(e.Kind) + "." + e.Lane
	if ls.NotApplicable != "" {
		return fmt.Sprintf("the step states %s but does not run on this lane: %s", opt, ls.NotApplicable)
	}
	switch e.Kind {
	case "error":
		switch {
		case e.Want == "ok" && ls.Error == nil && ls.Blocked == nil,
			e.Want == "blocked" && ls.Blocked != nil,
			ls.Error != nil && (e.Want == ls.Error.Code || e.Want == ls.Error.Extended):
			return ""
		}
		return fmt.Sprintf("%s=%s, got %s", opt, e.Want, outcome(ls))
	case "rowCount", "rows":
		last := lastQuery(ls)
		if last == nil {
			return fmt.Sprintf("the step states %s but no statement returned rows", opt)
		}
		if e.Kind == "rowCount" {
			if got := strconv.FormatInt(last.RowCount, 10); got != e.Want {
				return fmt.Sprintf("%s=%s, got %s", opt, e.Want, got)
			}
			return ""
		}
		lines := make([]string, len(last.Rows))
		for i, r := range last.Rows {
			lines[i] = rowLiteral(r)
		}
		if got := strings.Join(lines, "\n"); got != e.Want {
			return fmt.Sprintf("rows differ from the rows %s block: want [%s], got [%s]", e.Lane,
				strings.ReplaceAll(e.Want, "\n", " | "), strings.Join(lines, " | "))
		}
	case "changes":
		var n int64
		for _, s := range ls.Statements {
			n += s.Changes
		}
		if got := strconv.FormatInt(n, 10); got != e.Want {
			return fmt.Sprintf("%s=%s, got %s", opt, e.Want, got)
		}
	case "txn":
		for _, s := range ls.States {
			if s.Name == ls.Conn && s.Txn != e.Want {
				return fmt.Sprintf("%s=%s, got %s", opt, e.Want, s.Txn)
			}
		}
	}
	return ""
}

// outcome is a step's result in expect= notation: ok, blocked, or the
// error's SQLSTATE with the server's own number.
func outcome(ls wire.LaneStep) string {
	switch {
	case ls.Blocked != nil:
		return "blocked (" + ls.Blocked.Message + ")"
	case ls.Error != nil:
		return describeError(ls.Error)
	}
	return "ok"
}

// lastQuery is the step's last statement that returned columns, as for
// SQLite's rows= and rows blocks.
func lastQuery(ls wire.LaneStep) *wire.Statement {
	for i := len(ls.Statements) - 1; i >= 0; i-- {
		if len(ls.Statements[i].Columns) > 0 {
			return &ls.Statements[i]
		}
	}
	return nil
}
