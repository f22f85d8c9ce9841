package play

import (
	"fmt"
	"strconv"

	"github.com/dbquirks/dbquirks/internal/dialect"
	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/view"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// LivePlan is what the page's live lane (PGlite) sends for a kept play:
// the SQL the recorder would send for each step, bound, or why the step
// does not run there (internal/dialect).
func LivePlan(o *Outcome, laneName string) (wire.LivePlan, error) {
	if o.Scenario == nil {
		return wire.LivePlan{}, fmt.Errorf("run %d has no scenario to plan", o.Run)
	}
	plan := dialect.Plan(o.Scenario, laneName)
	plan.Run = o.Run
	return plan, nil
}

// LiveLaneName is the live PostgreSQL lane's name in the markup
// (data-lane).
const LiveLaneName = "pglite"

// LiveLane turns a live lane's answer (the PGlite worker's JSON) to the
// plan of a kept play into the lane's steps and each step's markup.
func LiveLane(o *Outcome, laneName string, answer []byte) (wire.LiveLane, error) {
	plan, err := LivePlan(o, laneName)
	if err != nil {
		return wire.LiveLane{}, err
	}
	ans, err := dialect.DecodeAnswer(answer)
	if err != nil {
		return wire.LiveLane{}, err
	}
	steps, err := dialect.LaneSteps(plan, ans)
	if err != nil {
		return wire.LiveLane{}, fmt.Errorf("the PGlite answer does not fit run %d: %w", o.Run, err)
	}
	out := wire.LiveLane{Label: dialect.LiveLabel(ans), Steps: steps, HTML: map[string]string{}}
	// The same view as the recorded lanes, so the live answer is marked
	// where it differs from SQLite's run of the same source.
	desc := lane.Desc{Name: LiveLaneName, Label: out.Label, Provenance: lane.Live}
	for _, ls := range steps {
		out.HTML[strconv.Itoa(ls.Index)] = view.LaneAnswer(desc, &lane.Step{LaneStep: ls}, o.Transcript.Step(ls.Index))
	}
	return out, nil
}
