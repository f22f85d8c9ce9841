package export

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file writes the test method: each step becomes cursor.execute calls,
// fetches and the assertions of what the scenario expects.

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
		g.laneComments(st.Index, res)
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
	g.laneComments(st.Index, res)
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
