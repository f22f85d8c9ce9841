package render

import (
	"strconv"

	"github.com/dbquirks/dbquirks/internal/transcript"
)

// checkView is one expectation and its outcome, worded like the text
// transcript (internal/report).
type checkView struct {
	OK   bool
	Text string
	Line int
	Want string // for rows that differ: the rows expected and got
	Got  string
}

// newChecks words a step's checks and sums them up in a verdict: "met" when
// the step stated expectations and all held, "failed" when any did not, "ok"
// when the step only had to run without error and did.
func newChecks(cs []transcript.Check) (views []checkView, verdict, text string) {
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
		return views, "failed", "✗ " + plural(int64(failed), "check") + " failed"
	case stated > 0:
		return views, "met", "✓ as expected"
	}
	return views, "ok", "✓ ran without error"
}

func newCheckView(c transcript.Check) checkView {
	v := checkView{OK: c.OK, Line: c.Line}
	switch {
	case c.Implicit:
		v.Text = "expected no error, got " + c.Got
	case c.Kind == "rows" && c.OK:
		v.Text = "rows as listed"
	case c.Kind == "rows":
		v.Text = "rows differ (line " + strconv.Itoa(c.Line) + ")"
		v.Want, v.Got = orNone(c.Want), orNone(c.Got)
	case c.OK:
		v.Text = c.Option() + "=" + c.Want
	default:
		v.Text = c.Option() + "=" + c.Want + ", got " + c.Got + " (line " + strconv.Itoa(c.Line) + ")"
	}
	return v
}

func orNone(s string) string {
	if s == "" {
		return "(no rows)"
	}
	return s
}
