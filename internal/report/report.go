// Package report prints transcripts for people: aligned tables with every
// value in SQL literal notation (so storage classes show), errors marked,
// busy waits explained, and every connection's state after each step. The
// command line prints it and the golden files store it.
package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// Options changes what Text prints.
type Options struct {
	// Timings adds wall-clock times; goldens leave them out because they
	// change from run to run.
	Timings bool
}

// Text writes t for a person to read.
func Text(w io.Writer, t *wire.Transcript, opt Options) error {
	p := &printer{w: w, opt: opt}
	p.header(t)
	for _, st := range t.Steps {
		p.step(st)
	}
	p.footer(t)
	return p.err
}

type printer struct {
	w   io.Writer
	opt Options
	err error
}

// printf writes one piece of the transcript, with every control
// character of the scenario's text made visible (see [Visible]).
func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, Visible(fmt.Sprintf(format, args...)))
	}
}

func (p *printer) header(t *wire.Transcript) {
	p.printf("%s — %s\n", t.Scenario, t.Title)
	p.printf("storage %s · SQLite %s · engine %s\n", t.Storage, t.Engine.SQLite, t.Engine.Version)
	for _, c := range t.Connections {
		p.printf("connection %s: busy timeout %d ms%s\n", c.Name, c.BusyTimeoutMs, settings(c))
		if c.Error != nil {
			p.printf("  ✗ %s\n", errorLine(c.Error))
		}
	}
	p.printf("values: 1 integer · 1.0 real · 'text' · x'00' blob · NULL\n")
}

