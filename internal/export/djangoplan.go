package export

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file plans the Django test before any of it is written: which test
// case class the scenario needs and why, the Python names of its
// connections and cursors, and what each step expects and how it fails.

// safePragmas work the same inside a transaction; any other pragma
// assignment (foreign_keys, journal_mode, …) does nothing or fails inside
// one. Either kind outlasts the test on Django's connection, so a scenario
// that sets any pragma gets a TransactionTestCase, which closes it.
var safePragmas = map[string]bool{
	"busy_timeout": true, "case_sensitive_like": true, "cache_size": true, "recursive_triggers": true,
	"reverse_unordered_selects": true, "automatic_index": true, "legacy_alter_table": true,
	"defer_foreign_keys": true, "user_version": true, "temp_store": true, "query_only": true,
}

// transactionWords start statements that control transactions themselves.
var transactionWords = map[string]bool{
	"BEGIN": true, "COMMIT": true, "END": true, "ROLLBACK": true, "SAVEPOINT": true, "RELEASE": true, "VACUUM": true,
}

// pragmaReason says why setting a pragma rules out TestCase.
func pragmaReason(who, name string) string {
	if safePragmas[strings.ToLower(name)] {
		return who + " sets PRAGMA " + name + ", which would stay set on Django's connection after the test"
	}
	return who + " sets PRAGMA " + name + ", which does nothing inside a transaction"
}

// plan decides the test case class and the Python names.
func (g *pyGen) plan() {
	conns := g.sc.Meta.Connections
	g.multi = len(conns) > 1
	if g.multi {
		g.why = append(g.why, "it uses "+strconv.Itoa(len(conns))+" connections, which must see each other's commits")
	}
	if g.sc.Meta.Storage == scenario.StorageMVCC {
		g.why = append(g.why, "it needs WAL mode, which a database enters only outside a transaction")
	}
	for _, c := range conns {
		for _, p := range c.Pragmas {
			g.why = append(g.why, pragmaReason("connection "+c.Name, p.Name))
		}
		for _, l := range c.Limits {
			g.why = append(g.why, "connection "+c.Name+" lowers the limit "+l.Name+", which would stay lowered on Django's connection after the test")
		}
	}
	seen := map[string]bool{}
	for _, st := range g.sc.Steps {
		for _, s := range splitStatements(st.SQL) {
			w := firstWord(s)
			switch {
			case transactionWords[w] && !seen[w]:
				seen[w] = true
				g.why = append(g.why, "step "+strconv.Itoa(st.Index)+" runs "+w+" itself")
			case w == "PRAGMA":
				if name, set := pragmaAssignment(s); set && !seen[name] {
					seen[name] = true
					g.why = append(g.why, pragmaReason("step "+strconv.Itoa(st.Index), name))
				}
			}
		}
	}
	g.transaction = len(g.why) > 0
	for _, c := range conns {
		if g.multi {
			g.vars["conn:"+c.Name] = g.name(c.Name)
		} else {
			g.vars["conn:"+c.Name] = g.name("cursor")
		}
	}
	for _, st := range g.sc.Steps {
		if _, ok := g.vars["cursor:"+st.Cursor]; st.Kind == scenario.Open && !ok {
			g.vars["cursor:"+st.Cursor] = g.name("cursor_" + st.Cursor)
		}
	}
}

// pyReserved are the names the test method reads besides its own
// variables: a variable of the same name would shadow them for the whole
// method (Python decides a name is local at compile time).
var pyReserved = map[string]bool{
	"self": true, "rows": true, "changes": true, "connection": true, "connections": true, "sqlite3": true,
	"parse_date": true, "parse_datetime": true, "parse_time": true,
	"bytes": true, "float": true, "int": true, "len": true,
	"IntegrityError": true, "DataError": true, "DatabaseError": true, "InternalError": true, "InterfaceError": true, "OperationalError": true,
}

// name turns a scenario name into a fresh Python identifier: ASCII letters,
// digits and underscores, not starting with a digit, not a keyword.
func (g *pyGen) name(s string) string {
	id := identifier(s, "_")
	if id == "" || unicode.IsDigit(rune(id[0])) || pyKeywords[id] {
		id = "c_" + id
	}
	base := id
	for i := 2; g.used[id]; i++ {
		id = base + "_" + strconv.Itoa(i)
	}
	g.used[id] = true
	return id
}

