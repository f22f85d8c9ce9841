package record

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// diff compares a stored recording with what the live server answered now
// and returns one line per difference, each naming the scenario, the step
// and the lane: "sqlite-like-ascii-case step 3, postgres: rows differ: ...".
// The day of recording, the server's exact version and timings are not
// compared: only what a reader sees as the result.
func diff(stored, live *wire.Recording) []string {
	var out []string
	where := func(step int) string {
		if step == 0 {
			return stored.Scenario + ", " + stored.Lane + ": "
		}
		return fmt.Sprintf("%s step %d, %s: ", stored.Scenario, step, stored.Lane)
	}
	for _, d := range diffSettings(stored.Server.Settings, live.Server.Settings) {
		out = append(out, where(0)+d)
	}
	if len(stored.Steps) != len(live.Steps) {
		out = append(out, where(0)+fmt.Sprintf("recorded %d steps, the scenario now has %d", len(stored.Steps), len(live.Steps)))
	}
	for i := 0; i < min(len(stored.Steps), len(live.Steps)); i++ {
		for _, d := range diffStep(stored.Steps[i], live.Steps[i]) {
			out = append(out, where(stored.Steps[i].Index)+d)
		}
	}
	return out
}

func diffSettings(stored, live []wire.Setting) []string {
	var out []string
	liveByName := map[string]string{}
	for _, s := range live {
		liveByName[s.Name] = s.Value
	}
	for _, s := range stored {
		if v, ok := liveByName[s.Name]; !ok {
			out = append(out, fmt.Sprintf("setting %s: recorded %q, the server no longer reports it", s.Name, s.Value))
		} else if v != s.Value {
			out = append(out, fmt.Sprintf("setting %s differs: recorded %q, live %q", s.Name, s.Value, v))
		}
	}
	return out
}

// diffStep lists what differs between a step as recorded and as played now.
func diffStep(a, b wire.LaneStep) []string {
	var out []string
	add := func(what, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s differ: recorded %s, live %s", what, x, y))
		}
	}
	add("step digests (the step or one before it changed)", a.Source, b.Source)
	add("connections", a.Conn, b.Conn)
	add("kinds", a.Kind, b.Kind)
	add("not-applicable reasons", orNone(a.NotApplicable), orNone(b.NotApplicable))
	add("SQL texts", strconv.Quote(a.SQL), strconv.Quote(b.SQL))
	add("errors", describeError(a.Error), describeError(b.Error))
	add("waits", describeBlocked(a.Blocked), describeBlocked(b.Blocked))
	if len(a.Statements) != len(b.Statements) {
		out = append(out, fmt.Sprintf("statements differ: recorded %d, live %d", len(a.Statements), len(b.Statements)))
	}
	for i := 0; i < min(len(a.Statements), len(b.Statements)); i++ {
		x, y := a.Statements[i], b.Statements[i]
		prefix := ""
		if len(a.Statements) > 1 {
			prefix = "statement " + strconv.Itoa(i+1) + ": "
		}
		before := len(out)
		add("columns", describeColumns(x.Columns), describeColumns(y.Columns))
		add("rows", describeRows(x), describeRows(y))
		add("changes", strconv.FormatInt(x.Changes, 10), strconv.FormatInt(y.Changes, 10))
		add("statement texts", strconv.Quote(x.SQL), strconv.Quote(y.SQL))
		for j := before; j < len(out); j++ {
			out[j] = prefix + out[j]
		}
	}
	add("transaction states", describeStates(a.States), describeStates(b.States))
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none (it runs)"
	}
	return strconv.Quote(s)
}

// describeError writes an error as "23505 (23505) duplicate key ...", or
// "no error".
func describeError(e *wire.Error) string {
	if e == nil {
		return "no error"
	}
	code := e.Code
	if e.Extended != "" && e.Extended != e.Code {
		code += " (" + e.Extended + ")"
	}
	return code + " " + strconv.Quote(e.Message)
}

func describeBlocked(b *wire.Blocked) string {
	if b == nil {
		return "not blocked"
	}
	return fmt.Sprintf("statement %d %s", b.Statement, b.Message)
}

func describeColumns(cols []wire.Column) string {
	if len(cols) == 0 {
		return "none"
	}
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name + " " + c.DeclType
	}
	return strings.Join(parts, ", ")
}

// describeRows writes a statement's rows in literal notation, rows apart
// by " | ", cut short past a few hundred characters.
func describeRows(st wire.Statement) string {
	rows := make([]string, len(st.Rows))
	for i, r := range st.Rows {
		rows[i] = rowLiteral(r)
	}
	s := plural(st.RowCount, "row") + " [" + strings.Join(rows, " | ") + "]"
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…]"
	}
	return s
}

// rowLiteral writes a row as a line of a rows block: values in literal
// notation, apart by ", ".
func rowLiteral(row []wire.Value) string {
	vals := make([]string, len(row))
	for i, v := range row {
		vals[i] = v.Literal()
	}
	return strings.Join(vals, ", ")
}

func describeStates(states []wire.ConnState) string {
	parts := make([]string, len(states))
	for i, s := range states {
		parts[i] = s.Name + " " + s.Txn
		if len(s.Cursors) > 0 {
			parts[i] += " (cursors " + strings.Join(s.Cursors, ", ") + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}
