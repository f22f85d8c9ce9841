package export

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// DjangoTest writes a Python module with one Django test that replays the
// scenario's SQL through connection.cursor() and asserts what the scenario
// claims: the errors it expects (with SQLite's message when t has it), the
// rows of its rows blocks, row counts, changes and transaction states.
//
// A scenario that opens transactions itself, uses several connections or
// sets pragmas that do nothing inside a transaction cannot run inside
// TestCase's wrapping transaction; it gets a TransactionTestCase, and the
// module's comments say why and what settings it needs. What cannot be
// reproduced at all (dbquirks' sandbox refusals, its virtual busy clock) is
// said in a comment where it happens. t may be nil; with it, the test follows
// the statements exactly as SQLite split them and the errors as they came.
func DjangoTest(doc *wire.Document, t *wire.Transcript, permalink string) string {
	if doc == nil {
		doc = &wire.Document{}
	}
	g := &pyGen{doc: doc, t: t, results: stepResults(t), vars: map[string]string{}, excs: map[string]bool{}}
	file := doc.ID + ".md"
	if doc.ID == "" {
		file = "scenario.md"
	}
	sc, err := scenario.Parse(file, []byte(doc.Source))
	if err != nil {
		return g.broken(err, permalink)
	}
	g.sc = sc
	g.plan()
	g.method() // first, to learn what the imports must be
	body := g.b.String()
	g.b.Reset()
	g.header(permalink)
	g.class(body)
	return g.b.String()
}

// pyGen writes the Python module.
type pyGen struct {
	b       strings.Builder
	doc     *wire.Document
	t       *wire.Transcript
	sc      *scenario.Scenario
	results map[int]*wire.Step

	multi       bool              // more than one connection
	transaction bool              // needs TransactionTestCase
	why         []string          // why TransactionTestCase
	vars        map[string]string // connection or cursor name -> Python variable
	used        map[string]bool   // Python names already given out
	excs        map[string]bool   // exception classes the test uses
	usesRaw     bool              // the test calls sqlite3 directly
	usesDates   bool              // the test uses django.utils.dateparse
}

func (g *pyGen) line(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteString("\n")
}

// comment writes text as comment lines, wrapped near 88 columns.
func (g *pyGen) comment(indent int, text string) {
	width := 88 - 4*indent - 2
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(commentSafe(para))
		if len(words) == 0 {
			g.line(indent, "#")
			continue
		}
		cur := ""
		for _, w := range words {
			if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
				g.line(indent, "# %s", cur)
				cur = ""
			}
			if cur != "" {
				cur += " "
			}
			cur += w
		}
		g.line(indent, "# %s", cur)
	}
}

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
	g.used = map[string]bool{"self": true, "rows": true, "changes": true, "connection": true, "connections": true, "sqlite3": true,
		"parse_date": true, "parse_datetime": true, "parse_time": true}
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

// name turns a scenario name into a fresh Python identifier.
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

func (g *pyGen) header(permalink string) {
	m := g.sc.Meta
	g.comment(0, m.Title)
	if m.Summary != "" {
		g.comment(0, m.Summary)
	}
	g.line(0, "#")
	if permalink != "" {
		g.comment(0, "Run it in the browser: "+permalink)
	}
	ver := "Exported from dbquirks."
	if g.t != nil {
		ver = "Exported from dbquirks " + g.t.Engine.Version + ", which ran it on SQLite " + g.t.Engine.SQLite + "."
	}
	g.comment(0, ver+" Results can differ between SQLite versions: python -c \"import sqlite3; print(sqlite3.sqlite_version)\" shows yours.")
	g.line(0, "#")
	g.comment(0, "Put this file in an app's tests and run: python manage.py test")
	if g.transaction {
		g.line(0, "#")
		g.comment(0, "This is a TransactionTestCase, not a TestCase, because "+strings.Join(g.why, "; ")+
			". It cleans up after itself: it drops the tables it made and closes its connections.")
	}
	if g.multi || g.sc.Meta.Storage == scenario.StorageMVCC {
		g.settingsNote()
	}
	g.line(0, "")
}

