package dialect

import (
	"slices"
	"strings"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// SQLFor picks the SQL a step runs on lane and where it came from ("step",
// "rewritten" or "lane", as wire.LaneStepHead.SQLFrom), or says why the step
// does not run there. Fetch and close steps carry no SQL of their own and
// run when their cursor is open on the lane, which open reports.
func SQLFor(st scenario.Step, lane string, open func(cursor string) bool) (sql, from, notApplicable string) {
	if !st.Lanes.Runs(lane) {
		return "", "", "the scenario runs this step on " + strings.Join(st.Lanes.Only, ", ") + " only"
	}
	if st.Kind == scenario.Fetch || st.Kind == scenario.Close {
		if !open(st.Cursor) {
			return "", "", "its cursor was not opened on this lane"
		}
		return "", "", ""
	}
	if sql, ok := st.Lanes.SQL[lane]; ok {
		return sql, "lane", ""
	}
	if st.Lanes.Only == nil {
		if why := AllSQLiteOnly(st.SQL); why != "" {
			return "", "", why
		}
		for _, prm := range st.Params {
			if prm.Name != "" {
				return "", "", "named parameters (" + prm.Name + ") are SQLite's; Django sends positional ones"
			}
		}
	}
	if sql = Rewrite(st.SQL, lane); sql != st.SQL {
		return sql, "rewritten", ""
	}
	return sql, "step", ""
}

// IsTxnControl reports whether a statement begins or ends a transaction or
// savepoint, which must not run under the recorder's own savepoint.
func IsTxnControl(stmt string) bool {
	code := codeTokens(lex(stmt))
	if len(code) == 0 {
		return false
	}
	first := strings.ToUpper(code[0].text)
	return slices.Contains([]string{"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"}, first)
}
