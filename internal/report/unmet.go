package report

import (
	"fmt"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// Unmet describes every unmet expectation of t, and a stopped run, one line
// each as "file:line: step N: kind: expected X, got Y", for `dbquirks
// check` and for a site build that refuses a scenario that does not hold.
// Both print to a terminal, so controls are made [Visible].
func Unmet(file string, t *wire.Transcript) []string {
	var out []string
	if t.Stopped != nil {
		out = append(out, Visible(fmt.Sprintf("%s: run stopped: %s", file, t.Stopped.Message)))
	}
	for _, st := range t.Steps {
		for _, c := range st.Checks {
			if c.OK {
				continue
			}
			want, got := c.Want, c.Got
			if c.Implicit {
				want = "no error"
			}
			if c.Kind == "error" && st.Error != nil {
				got += " (" + st.Error.Message + ")"
			}
			out = append(out, Visible(fmt.Sprintf("%s:%d: step %d: %s: expected %s, got %s", file, c.Line, st.Index, c.Kind, oneLine(want), oneLine(got))))
		}
	}
	return out
}

// oneLine keeps a multi-row expectation on the line of its message.
func oneLine(s string) string {
	if s == "" {
		return "(nothing)"
	}
	return strings.ReplaceAll(s, "\n", " / ")
}
