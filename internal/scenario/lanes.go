package scenario

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Lane names. A lane is one engine answering a scenario's steps: the live
// SQLite engine, or a real server whose answers `dbquirks record` keeps
// (internal/record).
const (
	LaneSQLite   = "sqlite"
	LanePostgres = "postgres"
	LaneMariaDB  = "mariadb"
)

// ServerLanes are the lanes recorded from real servers, in the order a page
// shows them after SQLite.
var ServerLanes = []string{LanePostgres, LaneMariaDB}

// StepLanes is what a step says about the recorded lanes. The SQLite engine
// ignores it.
type StepLanes struct {
	// Only lists the lanes the step runs on (lanes=sqlite,postgres), always
	// with sqlite; nil means every lane that can run the step's SQL.
	Only []string
	// SQL holds, by lane, the SQL a lane block wrote for that lane
	// (```sql postgres right after the step): it runs there instead of the
	// step's own SQL.
	SQL map[string]string
	// Expect are the step's claims about recorded lanes (expect.postgres=,
	// rows.mariadb=, a ```rows postgres block), checked by
	// `dbquirks record` and `dbquirks record --check`.
	Expect []LaneExpectation
}

// Runs reports whether lanes= lets the step run on lane.
func (l StepLanes) Runs(lane string) bool {
	return l.Only == nil || slices.Contains(l.Only, lane)
}

// LaneExpectation is one claim about a step's outcome on a recorded lane.
type LaneExpectation struct {
	// Lane is the lane it is about: "postgres" or "mariadb".
	Lane string
	// Kind is "error", "rowCount", "changes", "txn" or "rows".
	Kind string
	// Want is the expected outcome: for "error" ok, blocked, an SQLSTATE or
	// a server error number; a number for "rowCount" and "changes"; none,
	// active or failed for "txn"; for "rows" the rows one per line, each
	// value in literal notation (with true/false for booleans and exact
	// decimals as the server prints them), normalised by [LaneRow].
	Want string
	// Line is the line the expectation was written on.
	Line int
}

// laneOptionKinds maps the option written before ".lane" to the kind of
// expectation it states.
var laneOptionKinds = map[string]string{"expect": "error", "rows": "rowCount", "changes": "changes", "txn": "txn"}

// laneOption handles lanes= and the KEY.LANE= expectations of a step. It
// reports whether o was one of them.
func (p *bodyParser) laneOption(st *Step, o option, where int) bool {
	key, lane, qualified := strings.Cut(o.key, ".")
	if o.key == "lanes" {
		p.applyLanes(st, o, where)
		return true
	}
	kind, known := laneOptionKinds[key]
	if !qualified || !known {
		return false
	}
	switch {
	case !slices.Contains(ServerLanes, lane):
		p.s.errorAtOffset(where, "unknown lane %q in %s: use %s", lane, o.key, strings.Join(ServerLanes, " or "))
	case o.flag:
		p.s.errorAtOffset(where, "option %q needs a value: %s=...", o.key, o.key)
	case slices.ContainsFunc(st.Lanes.Expect, func(e LaneExpectation) bool { return e.Lane == lane && e.Kind == kind }):
		p.s.errorAtOffset(where, "option %q given twice", o.key)
	case !validLaneWant(kind, o.value):
		p.s.errorAtOffset(where, "%s=%s: %s", o.key, o.value, laneWantHelp[kind])
	default:
		line, _ := p.s.position(where)
		st.Lanes.Expect = append(st.Lanes.Expect, LaneExpectation{Lane: lane, Kind: kind, Want: o.value, Line: line})
	}
	return true
}

var laneWantHelp = map[string]string{
	"error":    "use ok, blocked, an SQLSTATE such as 23505, or a server error number such as 1062",
	"rowCount": "use a whole number",
	"changes":  "use a whole number",
	"txn":      "use none, active or failed",
}

func validLaneWant(kind, v string) bool {
	switch kind {
	case "error":
		return v == "ok" || v == "blocked" || isSQLState(v) || v != "" && len(v) <= 4 && span(v, isDigit) == len(v)
	case "txn":
		return v == "none" || v == "active" || v == "failed"
	}
	_, ok := count(v)
	return ok
}