func settings(c wire.Connection) string {
	parts := Settings(c)
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

// Settings words a connection's pragmas and limits, one "PRAGMA name =
// value" or "limit name = value" each.
func Settings(c wire.Connection) []string {
	var parts []string
	for _, s := range c.Pragmas {
		parts = append(parts, "PRAGMA "+s.Name+" = "+s.Value)
	}
	for _, s := range c.Limits {
		parts = append(parts, "limit "+s.Name+" = "+s.Value)
	}
	if c.TransactionMode != "" {
		parts = append(parts, "BEGIN runs as BEGIN "+c.TransactionMode+` (Django's "transaction_mode")`)
	}
	return parts
}

func (p *printer) step(st wire.Step) {
	quirk := ""
	if st.Quirk {
		quirk = " · ★ the quirk"
	}
	p.printf("\nstep %d · %s · line %d%s%s\n", st.Index, st.Conn, st.Line, stepKind(st), quirk)
	if st.SQL != "" {
		p.printf("%s\n", indent(st.SQL, "  │ "))
	}
	for _, prm := range st.Params {
		name := prm.Name
		if name == "" {
			name = "?"
		}
		p.printf("  param %s = %s\n", name, prm.Value.Literal())
	}
	if st.Skipped {
		p.printf("  (not run: the run stopped earlier)\n")
		return
	}
	for _, s := range st.Statements {
		if len(st.Statements) > 1 {
			p.printf("  › %s\n", firstLine(s.SQL))
		}
		p.statement(s)
	}
	p.printf("  after: %s\n", states(st.States))
	p.checks(st.Checks)
	if p.opt.Timings {
		p.printf("  took %.3f ms\n", st.ElapsedMs)
	}
}

func stepKind(st wire.Step) string {
	if action := CursorAction(st.Kind, st.Cursor, st.Fetch); action != "" {
		return " · " + action
	}
	return ""
}

func (p *printer) statement(s wire.Statement) {
	facts, table := Facts(s)
	if table {
		p.table(s)
	}
	if facts != "" {
		p.printf("    %s\n", facts)
	}
	if s.Truncated != "" {
		p.printf("    %s\n", s.Truncated)
	}
	if s.Error != nil {
		p.printf("    ✗ %s\n", errorLine(s.Error))
		if s.Error.Note != "" {
			p.printf("      %s\n", s.Error.Note)
		}
	}
	if s.Busy != nil {
		p.printf("      %s\n", BusyLine(s.Busy))
	}
	if s.Note != "" {
		p.printf("    note: %s\n", s.Note)
	}
}

// Facts sums up what a statement did ("2 rows, more to fetch", "1 row
// changed, last insert rowid 3", "ok"; "" for a failure with nothing else
// to say), and whether it has rows to show as a table: a statement that
// failed before its first row has none.
func Facts(s wire.Statement) (facts string, table bool) {
	table = len(s.Columns) > 0 && (s.Error == nil || s.RowCount > 0)
	var fs []string
	if table {
		fs = append(fs, rowsFact(s))
	}
	if s.Changes > 0 {
		fs = append(fs, Plural(s.Changes, "row")+" changed")
	}
	if s.LastInsertRowID != nil {
		fs = append(fs, fmt.Sprintf("last insert rowid %d", *s.LastInsertRowID))
	}
	if s.Error == nil && len(fs) == 0 {
		fs = append(fs, "ok")
	}
	return strings.Join(fs, ", "), table
}

func rowsFact(s wire.Statement) string {
	f := Plural(s.RowCount, "row")
	if s.CountIncomplete {
		f = "at least " + f
	}
	if int64(len(s.Rows)) < s.RowCount {
		f = fmt.Sprintf("%d of %s kept", len(s.Rows), f)
	}
	if s.CountIncomplete {
		f += " (" + countStopped(s.Error) + ")"
	}
	if !s.Done {
		f += ", more to fetch"
	}
	return f
}

// countStopped says what stopped a statement's count (see
// wire.Statement.CountIncomplete): the limit its error names.
func countStopped(e *wire.Error) string {
	limit := ""
	if e != nil {
		limit = e.Limit
	}
	switch limit {
	case "statement-time", "run-time":
		return "counting stopped at the time limit"
	case "cancelled":
		return "counting stopped when the run was cancelled"
	case "":
		return "counting stopped early"
	}
	return "counting stopped at the dbquirks " + limit + " limit"
}

func errorLine(e *wire.Error) string {
	code := e.Extended
	if code == "" {
		code = e.Code
	}
	return code + ": " + e.Message
}

// BusyLine explains a lock a statement met, the same way everywhere.
func BusyLine(b *wire.Busy) string {
	switch {
	case b.Refused:
		return "refused at once: SQLite did not call the busy handler, because waiting could not help (no timeout changes this)"
	case b.TimeoutMs == 0:
		return "no busy timeout set: failed at once"
	}
	return fmt.Sprintf("waited %d ms (virtual), then SQLITE_BUSY", b.WaitedMs)
}

func states(ss []wire.ConnState) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.Name + " " + s.Txn
		if !s.Autocommit {
			parts[i] += " (BEGIN open)"
		}
		if len(s.Cursors) > 0 {
			parts[i] += " [cursor " + strings.Join(s.Cursors, ", ") + "]"
		}
	}
	return strings.Join(parts, " · ")
}

func (p *printer) checks(cs []wire.Check) {
	for _, c := range cs {
		text := CheckText(c)
		switch {
		case text == "":
		case c.OK:
			p.printf("  ✓ %s\n", text)
		case c.Kind == "rows" && !c.Implicit:
			p.printf("  ✗ %s\n%s\n%s\n", text, indent(Rows(c.Want), "      want │ "), indent(Rows(c.Got), "      got  │ "))
		default:
			p.printf("  ✗ %s\n", text)
		}
	}
}

// CheckText words a check and its outcome, without a mark: "" for the
// implicit "no error" check of a step that ran without one, which goes
// without saying. A failed stated check names the line of the scenario
// file that states it, for whoever reads the file.
func CheckText(c wire.Check) string {
	text := CheckWords(c)
	if !c.OK && !c.Implicit {
		text += fmt.Sprintf(" (line %d)", c.Line)
	}
	return text
}

