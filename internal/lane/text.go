package lane

import (
	"strings"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// The sentences every view of a lane uses (the page, the exports), so that
// they say the same thing.
const (
	// EditedNote replaces an answer recorded for a step edited since.
	EditedNote = "recorded for the original step; edited since"
	// MissingNote stands for a step the lane has no answer to.
	MissingNote = "no recorded answer: the step was added after the recording"
	// SameNote and DiffersNote say how an answer compares with SQLite's.
	SameNote    = "same as SQLite"
	DiffersNote = "differs from SQLite"
	// NotApplicablePrefix starts the note of a step a lane cannot run.
	NotApplicablePrefix = "not applicable: "
)

// SQLFromNote says where a lane's SQL came from when it is not the step's
// own: "" for the step's SQL as written.
func SQLFromNote(from string) string {
	switch from {
	case "rewritten":
		return "ran the step's SQL rewritten for this server"
	case "lane":
		return "ran the scenario's own SQL for this server"
	}
	return ""
}

// Note is what stands instead of an answer that is not shown: edited
// since, missing, or not applicable; "" for an answer to show.
func Note(ls *Step) string {
	switch {
	case ls == nil:
		return MissingNote
	case ls.Edited:
		return EditedNote
	case ls.NotApplicable != "":
		return NotApplicablePrefix + ls.NotApplicable
	}
	return ""
}

// Verdict says how an answer compares with SQLite's record of the step:
// SameNote, or DiffersNote and what differs; "" when there is nothing to
// compare (no SQLite run, or Note has something to say).
func Verdict(ls *Step, sqlite *wire.Step) string {
	if Note(ls) != "" || sqlite == nil || sqlite.Skipped {
		return ""
	}
	d := Compare(*sqlite, ls.LaneStep)
	if !d.Differs() {
		return SameNote
	}
	return DiffersNote + ": " + strings.Join(d.Notes, "; ")
}

// ErrorText is a server's error in one line: its SQLSTATE, the server's
// own error number when it has one (MariaDB), and its message.
func ErrorText(e *wire.Error) string {
	code := "SQLSTATE " + e.Code
	if e.Code == wire.EngineCode {
		code = e.Code
	}
	if e.Extended != "" && e.Extended != e.Code {
		code += " (error " + e.Extended + ")"
	}
	return code + ": " + e.Message
}

// Outcome says in a few words how the step ended on the lane: blocked,
// its error, or the facts of its statements ("1 row", "3 rows changed").
func Outcome(ls *Step) string {
	if n := Note(ls); n != "" {
		return n
	}
	switch {
	case ls.Blocked != nil:
		return ls.Blocked.Message
	case ls.Error != nil:
		return "error " + ErrorText(ls.Error)
	}
	var facts []string
	for _, s := range ls.Statements {
		if f, _ := report.Facts(s); f != "" && f != "ok" {
			facts = append(facts, f)
		}
	}
	if len(facts) == 0 {
		return "ok"
	}
	return strings.Join(facts, "; ")
}