// isSQLState reports whether v looks like an SQLSTATE: five digits or
// upper-case letters ("23505", "55P03", "HY000"). MariaDB's own error
// numbers have at most four digits.
func isSQLState(v string) bool {
	if len(v) != 5 {
		return false
	}
	for i := 0; i < 5; i++ {
		if c := v[i]; !isDigit(c) && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

func (p *bodyParser) applyLanes(st *Step, o option, where int) {
	if o.flag || o.value == "" {
		p.s.errorAtOffset(where, "lanes= lists the lanes the step runs on: lanes=sqlite or lanes=sqlite,postgres")
		return
	}
	var only []string
	for _, l := range strings.Split(o.value, ",") {
		switch {
		case l != LaneSQLite && !slices.Contains(ServerLanes, l):
			p.s.errorAtOffset(where, "lanes=%s: unknown lane %q (lanes are sqlite, %s)", o.value, l, strings.Join(ServerLanes, ", "))
			return
		case slices.Contains(only, l):
			p.s.errorAtOffset(where, "lanes=%s names %s twice", o.value, l)
			return
		}
		only = append(only, l)
	}
	if !slices.Contains(only, LaneSQLite) {
		p.s.errorAtOffset(where, "lanes=%s must include sqlite: every step runs on SQLite", o.value)
		return
	}
	st.Lanes.Only = only
}

// laneBlockOf returns the lane a fenced block is written for ("```sql
// postgres", "```rows mariadb"), or "".
func (p *bodyParser) laneBlockOf(fc *ast.FencedCodeBlock, lang string) (lane, extra string) {
	info := strings.TrimSpace(strings.TrimPrefix(string(fc.Info.Segment.Value(p.sc.body)), lang))
	first, rest, _ := strings.Cut(info, " ")
	if !slices.Contains(ServerLanes, first) {
		return "", ""
	}
	return first, strings.TrimSpace(rest)
}

// laneBlock reads a ```sql LANE block: the SQL the step before it runs on
// that lane. It reports whether fc was one.
func (p *bodyParser) laneBlock(fc *ast.FencedCodeBlock) bool {
	lane, extra := p.laneBlockOf(fc, "sql")
	if lane == "" {
		return false
	}
	at := p.infoOffset(fc)
	st := p.laneStep(at, "sql "+lane)
	switch {
	case st == nil:
	case extra != "":
		p.s.errorAtOffset(at, "a sql %s block takes no options, found %q: state the lane's expectations on the step (rows.%s=1)", lane, extra, lane)
	case st.Lanes.SQL[lane] != "":
		p.s.errorAtOffset(at, "step %d already has a sql %s block", st.Index, lane)
	default:
		sql := strings.TrimRight(string(fc.Lines().Value(p.sc.body)), "\n")
		if strings.TrimSpace(sql) == "" {
			p.s.errorAtOffset(at, "this sql %s block is empty", lane)
			return true
		}
		if st.Lanes.SQL == nil {
			st.Lanes.SQL = map[string]string{}
		}
		st.Lanes.SQL[lane] = sql
	}
	return true
}

// laneRows reads a ```rows LANE block: the exact rows the step before it
// returns on that lane. It reports whether fc was one.
func (p *bodyParser) laneRows(fc *ast.FencedCodeBlock) bool {
	lane, extra := p.laneBlockOf(fc, "rows")
	if lane == "" {
		return false
	}
	at := p.infoOffset(fc)
	st := p.laneStep(at, "rows "+lane)
	if st == nil {
		return true
	}
	if extra != "" {
		p.s.errorAtOffset(at, "a rows %s block takes no options, found %q", lane, extra)
	}
	if slices.ContainsFunc(st.Lanes.Expect, func(e LaneExpectation) bool { return e.Lane == lane && e.Kind == "rows" }) {
		p.s.errorAtOffset(at, "step %d already has a rows %s block", st.Index, lane)
	}
	line, _ := p.s.position(at)
	var want []string
	lines := fc.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw := strings.TrimRight(string(seg.Value(p.sc.body)), "\r\n")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		vals, err := LaneRow(raw)
		if err != nil {
			p.s.errorAtOffset(p.base+seg.Start+err.(*literalError).offset, "rows %s: %s", lane, err.(*literalError).msg)
			continue
		}
		want = append(want, strings.Join(vals, ", "))
	}
	st.Lanes.Expect = append(st.Lanes.Expect, LaneExpectation{Lane: lane, Kind: "rows", Want: strings.Join(want, "\n"), Line: line})
	return true
}

// laneStep is the step a lane block belongs to: the one right before it
// (after its rows block and other lane blocks), or nil after a diagnostic.
func (p *bodyParser) laneStep(at int, what string) *Step {
	if p.laneAnchor == 0 {
		p.s.errorAtOffset(at, "a %s block must come right after the sql step it is about (or after that step's rows block)", what)
		return nil
	}
	return &p.sc.Steps[p.laneAnchor-1]
}

// LaneRow splits one line of a lane's rows block into its values, each
// normalised to the notation a recording's values print in: integers and
// decimals as written, 'text' with ” for a quote, x'hex' in lower case,
// NULL, true and false. The error, when not nil, is a *literalError-like
// error whose message says what is wrong.
func LaneRow(line string) ([]string, error) {
	var out []string
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		start := i
		if i < len(line) && line[i] == '\'' {
			n := quotedLen(line[i:])
			if n < 0 {
				return nil, &literalError{offset: i, msg: "text is never closed with '"}
			}
			i += n
		} else {
			for i < len(line) && line[i] != ',' && line[i] != ' ' && line[i] != '\t' {
				if line[i] == '\'' {
					n := quotedLen(line[i:])
					if n < 0 {
						return nil, &literalError{offset: i, msg: "text is never closed with '"}
					}
					i += n - 1
				}
				i++
			}
		}
		v, ok := laneValue(line[start:i])
		if !ok {
			return nil, &literalError{offset: start, msg: "expected a value: 12, 0.80, 1.5e-3, 'text', x'00ff', NULL, true or false"}
		}
		out = append(out, v)
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return out, nil
		}
		if line[i] != ',' {
			return nil, &literalError{offset: i, msg: "expected a comma between values"}
		}
		i++
	}
}