// CheckWords is CheckText without the line, for a reader of the page, who
// edits a step and never sees the file's line numbers.
func CheckWords(c wire.Check) string {
	switch {
	case c.Implicit && c.OK:
		return ""
	case c.Implicit:
		return "expected no error, got " + c.Got
	case c.Kind == "rows" && c.OK:
		return "rows as listed"
	case c.Kind == "rows":
		return "rows differ from those listed"
	case c.OK:
		return c.Option() + "=" + c.Want
	}
	return fmt.Sprintf("%s=%s, got %s", c.Option(), c.Want, c.Got)
}

func (p *printer) footer(t *wire.Transcript) {
	p.printf("\n")
	if t.Stopped != nil {
		p.printf("%s\n", t.Stopped.Message)
	}
	p.printf("%s", Summary(t))
	p.printf("\n")
	if p.opt.Timings {
		p.printf("took %.3f ms\n", t.ElapsedMs)
	}
}

// Summary sums a run up in one line, the same on the command line and
// in the page: steps run, expectations stated, checks failed, and the wait
// on the virtual clock.
func Summary(t *wire.Transcript) string {
	steps := 0
	for _, st := range t.Steps {
		if !st.Skipped {
			steps++
		}
	}
	s := Plural(int64(steps), "step") + " run, " + Plural(int64(Stated(t)), "expectation") + " stated, " +
		Plural(int64(t.Failures), "check") + " failed"
	if t.VirtualMs > 0 {
		s += fmt.Sprintf(", %d ms waited on the virtual clock", t.VirtualMs)
	}
	return s
}

// Stated counts the expectations a scenario wrote down, leaving out the
// implicit "runs without error" of steps that state no error expectation.
func Stated(t *wire.Transcript) int {
	n := 0
	for _, st := range t.Steps {
		for _, c := range st.Checks {
			if !c.Implicit {
				n++
			}
		}
	}
	return n
}

// table prints rows as an aligned table, one column per result column,
// headed by name and declared type.
func (p *printer) table(s wire.Statement) {
	head := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		head[i] = c.Name
		if c.DeclType != "" {
			head[i] += " " + c.DeclType
		}
		head[i] = cellText(head[i])
	}
	cells := [][]string{head}
	for _, row := range s.Rows {
		line := make([]string, len(row))
		for i, v := range row {
			line[i] = Cell(v, 60)
		}
		cells = append(cells, line)
	}
	width := make([]int, len(head))
	for _, line := range cells {
		for i, c := range line {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for n, line := range cells {
		p.printf("    │")
		for i, c := range line {
			p.printf(" %s%s │", c, strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
		}
		p.printf("\n")
		if n == 0 {
			rules := make([]string, len(line))
			for i := range line {
				rules[i] = strings.Repeat("─", width[i]+2)
			}
			p.printf("    ├%s┤\n", strings.Join(rules, "┼"))
		}
	}
}

// Cell shows a value in literal notation on one line, cut to about limit
// characters with its full size noted.
func Cell(v wire.Value, limit int) string {
	s := cellText(v.Literal())
	if n := utf8.RuneCountInString(s); n > limit {
		r := []rune(s)
		s = string(r[:limit]) + fmt.Sprintf("… (%d bytes)", v.Size())
	}
	return s
}

// cellText keeps a table cell on its line: line breaks, carriage returns
// and tabs show as ↵, ␍ and ⇥; other controls are left to [Visible],
// which escapes them in the width they will have once printed.
func cellText(s string) string {
	return Visible(strings.NewReplacer("\n", "↵", "\r", "␍", "\t", "⇥").Replace(s))
}

// Plural counts a word that takes an s: "1 row", "2 rows".
func Plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func firstLine(s string) string {
	line, _, more := strings.Cut(s, "\n")
	if more {
		line += " …"
	}
	return line
}

// Rows shows the rows of a rows check, "(no rows)" for none.
func Rows(s string) string {
	if s == "" {
		return "(no rows)"
	}
	return s
}