// settingsNote says which DATABASES the test needs: several connections to
// one database file. An in-memory test database would not do: Django
// shares it between connections through SQLite's shared cache, whose table
// locks fail with "database table is locked" instead of waiting.
func (g *pyGen) settingsNote() {
	g.line(0, "#")
	g.comment(0, "It needs a test database in a file (in memory, Django's connections would share one cache, whose table locks behave differently)"+
		map[bool]string{true: ", and every connection of the scenario as a database alias mirroring \"default\":", false: ":"}[g.multi])
	g.line(0, "#")
	g.line(0, "#     DATABASES = {")
	g.line(0, "#         \"default\": {")
	g.line(0, "#             \"ENGINE\": \"django.db.backends.sqlite3\",")
	g.line(0, "#             \"NAME\": BASE_DIR / \"db.sqlite3\",")
	g.line(0, "#             \"TEST\": {\"NAME\": BASE_DIR / \"test-db.sqlite3\"},")
	g.line(0, "#         },")
	for _, c := range g.sc.Meta.Connections[1:] {
		g.line(0, "#         %s: {", commentSafe(pyStr(c.Name)))
		g.line(0, "#             \"ENGINE\": \"django.db.backends.sqlite3\",")
		g.line(0, "#             \"NAME\": BASE_DIR / \"db.sqlite3\",")
		g.line(0, "#             \"TEST\": {\"MIRROR\": \"default\"},")
		g.line(0, "#         },")
	}
	g.line(0, "#     }")
}

func (g *pyGen) class(body string) {
	if g.usesRaw {
		g.line(0, "import sqlite3")
		g.line(0, "")
	}
	var names []string
	if !g.multi {
		names = append(names, "connection")
	}
	if g.multi || g.transaction {
		names = append(names, "connections")
	}
	n := len(names)
	for e := range g.excs {
		names = append(names, e)
	}
	sort.Strings(names[n:])
	g.line(0, "from django.db import %s", strings.Join(names, ", "))
	base := "TestCase"
	if g.transaction {
		base = "TransactionTestCase"
	}
	g.line(0, "from django.test import %s", base)
	if g.usesDates {
		g.line(0, "from django.utils.dateparse import parse_date, parse_datetime, parse_time")
	}
	g.line(0, "")
	g.line(0, "")
	id := g.sc.ID
	if g.doc.ID == "" {
		id = "custom scenario"
	}
	class := identifier(id, "")
	if class == "" || unicode.IsDigit(rune(class[0])) {
		class = "Scenario" + class
	}
	g.line(0, "class %sTests(%s):", class, base)
	if g.multi {
		var aliases []string
		for _, c := range g.sc.Meta.Connections {
			aliases = append(aliases, pyStr(c.Name))
		}
		g.line(1, "databases = {%s}", strings.Join(aliases, ", "))
		g.line(0, "")
	}
	if g.transaction {
		g.cleanup()
	}
	g.line(1, "def test_%s(self):", strings.ToLower(identifier(id, "_")))
	g.b.WriteString(body)
}

// cleanup writes what a TransactionTestCase needs to leave the test
// database as it found it: Django only empties tables after such a test, so
// the tables the scenario made, its open transactions, its pragmas and (for
// mvcc) WAL mode would otherwise reach the next test.
func (g *pyGen) cleanup() {
	g.line(1, "def setUp(self):")
	g.line(2, "self.schema_before = self.schema()")
	g.line(0, "")
	g.line(1, "def tearDown(self):")
	g.comment(2, "End open transactions, close the scenario's connections (and with them its pragmas), and drop the tables it made.")
	g.line(2, "for alias in self.databases:")
	g.line(3, "raw = connections[alias].connection")
	g.line(3, "if raw is not None and raw.in_transaction:")
	g.line(4, "raw.rollback()")
	g.line(3, "if alias != \"default\":")
	g.line(4, "connections[alias].close()")
	g.line(2, "with connections[\"default\"].cursor() as cursor:")
	g.line(3, "cursor.execute(\"PRAGMA foreign_keys = OFF\")")
	g.line(3, "for kind, name in sorted(self.schema() - self.schema_before, reverse=True):")
	g.line(4, "cursor.execute('DROP %%s IF EXISTS \"%%s\"' %% (kind.upper(), name.replace('\"', '\"\"')))")
	if g.sc.Meta.Storage == scenario.StorageMVCC {
		g.line(3, "cursor.execute(\"PRAGMA journal_mode = DELETE\")")
	}
	g.line(2, "connections[\"default\"].close()")
	g.line(0, "")
	g.line(1, "def schema(self):")
	g.line(2, "with connections[\"default\"].cursor() as cursor:")
	g.line(3, "cursor.execute(")
	g.line(4, "\"SELECT type, name FROM sqlite_master\"")
	g.line(4, "\" WHERE type IN ('table', 'view') AND substr(name, 1, 7) <> 'sqlite_'\"")
	g.line(3, ")")
	g.line(3, "return set(cursor.fetchall())")
	g.line(0, "")
}