// quotedLen is the length of the '...' string at the start of s, or -1.
func quotedLen(s string) int {
	for i := 1; i < len(s); i++ {
		if s[i] == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return -1
}

// laneValue checks and normalises one value of a lane's rows block.
func laneValue(v string) (string, bool) {
	switch u := strings.ToUpper(v); {
	case v == "":
		return "", false
	case u == "NULL":
		return "NULL", true
	case u == "TRUE" || u == "FALSE":
		return strings.ToLower(v), true
	case v[0] == '\'':
		return v, quotedLen(v) == len(v)
	case (v[0] == 'x' || v[0] == 'X') && len(v) >= 3 && v[1] == '\'' && v[len(v)-1] == '\'':
		hex := strings.ToLower(v[2 : len(v)-1])
		return "x'" + hex + "'", len(hex)%2 == 0 && span(hex, isHex) == len(hex)
	case u == "INF" || u == "-INF" || u == "NAN":
		return map[string]string{"INF": "Inf", "-INF": "-Inf", "NAN": "NaN"}[u], true
	}
	return v, isNumber(v)
}

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' }

// isNumber accepts -12, 0.80, 1e+21, 1.5E-3.
func isNumber(v string) bool {
	i := 0
	if i < len(v) && (v[i] == '-' || v[i] == '+') {
		i++
	}
	digits := span(v[i:], isDigit)
	i += digits
	if i < len(v) && v[i] == '.' {
		i++
		frac := span(v[i:], isDigit)
		digits += frac
		i += frac
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '-' || v[i] == '+') {
			i++
		}
		exp := span(v[i:], isDigit)
		if exp == 0 {
			return false
		}
		i += exp
	}
	return i == len(v)
}

func span(s string, ok func(byte) bool) int {
	n := 0
	for n < len(s) && ok(s[n]) {
		n++
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