// pragmaAssignment returns the lower-case name of a PRAGMA statement and
// whether it sets a value.
func pragmaAssignment(stmt string) (string, bool) {
	var words []string
	for _, tk := range lexSQL(stmt) {
		switch tk.kind {
		case 'w':
			words = append(words, strings.ToLower(stmt[tk.start:tk.end]))
		case 'o':
			c := stmt[tk.start]
			if c == '=' || c == '(' {
				return last(words), c == '=' || len(words) >= 2
			}
		}
	}
	return last(words), false
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// usesFK reports whether the scenario declares foreign keys without
// setting the pragma, where Django's default differs from SQLite's.
func (g *pyGen) usesFK() bool {
	for _, c := range g.sc.Meta.Connections {
		for _, p := range c.Pragmas {
			if strings.EqualFold(p.Name, "foreign_keys") {
				return false
			}
		}
	}
	for _, st := range g.sc.Steps {
		if strings.Contains(strings.ToUpper(st.SQL), "REFERENCES") {
			return true
		}
	}
	return false
}

// stepExpect are a step's expectations in the form the generator needs.
type stepExpect struct {
	err      string // expected error code, "" for success
	rows     [][]wire.Value
	hasRows  bool
	rowCount *int64
	changes  *int64
	busy     string
	txn      string
}

func expectations(st scenario.Step) stepExpect {
	var e stepExpect
	for _, x := range st.Expect {
		switch x.Kind {
		case "error":
			if x.Want != "ok" {
				e.err = x.Want
			}
		case "rows":
			e.rows, e.hasRows = x.Rows, true
		case "rowCount":
			if n, err := strconv.ParseInt(x.Want, 10, 64); err == nil {
				e.rowCount = &n
			}
		case "changes":
			if n, err := strconv.ParseInt(x.Want, 10, 64); err == nil {
				e.changes = &n
			}
		case "busy":
			e.busy = x.Want
		case "txn":
			e.txn = x.Want
		}
	}
	return e
}

// failure is how a statement of a step fails, if it does.
type failure struct {
	code    string // SQLite result code name
	message string // SQLite's message to assert, "" for none
	seen    string // the message dbquirks saw, when not asserted
	refused string // set when dbquirks itself refused: why
}

// stepError returns how statement i of n fails: as the run recorded it, or
// as the scenario expects (expected, its expected result code) when there
// is no run.
func (g *pyGen) stepError(expected string, res *wire.Step, i, n int) *failure {
	if res != nil {
		if len(res.Statements) == 0 || i != len(res.Statements)-1 {
			return nil
		}
		e := res.Statements[i].Error
		switch {
		case e == nil:
			return nil
		case e.Code == wire.EngineCode || e.Limit != "":
			why := e.Message
			if e.Note != "" {
				why += " (" + e.Note + ")"
			}
			return &failure{code: e.Code, refused: why}
		}
		if e.Code == "SQLITE_ERROR" {
			// The wording of SQLite's generic errors (syntax errors, no
			// such column) changes between versions; the other codes'
			// messages ("database is locked", "UNIQUE constraint failed:
			// t.x") are stable and worth asserting.
			return &failure{code: e.Extended, seen: e.Message}
		}
		return &failure{code: e.Extended, message: e.Message}
	}
	if expected != "" && i == n-1 {
		return &failure{code: expected}
	}
	return nil
}

// returnsRows guesses, without a run, whether a statement returns rows.
func returnsRows(stmt string) bool {
	switch firstWord(stmt) {
	case "SELECT", "VALUES", "WITH", "EXPLAIN":
		return true
	case "PRAGMA":
		_, set := pragmaAssignment(stmt)
		return !set
	}
	for _, tk := range lexSQL(stmt) {
		if tk.kind == 'w' && strings.EqualFold(stmt[tk.start:tk.end], "RETURNING") {
			return true
		}
	}
	return false
}

// exceptionFor maps an SQLite result code to the exception Django raises
// for it: Python's sqlite3 picks a DB-API class by primary code
// (Modules/_sqlite/util.c), and Django re-raises it as django.db's class of
// the same name.
func exceptionFor(code string) string {
	primary := code
	for _, p := range []string{"SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_TOOBIG", "SQLITE_CORRUPT", "SQLITE_INTERNAL",
		"SQLITE_NOTFOUND", "SQLITE_MISUSE", "SQLITE_RANGE", "SQLITE_NOMEM"} {
		if code == p || strings.HasPrefix(code, p+"_") {
			primary = p
		}
	}
	switch primary {
	case "SQLITE_CONSTRAINT", "SQLITE_MISMATCH":
		return "IntegrityError"
	case "SQLITE_TOOBIG":
		return "DataError"
	case "SQLITE_CORRUPT", "SQLITE_NOMEM", wire.EngineCode:
		return "DatabaseError"
	case "SQLITE_INTERNAL", "SQLITE_NOTFOUND":
		return "InternalError"
	case "SQLITE_MISUSE", "SQLITE_RANGE":
		return "InterfaceError"
	}
	return "OperationalError"
}
