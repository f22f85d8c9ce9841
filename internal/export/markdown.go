package export

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Markdown limits: a forum post needs the shape of a result, not all of it.
const (
	mdMaxRows  = 50  // rows shown per result table
	mdMaxValue = 200 // characters shown per value
)

// Markdown writes the scenario's steps and results as a Markdown report: a
// title, an environment block (SQLite and engine versions, storage, each
// connection's busy timeout and pragmas), the permalink, then every step's
// SQL and result tables. Values are written in SQL literal notation, so a
// reader sees 1, 1.0, '1' and x'31' as the different values they are. t may
// be nil (steps without results); permalink may be "". lanes are the other
// engines' answers (recorded PostgreSQL and MariaDB), written after each
// step's result, values that differ from SQLite's marked ≠.
//
// The output is GitHub-flavoured Markdown, which the Django Forum
// (Discourse), GitHub and Stack Overflow read. Django's Trac uses its own
// wiki syntax; there the report reads best pasted inside {{{ }}}.
func Markdown(doc *wire.Document, t *wire.Transcript, lanes []lane.Lane, permalink string) string {
	if doc == nil {
		doc = &wire.Document{}
	}
	var b strings.Builder
	title := doc.Meta.Title
	if title == "" && t != nil {
		title = t.Title
	}
	if title == "" {
		title = "Custom scenario"
	}
	fmt.Fprintf(&b, "### %s\n\n", inline(title))
	if doc.Meta.Summary != "" {
		fmt.Fprintf(&b, "%s\n\n", paragraph(doc.Meta.Summary))
	}
	switch {
	case safeLink(permalink):
		fmt.Fprintf(&b, "Run it, change it: <%s>\n\n", permalink)
	case permalink != "":
		fmt.Fprintf(&b, "Run it, change it: %s\n\n", code(permalink))
	}
	writeEnvironment(&b, doc, t)
	if t != nil {
		if t.Stopped != nil {
			fmt.Fprintf(&b, "**The run stopped early:** %s\n\n", inline(t.Stopped.Message))
		}
		if t.Failures > 0 {
			fmt.Fprintf(&b, "**%s** (marked ✗ below).\n\n", upperFirst(report.Summary(t)))
		} else {
			fmt.Fprintf(&b, "%s.\n\n", upperFirst(report.Summary(t)))
		}
	}
	results := stepResults(t)
	multi := len(connections(doc, t)) > 1
	for _, st := range doc.Steps {
		writeStep(&b, st, results[st.Index], multi)
		writeLanesMarkdown(&b, lanes, st.Index, results[st.Index])
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func writeEnvironment(b *strings.Builder, doc *wire.Document, t *wire.Transcript) {
	b.WriteString("**Environment**\n\n")
	if t != nil {
		fmt.Fprintf(b, "- SQLite %s, dbquirks engine %s\n", inline(t.Engine.SQLite), inline(t.Engine.Version))
	} else {
		b.WriteString("- Not run yet: no results below\n")
	}
	storage := doc.Meta.Storage
	if t != nil && t.Storage != "" {
		storage = t.Storage
	}
	if storage == "" {
		storage = "memdb"
	}
	fmt.Fprintf(b, "- Storage: %s, %s\n", code(storage), inline(storageNote(storage)))
	for _, c := range connections(doc, t) {
		fmt.Fprintf(b, "- Connection %s: %s", code(c.Name), inline(connSettings(c)))
		if c.Error != nil {
			fmt.Fprintf(b, " (**failed to open:** %s)", inline(c.Error.Message))
		}
		b.WriteString("\n")
	}
	if d := doc.Meta.Django.Versions; d != "" {
		fmt.Fprintf(b, "- Django checked: %s\n", inline(d))
	}
	b.WriteString("\nValues are in SQL literal notation: `1` integer, `1.0` real, `'1'` text, `x'31'` blob, `NULL`.\n\n")
}

func writeStep(b *strings.Builder, st wire.DocStep, res *wire.Step, multi bool) {
	fmt.Fprintf(b, "#### Step %d", st.Index)
	if multi {
		fmt.Fprintf(b, " · connection %s", code(st.Conn))
	}
	if st.Quirk {
		b.WriteString(" · **the quirk**")
	}
	b.WriteString("\n\n")
	if action := report.CursorAction(st.Kind, code(st.Cursor), st.Fetch); action != "" {
		end := "."
		if st.SQL != "" {
			end = ":"
		}
		b.WriteString(upperFirst(action) + end + "\n\n")
	}
	if st.SQL != "" {
		b.WriteString(fenced("sql", st.SQL) + "\n\n")
	}
	if res != nil && len(res.Params) > 0 {
		vals := make([]string, len(res.Params))
		for i, p := range res.Params {
			vals[i] = p.Value.Literal()
			if p.Name != "" {
				vals[i] = p.Name + "=" + vals[i]
			}
		}
		fmt.Fprintf(b, "Parameters: %s\n\n", code(strings.Join(vals, ", ")))
	}
	if res == nil {
		return
	}
	if res.Skipped {
		b.WriteString("*Not run: the run stopped before this step.*\n\n")
		return
	}
	for i, s := range res.Statements {
		writeStatement(b, s, len(res.Statements) > 1, i == len(res.Statements)-1)
	}
	if len(res.States) > 0 && hasTransaction(res.States) {
		var st []string
		for _, s := range res.States {
			st = append(st, s.Name+": "+s.Txn)
		}
		b.WriteString(inline("Transactions after the step: "+strings.Join(st, ", ")) + ".\n\n")
	}
	writeChecks(b, res.Checks)
}

// writeStatement writes what one statement did, in the words of the text
// transcript and the page (internal/report): its rows, its facts, the lock
// it met and its error, which only the step's last statement can have.
// Among several statements, each is named by its SQL.
func writeStatement(b *strings.Builder, s wire.Statement, many, last bool) {
	facts, table := report.Facts(s)
	if table {
		if many {
			fmt.Fprintf(b, "Result of %s:\n\n", code(oneLine(s.SQL, 80)))
		}
		writeTable(b, s, nil)
		if shown := min(len(s.Rows), mdMaxRows); shown < len(s.Rows) {
			facts += fmt.Sprintf("; the first %d shown", shown)
		}
	}
	switch {
	case facts == "":
	case many && !table:
		fmt.Fprintf(b, "%s: %s.\n\n", code(oneLine(s.SQL, 80)), inline(facts))
	default:
		b.WriteString(inline(upperFirst(facts)) + ".\n\n")
	}
	if s.Truncated != "" {
		b.WriteString(paragraph(s.Truncated) + "\n\n")
	}
	if s.Busy != nil {
		b.WriteString("Locked: " + inline(report.BusyLine(s.Busy)) + ".\n\n")
	}
	if s.Error != nil && last {
		name := s.Error.Extended
		if name == "" {
			name = s.Error.Code
		}
		fmt.Fprintf(b, "**Error** %s: %s\n\n", code(name), inline(s.Error.Message))
		if s.Error.Note != "" {
			fmt.Fprintf(b, "(%s)\n\n", inline(s.Error.Note))
		}
	}
	if s.Note != "" {
		fmt.Fprintf(b, "Note: %s\n\n", inline(s.Note))
	}
}

// writeTable writes a statement's rows as a Markdown table, at most
// mdMaxRows of them; a value for which differs (when given) holds is
// marked ≠: another lane's value that is not SQLite's.
func writeTable(b *strings.Builder, s wire.Statement, differs func(row, col int) bool) {
	b.WriteString("|")
	for _, c := range s.Columns {
		name := cell(c.Name)
		if name == "" {
			name = " "
		}
		if c.DeclType != "" {
			name += " (" + cell(c.DeclType) + ")"
		}
		b.WriteString(" " + name + " |")
	}
	b.WriteString("\n|")
	for range s.Columns {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for i, row := range s.Rows {
		if i == mdMaxRows {
			break
		}
		b.WriteString("|")
		for j, v := range row {
			mark := ""
			if differs != nil && differs(i, j) {
				mark = " ≠"
			}
			b.WriteString(" " + valueCell(v) + mark + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// writeChecks lists a step's expectations in the words of the text
// transcript and the page (report.CheckText), with the rows expected and
// got under a rows check that failed.
func writeChecks(b *strings.Builder, checks []wire.Check) {
	var lines []string
	for _, c := range checks {
		text := report.CheckText(c)
		if text == "" {
			continue
		}
		mark := "✓"
		if !c.OK {
			mark = "✗"
		}
		line := "- " + mark + " " + inline(text)
		if c.Kind == "rows" && !c.OK && !c.Implicit {
			line += ":\n\n" + indentBlock(fenced("text", report.Rows(c.Want)), "  ") +
				"\n\n  got:\n\n" + indentBlock(fenced("text", report.Rows(c.Got)), "  ") + "\n"
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		b.WriteString("Expectations:\n\n" + strings.Join(lines, "\n") + "\n\n")
	}
}

func hasTransaction(states []wire.ConnState) bool {
	for _, s := range states {
		if s.Txn != "none" {
			return true
		}
	}
	return false
}

// valueCell writes a value in literal notation for a table cell, cut short
// when long.
func valueCell(v wire.Value) string {
	lit := v.Literal()
	if v.Type == wire.Null {
		return "*NULL*"
	}
	if n := utf8.RuneCountInString(lit); n > mdMaxValue {
		cut := []rune(lit)[:mdMaxValue]
		return cell(string(cut)) + fmt.Sprintf("… *(%d characters)*", n)
	}
	return cell(lit)
}

// cell escapes text for a table cell: Markdown punctuation is escaped, and
// line breaks become <br> because a cell is one line.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = inline(strings.ReplaceAll(p, "\r", " "))
	}
	return strings.Join(parts, "<br>")
}

// mdSpecial are the characters inline escapes with a backslash: everything
// that can start emphasis, code, a link, an image, a table cell, strikeout
// or a heading.
const mdSpecial = "\\`*_[]|~!#"

// mdEntities are written as HTML entities instead, as GitHub's own escaping
// does: a backslash before < is plain text to CommonMark, but not to every
// Markdown a report gets pasted into, and an entity is text to all of them.
var mdEntities = map[rune]string{'<': "&lt;", '>': "&gt;", '&': "&amp;"}

// inline escapes text for one line of Markdown prose: line breaks become
// spaces, Markdown punctuation is escaped, < > & become entities (so no
// HTML, autolink or entity comes from the text), and control, invisible
// and bidirectional formatting characters show as \uXXXX.
func inline(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case mdEntities[r] != "":
			b.WriteString(mdEntities[r])
		case r < 0x80 && strings.ContainsRune(mdSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == utf8.RuneError || !unicode.IsPrint(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// paragraph escapes text for a paragraph of its own: inline, without
// leading spaces (four make a code block), and with the first character
// escaped when it would start a list, a thematic break or a setext heading.
func paragraph(s string) string {
	p := inline(strings.TrimLeft(s, " \t\r\n"))
	if p != "" && strings.ContainsRune("-+=", rune(p[0])) {
		return "\\" + p
	}
	if i := strings.IndexFunc(p, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i < 10 && (p[i] == '.' || p[i] == ')') {
		return p[:i] + "\\" + p[i:] // "1." or "1)" would start an ordered list
	}
	return p
}

// code writes s as an inline code span, with a fence longer than any run of
// backticks inside it.
func code(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	// In a table row a | ends the cell even inside a code span.
	s = strings.ReplaceAll(s, "|", "\\|")
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// fenceFor returns a code fence longer than any run of backticks in s.
func fenceFor(s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence
}

// fenced writes s as a fenced code block. Markdown ends a line at \r as at
// \n, so line breaks become \n first: indentBlock, which puts a block
// inside a list item, must see every line, or a line it missed would leave
// the list item and close the block.
func fenced(lang, s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	f := fenceFor(s)
	return f + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + f
}

func indentBlock(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

// oneLine shortens SQL to one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return s
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// safeLink reports whether u may be written as a link: an http, https or
// mailto address with nothing in it that could end an autolink early.
func safeLink(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
	default:
		return false
	}
	return ok && !strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '<' || r == '>' })
}
