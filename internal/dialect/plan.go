package dialect

import (
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// MaxRows is how many rows of one statement a lane keeps; the rest are
// counted. Arbitrary, as the engine's limit: a quirk shows in a few.
const MaxRows = 500

// Why steps are not run on the live lane although the recorded lane runs
// them. PGlite is one PostgreSQL backend in one process: a second session
// would be a second database, and faking one would show what no server does.
const (
	notLiveConn   = "not run live: PGlite has one connection; see the recorded PostgreSQL lane"
	notLiveCursor = "not run live: cursor steps are played on the recorded PostgreSQL lane only"
)

// Plan returns what each step of a parsed scenario sends on a live lane:
// the SQL the recorder would send (the step's, its rewrite, or the
// scenario's block for the lane), split into statements with the step's
// parameters bound as literals, or why the step does not run there. The
// live session is the scenario's default connection; steps on others are
// not run live.
func Plan(sc *scenario.Scenario, lane string) wire.LivePlan {
	plan := wire.LivePlan{Lane: lane, MaxRows: MaxRows, Setup: liveSetup}
	digests := sc.LaneDigests(lane)
	for i, st := range sc.Steps {
		ps := planStep(st, lane)
		ps.Source = digests[i]
		plan.Steps = append(plan.Steps, ps)
	}
	return plan
}

func planStep(st scenario.Step, lane string) wire.LivePlanStep {
	ps := wire.LivePlanStep{LaneStepHead: wire.LaneStepHead{Index: st.Index, Conn: st.Conn, Kind: string(st.Kind), Cursor: st.Cursor}}
	// Cursor steps are not run live (below), whether their cursor would be
	// open or not; SQLFor only says whether the scenario runs them here.
	sql, from, why := SQLFor(st, lane, func(string) bool { return true })
	switch {
	case why != "":
		ps.NotApplicable = why
		return ps
	case st.Conn != scenario.DefaultConn:
		ps.NotLive = notLiveConn
		return ps
	case st.Kind != scenario.Exec:
		ps.NotLive = notLiveCursor
		return ps
	}
	ps.SQL, ps.SQLFrom = sql, from
	forced := st.Lanes.Only != nil
	for _, stmt := range Statements(sql) {
		s := wire.LivePlanStatement{SQL: stmt}
		if why := SQLiteOnly(stmt); why != "" && !forced && from != "lane" {
			s.Note = "not run here: " + why
		} else if bound, err := Bind(stmt, st.Params, lane); err != nil {
			s.Error = err.Error()
		} else {
			s.Send = bound
		}
		ps.Statements = append(ps.Statements, s)
	}
	return ps
}
