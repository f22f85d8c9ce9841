package play

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/dialect"
	"github.com/dbquirks/dbquirks/internal/view"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// LivePlan is what the page's live lane (PGlite) sends for a kept play:
// the SQL the recorder would send for each step, bound, or why the step
// does not run there (internal/dialect).
func LivePlan(o *Outcome, lane string) (wire.LivePlan, error) {
	if o.Scenario == nil {
		return wire.LivePlan{}, fmt.Errorf("run %d has no scenario to plan", o.Run)
	}
	plan := dialect.Plan(o.Scenario, lane)
	plan.Run = o.Run
	return plan, nil
}

// LiveLane turns a live lane's answer (the PGlite worker's JSON) to the
// plan of a kept play into the lane's steps and each step's markup.
func LiveLane(o *Outcome, lane string, answer []byte) (wire.LiveLane, error) {
	plan, err := LivePlan(o, lane)
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
	name := "PostgreSQL"
	if f := strings.Fields(ans.Version); len(f) > 1 {
		name += " " + f[1]
	}
	for _, ls := range steps {
		out.HTML[strconv.Itoa(ls.Index)] = view.LiveLaneStep(name, out.Label, ls)
	}
	return out, nil
}
