package lane

import (
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// FlipName is the name of the second SQLite lane, the one that plays the
// scenario again with one of its flips (wire.Flip); the markup carries it
// in data-lane.
const FlipName = "flip"

// Flipped is a second SQLite lane: flipped is the transcript of the
// scenario played again with flip applied (scenario.Flipped), asWritten
// the transcript of the scenario as written, which the lane is compared
// with. A step the flipped run stopped before has no answer.
func Flipped(flip wire.Flip, asWritten, flipped *wire.Transcript) Lane {
	l := Lane{Desc: Desc{
		Name:       FlipName,
		Label:      strings.TrimSpace("SQLite "+flipped.Engine.SQLite) + ", " + flip.Label,
		Provenance: Live,
	}}
	for i, st := range flipped.Steps {
		if st.Skipped {
			continue
		}
		ls := wire.LaneStep{
			LaneStepHead: wire.LaneStepHead{
				Index: st.Index, Conn: st.Conn, Kind: st.Kind, Cursor: st.Cursor,
				SQL: st.SQL, SQLFrom: "step",
			},
			Statements: st.Statements, Error: st.Error,
		}
		if i < len(asWritten.Steps) && ranOtherSQL(asWritten.Steps[i], st) {
			ls.SQL, ls.SQLFrom = joinSQL(st.Statements), "rewritten"
		}
		for _, c := range st.States {
			ls.States = append(ls.States, wire.ConnState{Name: c.Name, Txn: laneTxn(c.Txn), Autocommit: c.Autocommit})
		}
		l.Steps = append(l.Steps, Step{LaneStep: ls})
	}
	return l
}

// ranOtherSQL reports whether the flip changed the SQL a step ran, as
// Django's transaction_mode turns BEGIN into BEGIN IMMEDIATE.
func ranOtherSQL(a, b wire.Step) bool {
	for i := range min(len(a.Statements), len(b.Statements)) {
		if a.Statements[i].SQL != b.Statements[i].SQL {
			return true
		}
	}
	return false
}

func joinSQL(stmts []wire.Statement) string {
	parts := make([]string, len(stmts))
	for i, s := range stmts {
		parts[i] = strings.TrimSuffix(s.SQL, ";") + ";"
	}
	return strings.Join(parts, "\n")
}

// laneTxn is SQLite's transaction state (none, read, write) as a lane
// says it (none, active).
func laneTxn(sqlite string) string {
	if sqlite == "none" {
		return "none"
	}
	return "active"
}