// connExpr is the Python expression for a connection's DatabaseWrapper.
func (g *pyGen) connExpr(name string) string {
	if g.multi {
		return "connections[" + pyStr(name) + "]"
	}
	return "connection"
}

// method writes the test method's body.
func (g *pyGen) method() {
	conns := g.sc.Meta.Connections
	for _, c := range conns {
		g.line(2, "%s = %s.cursor()", g.vars["conn:"+c.Name], g.connExpr(c.Name))
	}
	if g.sc.Meta.Storage == scenario.StorageMVCC {
		g.comment(2, "dbquirks ran this on its mvcc storage: snapshot reads and one writer, the behaviour of WAL mode.")
		g.line(2, "%s.execute(\"PRAGMA journal_mode = WAL\")", g.vars["conn:"+scenario.DefaultConn])
	}
	for _, c := range conns {
		v := g.vars["conn:"+c.Name]
		if g.multi {
			g.line(2, "%s.execute(\"PRAGMA busy_timeout = %d\")", v, c.BusyTimeoutMs)
		}
		for _, p := range c.Pragmas {
			g.execLine(2, v, "PRAGMA "+p.Name+" = "+p.Value, "")
		}
		for _, l := range c.Limits {
			g.usesRaw = true
			g.line(2, "%s.connection.setlimit(sqlite3.SQLITE_LIMIT_%s, %s)", g.connExpr(c.Name), strings.ToUpper(identifier(l.Name, "_")), pyInt(l.Value))
		}
	}
	if g.usesFK() {
		g.comment(2, "Django turns PRAGMA foreign_keys ON for every connection; dbquirks leaves SQLite's default, OFF, unless the scenario sets it.")
	}
	for _, st := range g.sc.Steps {
		g.line(0, "")
		g.step(st, g.results[st.Index])
	}
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

func (g *pyGen) step(st scenario.Step, res *wire.Step) {
	title := "Step " + strconv.Itoa(st.Index)
	if g.multi {
		title += ", on " + st.Conn
	}
	if st.Quirk {
		title += ": the quirk"
	}
	g.comment(2, title)
	if res != nil && res.Skipped {
		g.comment(2, "dbquirks did not run this step: the run stopped before it.")
		return
	}
	exp := expectations(st)
	conn := g.vars["conn:"+st.Conn]
	raw := g.connExpr(st.Conn) + ".connection"
	if exp.changes != nil {
		g.line(2, "changes = %s.total_changes", raw)
	}
	switch st.Kind {
	case scenario.Exec:
		g.execStep(st, res, conn, exp)
	case scenario.Open:
		cur := g.vars["cursor:"+st.Cursor]
		g.line(2, "%s = %s.cursor()", cur, g.connExpr(st.Conn))
		if g.statement(2, cur, st.SQL, st.Params, g.stepError(exp.err, res, 0, 1)) {
			g.fetch(st, cur, exp, resultColumns(res, 0))
		}
	case scenario.Fetch:
		g.fetch(st, g.vars["cursor:"+st.Cursor], exp, resultColumns(res, 0))
	case scenario.Close:
		g.line(2, "%s.close()", g.vars["cursor:"+st.Cursor])
	}
	if exp.changes != nil {
		g.line(2, "self.assertEqual(%s.total_changes - changes, %d)", raw, *exp.changes)
	}
	if exp.busy != "" {
		switch exp.busy {
		case "none":
		case "refused":
			g.comment(2, "SQLite refused the lock at once here, without calling the busy handler: no timeout helps.")
		default:
			g.comment(2, "dbquirks waited "+exp.busy+" ms for the lock on its virtual clock; this test really waits the busy timeout.")
		}
	}
	if exp.txn != "" {
		g.assertTxn(st, res, exp.txn, raw)
	}
}

// assertTxn checks a txn= expectation as far as Python can see it. SQLite
// knows three states (none, read, write); Python's sqlite3 only tells
// whether a transaction was begun (in_transaction is "not autocommit"), and
// a deferred BEGIN begins one without reading or writing anything yet.
func (g *pyGen) assertTxn(st scenario.Step, res *wire.Step, txn, raw string) {
	if !g.transaction {
		g.comment(2, "dbquirks checks here that the transaction state is "+txn+"; inside TestCase's own transaction that cannot be observed.")
		return
	}
	begun, known := txn == "write", txn == "write"
	if res != nil {
		for _, cs := range res.States {
			if cs.Name == st.Conn {
				begun, known = !cs.Autocommit, true
			}
		}
	}
	if !known {
		g.comment(2, "dbquirks checks here that the transaction state is "+txn+"; Python's sqlite3 only tells whether a transaction was begun.")
		return
	}
	switch {
	case txn == "none" && begun:
		g.comment(2, "SQLite's transaction state is none (BEGIN is deferred: nothing read or locked yet), but a transaction is open.")
	case txn == "read":
		g.comment(2, "SQLite's transaction state is read: a transaction holds a snapshot; Python sees only that one is open or not.")
	}
	g.line(2, "self.assert%s(%s.in_transaction)", map[bool]string{true: "True", false: "False"}[begun], raw)
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

// execStep writes the statements of an exec step.
func (g *pyGen) execStep(st scenario.Step, res *wire.Step, conn string, exp stepExpect) {
	var stmts []string
	var columns []bool
	if res != nil && len(res.Statements) > 0 {
		for _, s := range res.Statements {
			text := s.SQL
			if s.Error != nil {
				// A statement that failed to compile is recorded with the
				// rest of the step's text; only its first statement ran.
				if parts := splitStatements(text); len(parts) > 0 {
					text = parts[0]
				}
			}
			stmts = append(stmts, text)
			columns = append(columns, len(s.Columns) > 0)
		}
	} else {
		stmts = splitStatements(st.SQL)
		for _, s := range stmts {
			columns = append(columns, returnsRows(s))
		}
	}
	rowsAt := -1 // the statement the rows expectations are about
	if exp.hasRows || exp.rowCount != nil {
		for i := range stmts {
			if columns[i] {
				rowsAt = i
			}
		}
	}
	for i, s := range stmts {
		f := g.stepError(exp.err, res, i, len(stmts))
		if !g.statement(2, conn, s, st.Params, f) {
			return
		}
		if columns[i] {
			// dbquirks runs every statement to its end; so does fetchall,
			// which also releases the statement's read lock.
			if i == rowsAt {
				g.line(2, "rows = %s.fetchall()", conn)
				g.assertRows(exp, resultColumns(res, i))
			} else {
				g.line(2, "%s.fetchall()", conn)
			}
		}
	}
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

// fetch writes a cursor step's fetch and its assertions.
func (g *pyGen) fetch(st scenario.Step, cur string, exp stepExpect, cols []wire.Column) {
	switch {
	case st.Fetch == scenario.FetchAll:
		g.line(2, "rows = %s.fetchall()", cur)
	case st.Fetch > 0:
		g.line(2, "rows = %s.fetchmany(%d)", cur, st.Fetch)
	default:
		g.comment(2, "dbquirks only prepared the query here; Python's sqlite3 already steps it to its first row.")
		return
	}
	g.assertRows(exp, cols)
}

// resultColumns are the columns statement i of a step's result had, or nil.
func resultColumns(res *wire.Step, i int) []wire.Column {
	if res == nil || i >= len(res.Statements) {
		return nil
	}
	return res.Statements[i].Columns
}

func (g *pyGen) assertRows(exp stepExpect, cols []wire.Column) {
	if exp.hasRows {
		conv := make([]string, len(cols))
		converted := false
		for i, c := range cols {
			conv[i] = converter(c)
			converted = converted || conv[i] != ""
		}
		if converted {
			g.comment(2, "Django's cursor converts values of columns declared bool, date, datetime, time or timestamp (sqlite3's detect_types), as its ORM does; the expected values say what it returns.")
		}
		var rows []string
		for _, r := range exp.rows {
			vals := make([]string, len(r))
			for i, v := range r {
				if i < len(conv) && conv[i] != "" {
					vals[i] = g.pyConverted(v, conv[i])
				} else {
					vals[i] = pyValue(v)
				}
			}
			t := strings.Join(vals, ", ")
			if len(vals) == 1 {
				t += ","
			}
			rows = append(rows, "("+t+")")
		}
		g.line(2, "self.assertEqual(")
		g.line(3, "rows,")
		if len(rows) == 0 {
			g.line(3, "[],")
		} else {
			g.line(3, "[")
			for _, r := range rows {
				g.line(4, "%s,", r)
			}
			g.line(3, "],")
		}
		g.line(2, ")")
	}
	if exp.rowCount != nil {
		g.line(2, "self.assertEqual(len(rows), %d)", *exp.rowCount)
	}
}

// statement writes one cursor.execute, inside assertRaises when it fails.
// It reports whether later statements of the step run.
func (g *pyGen) statement(indent int, cur, sql string, params []wire.Param, f *failure) bool {
	if f != nil && f.refused != "" {
		g.comment(indent, "dbquirks refused the next statement: "+f.refused+". That refusal is dbquirks' own, so it is not reproduced here.")
		g.comment(indent, sql)
		return false
	}
	args, note := pyParams(sql, params)
	if note != "" {
		g.comment(indent, note)
	}
	if f == nil {
		g.execLine(indent, cur, sql, args)
		return true
	}
	exc := exceptionFor(f.code)
	g.excs[exc] = true
	if f.message != "" {
		g.line(indent, "with self.assertRaisesMessage(%s, %s):", exc, pyStr(f.message))
	} else {
		if f.seen != "" {
			g.comment(indent, "dbquirks got "+f.code+": "+f.seen)
		} else {
			g.comment(indent, "dbquirks expects "+f.code+" here.")
		}
		g.line(indent, "with self.assertRaises(%s):", exc)
	}
	g.execLine(indent+1, cur, sql, args)
	return false
}

// execLine writes cur.execute(sql[, args]), splitting multi-line SQL into
// one string literal per line.
func (g *pyGen) execLine(indent int, cur, sql, args string) {
	if args != "" {
		sql, _ = djangoSQL(sql)
	}
	lines := strings.SplitAfter(sql, "\n")
	if len(lines) == 1 && args == "" {
		g.line(indent, "%s.execute(%s)", cur, pyStr(sql))
		return
	}
	if len(lines) == 1 && len(sql)+len(args)+len(cur)+4*indent < 80 {
		g.line(indent, "%s.execute(%s, %s)", cur, pyStr(sql), args)
		return
	}
	g.line(indent, "%s.execute(", cur)
	for i, l := range lines {
		if i == len(lines)-1 {
			g.line(indent+1, "%s,", pyStr(l))
		} else {
			g.line(indent+1, "%s", pyStr(l))
		}
	}
	if args != "" {
		g.line(indent+1, "%s,", args)
	}
	g.line(indent, ")")
}

// pyParams returns the Python parameters for a statement: nothing when it
// has no placeholders (SQLite ignores the step's list there, Python's
// sqlite3 would refuse it), a list for positional ones, a dict for named
// ones. note explains what Django's cursor cannot express.
func pyParams(sql string, params []wire.Param) (args, note string) {
	ph := placeholders(sql)
	if len(ph) == 0 {
		return "", ""
	}
	var pos []string
	named := map[string]string{}
	var order []string
	for _, p := range params {
		if p.Name == "" {
			pos = append(pos, pyValue(p.Value))
			continue
		}
		key := p.Name[1:]
		if _, ok := named[key]; !ok {
			order = append(order, key)
		}
		named[key] = pyValue(p.Value)
	}
	var hasPos, hasNamed, numbered bool
	for _, p := range ph {
		switch {
		case p == "?":
			hasPos = true
		case p[0] == '?':
			hasPos, numbered = true, true
		default:
			hasNamed = true
		}
	}
	switch {
	case hasPos && hasNamed:
		note = "This statement mixes positional and named parameters; Python's sqlite3 binds only one kind at a time, so it fails here."
	case numbered:
		note = "Numbered parameters (?NNN) have no Django form; they reach SQLite unchanged and bind by position."
	}
	if hasNamed && !hasPos {
		items := make([]string, len(order))
		for i, k := range order {
			items[i] = pyStr(k) + ": " + named[k]
		}
		return "{" + strings.Join(items, ", ") + "}", note
	}
	return "[" + strings.Join(pos, ", ") + "]", note
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

// broken writes a module whose test fails with the scenario's mistakes.
func (g *pyGen) broken(err error, permalink string) string {
	g.comment(0, "This scenario has mistakes, so no test could be made from it:")
	g.comment(0, err.Error())
	if permalink != "" {
		g.comment(0, "Scenario: "+permalink)
	}
	g.line(0, "from django.test import SimpleTestCase")
	g.line(0, "")
	g.line(0, "")
	g.line(0, "class BrokenScenarioTests(SimpleTestCase):")
	g.line(1, "def test_scenario(self):")
	g.line(2, "self.fail(%s)", pyStr("the dbquirks scenario did not parse: "+err.Error()))
	return g.b.String()
}

// converter is the name of the sqlite3 converter Django's connection applies
// to a result column, or "". Python's sqlite3 looks first for a type in
// brackets in the column name (PARSE_COLNAMES), then at the declared type up
// to its first space or parenthesis (PARSE_DECLTYPES), case-insensitively;
// Django registers converters for these five names.
func converter(c wire.Column) string {
	name := ""
	if open := strings.IndexByte(c.Name, '['); open >= 0 {
		if end := strings.IndexByte(c.Name[open:], ']'); end >= 0 {
			inner := c.Name[:open+end]
			name = inner[strings.LastIndexByte(inner, '[')+1:]
		}
	}
	if name == "" {
		name = c.DeclType
		if i := strings.IndexAny(name, " ("); i >= 0 {
			name = name[:i]
		}
	}
	switch name = strings.ToUpper(name); name {
	case "BOOL", "DATE", "TIME", "DATETIME", "TIMESTAMP":
		return name
	}
	return ""
}

// pyConverted writes the Python value Django's converter makes of v. The
// converters receive the value as SQLite's text of it (a blob's bytes as
// they are) and never see NULL.
func (g *pyGen) pyConverted(v wire.Value, conv string) string {
	if v.Type == wire.Null {
		return "None"
	}
	text := pyStr(v.Text)
	if v.Type == wire.Blob {
		text = "bytes.fromhex(" + pyStr(v.Text) + ").decode()"
	}
	switch conv {
	case "BOOL":
		raw := v.Text
		if v.Type == wire.Blob {
			b, _ := hex.DecodeString(v.Text)
			raw = string(b)
		}
		if raw == "1" {
			return "True"
		}
		return "False"
	case "DATE":
		g.usesDates = true
		return "parse_date(" + text + ")"
	case "TIME":
		g.usesDates = true
		return "parse_time(" + text + ")"
	}
	g.usesDates = true
	return "parse_datetime(" + text + ")"
}

// pyValue writes a value as the Python object sqlite3 returns for it.
func pyValue(v wire.Value) string {
	switch v.Type {
	case wire.Integer:
		return pyInt(v.Text)
	case wire.Real:
		switch v.Text {
		case "Inf":
			return `float("inf")`
		case "-Inf":
			return `float("-inf")`
		case "NaN":
			return `float("nan")`
		}
		if _, err := strconv.ParseFloat(v.Text, 64); err != nil {
			return `float(` + pyStr(v.Text) + `)`
		}
		return v.Text
	case wire.Text:
		return pyStr(v.Text)
	case wire.Blob:
		return "bytes.fromhex(" + pyStr(v.Text) + ")"
	}
	return "None"
}

// pyInt writes an integer literal, or int("…") for anything that is not
// plain digits, so untrusted text never becomes code.
func pyInt(s string) string {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s
	}
	return "int(" + pyStr(s) + ")"
}

// pyStr writes s as a Python string literal: in double quotes (single
// quotes when s holds only double ones, as SQL with quoted names does), with
// backslash escapes for the quote, backslashes and every character that is
// not printable, so the literal is one line of valid source whatever s holds.
func pyStr(s string) string {
	quote := '"'
	if strings.ContainsRune(s, '"') && !strings.ContainsRune(s, '\'') {
		quote = '\''
	}
	var b strings.Builder
	b.WriteRune(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = '\ufffd' // Python text is Unicode; sqlite3 could not return this byte either
		}
		i += size
		switch {
		case r == quote || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && (r < ' ' || r == 0x7f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && !unicode.IsPrint(r) || r == '\u2028' || r == '\u2029':
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteRune(quote)
	return b.String()
}

// commentSafe removes what would end a Python comment line or upset the
// source decoder: line breaks and other control characters.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == utf8.RuneError || r == '\x85' || r == '\x0c' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\ufffd"))
}

// identifier turns s into letters, digits and sep, dropping the rest; with
// sep "" the words are joined in CamelCase.
func identifier(s, sep string) string {
	var words []string
	cur := ""
	for _, r := range s {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			cur += string(r)
			continue
		}
		if cur != "" {
			words = append(words, cur)
			cur = ""
		}
	}
	if cur != "" {
		words = append(words, cur)
	}
	if sep == "" {
		for i, w := range words {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, sep)
}

var pyKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`False None True and as assert async await break class continue def del elif else
		except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield
		match case type print`) {
		pyKeywords[k] = true
	}
}
