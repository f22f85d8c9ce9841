package view

import (
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// checkView is one expectation and its outcome, worded like the text
// transcript (internal/report) but without the line of the file: the page
// shows the check in its step, and the summary names the steps that
// failed.
type checkView struct {
	OK   bool
	Text string
	Want string // for rows that differ: the rows expected and got
	Got  string
}

// newChecks words a step's checks and sums them up in a verdict: "met" when
// the step stated expectations and all held, "failed" when any did not, "ok"
// when the step only had to run without error and did.
func newChecks(cs []wire.Check) (views []checkView, verdict, text string) {
	failed, stated := 0, 0
	for _, c := range cs {
		if !c.OK {
			failed++
		}
		if !c.Implicit {
			stated++
		}
		if c.Implicit && c.OK {
			continue
		}
		views = append(views, newCheckView(c))
	}
	switch {
	case failed > 0:
		return views, "failed", "✗ " + report.Plural(int64(failed), "check") + " failed"
	case stated > 0:
		return views, "met", "✓ as expected"
	}
	return views, "ok", "✓ ran without error"
}

func newCheckView(c wire.Check) checkView {
	v := checkView{OK: c.OK, Text: report.CheckWords(c)}
	if c.Kind == "rows" && !c.OK && !c.Implicit {
		v.Want, v.Got = report.Rows(c.Want), report.Rows(c.Got)
	}
	return v
}
