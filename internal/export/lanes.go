package export

import (
	"fmt"
	"strings"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file writes the other lanes' answers to a step (recorded PostgreSQL
// and MariaDB, internal/lane) into the exports, in internal/lane's words:
// in Markdown as text and tables, in the Django test as comments. Every
// text from a recording (labels, SQL, values, server messages) is
// untrusted and goes through the same escaping as a scenario's.

// writeLanesMarkdown writes each lane's answer to step index after
// SQLite's result res (nil when not run).
func writeLanesMarkdown(b *strings.Builder, lanes []lane.Lane, index int, res *wire.Step) {
	for _, l := range lanes {
		ls := l.Step(index)
		fmt.Fprintf(b, "On **%s** (%s): ", inline(l.Label), inline(l.Provenance))
		if note := lane.Note(ls); note != "" {
			b.WriteString("*" + inline(note) + "*\n\n")
			continue
		}
		verdict := lane.Verdict(ls, res)
		if verdict == "" {
			verdict = lane.Outcome(ls)
		}
		b.WriteString(inline(upperFirst(verdict)) + ".\n\n")
		if note := lane.SQLFromNote(ls.SQLFrom); note != "" && ls.SQL != "" {
			b.WriteString(upperFirst(inline(note)) + ":\n\n" + fenced("sql", ls.SQL) + "\n\n")
		}
		var diff lane.Diff
		if res != nil && !res.Skipped {
			diff = lane.Compare(*res, ls.LaneStep)
		}
		many := len(ls.Statements) > 1
		for i, s := range ls.Statements {
			writeLaneStatement(b, s, i, many, diff)
		}
		switch {
		case ls.Blocked != nil:
			b.WriteString("Blocked: " + inline(ls.Blocked.Message) + ".\n\n")
		case ls.Error != nil:
			b.WriteString("**Error** " + inline(lane.ErrorText(ls.Error)) + "\n\n")
		}
	}
}

// writeLaneStatement writes a lane statement's rows, with each value that
// differs from SQLite's marked ≠, and its note.
func writeLaneStatement(b *strings.Builder, s wire.Statement, i int, many bool, diff lane.Diff) {
	if len(s.Columns) > 0 && s.Error == nil {
		if many {
			fmt.Fprintf(b, "Result of %s:\n\n", code(oneLine(s.SQL, 80)))
		}
		writeTable(b, s, func(r, c int) bool { return diff.Marked(lane.Cell{Statement: i, Row: r, Column: c}) })
		fmt.Fprintf(b, "%s.\n\n", upperFirst(inline(report.Plural(s.RowCount, "row"))))
	}
	if s.Note != "" && !strings.HasPrefix(s.Note, "blocked:") {
		fmt.Fprintf(b, "Note: %s\n\n", inline(s.Note))
	}
}

// laneCommentRows is how many rows of a lane's answer a test's comment
// lists: a comment shows the shape of the answer, not all of it.
const laneCommentRows = 10

// laneComments writes each lane's answer to step index as comments of the
// test, after SQLite's: what the step gives on a real server, for a
// reader who runs the test there. g.comment makes any text safe for a
// comment.
func (g *pyGen) laneComments(index int, res *wire.Step) {
	for _, l := range g.lanes {
		ls := l.Step(index)
		text := "On " + l.Label + " (" + l.Provenance + "): "
		if note := lane.Note(ls); note != "" {
			g.comment(2, text+note+".")
			continue
		}
		if v := lane.Verdict(ls, res); v != "" {
			text += v + ". "
		}
		text += "It gives: " + lane.Outcome(ls) + "."
		for _, s := range ls.Statements {
			if len(s.Columns) == 0 || s.Error != nil {
				continue
			}
			for i, row := range s.Rows {
				if i == laneCommentRows {
					text += "\n  …"
					break
				}
				vals := make([]string, len(row))
				for j, v := range row {
					vals[j] = oneLine(v.Literal(), 60)
				}
				text += "\n  (" + strings.Join(vals, ", ") + ")"
			}
		}
		g.comment(2, text)
	}
}
