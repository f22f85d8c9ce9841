package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/ncruces/go-sqlite3"
)

// execAll runs every statement of sql in order, like sqlite3_exec: the
// first statement that fails ends the list.
func (r *run) execAll(c *conn, sql string, params []wire.Param) []wire.Statement {
	out := []wire.Statement{}
	for {
		stmt, tail, res := r.prepare(c, sql)
		if stmt == nil && res.Error == nil {
			return out // only spaces and comments were left
		}
		if res.Error == nil {
			r.runStatement(c, stmt, params, &res, -1)
			closeStmt(stmt)
		}
		out = append(out, res)
		if res.Error != nil {
			return out
		}
		sql = tail
	}
}

// prepare compiles the next statement of sql. On failure the result holds
// the error and, as its SQL, the text that could not be compiled.
func (r *run) prepare(c *conn, sql string) (*sqlite3.Stmt, string, wire.Statement) {
	c.denied, c.busyPragma, c.inserts = "", nil, false
	start := time.Now()
	res := wire.Statement{SQL: strings.TrimSpace(sql)}
	stmt, tail, err := c.prepareOOM(sql)
	if err != nil {
		res.Error = c.explain(sqliteError(err))
		// The connection's own limit, which a scenario may have lowered
		// below the engine's: its SQL, not a value, was too long.
		if limit := int64(c.db.Limit(sqlite3.LIMIT_SQL_LENGTH, -1)); res.Error.Code == "SQLITE_TOOBIG" && int64(len(sql)) > limit {
			res.Error.Limit = "sql-length"
			res.Error.Note = fmt.Sprintf("one statement's SQL may be at most %s (dbquirks SQL-length limit)", byteSize(limit))
			if limit < r.opt.SQLBytes {
				res.Error.Note = fmt.Sprintf("one statement's SQL may be at most %s on connection %s (the sql_length limit this scenario sets)", byteSize(limit), c.name)
			}
		}
		r.explainLimit(res.Error)
		res.Note = r.explainSchemaLocked(c, res.Error)
		res.ElapsedMs = ms(time.Since(start))
		return nil, "", res
	}
	if stmt != nil {
		res.SQL = strings.TrimSpace(sql[:len(sql)-len(tail)])
		stmt = r.applyTransactionMode(c, stmt, &res)
	}
	return stmt, tail, res
}

// applyTransactionMode runs a plain BEGIN as BEGIN <mode> on a connection
// with Django's "transaction_mode" option, which is what Django's atomic()
// sends then. The statement's SQL shows what ran, and a note says why.
func (r *run) applyTransactionMode(c *conn, stmt *sqlite3.Stmt, res *wire.Statement) *sqlite3.Stmt {
	if c.txnMode == "" || !isPlainBegin(res.SQL) {
		return stmt
	}
	rewritten := "BEGIN " + c.txnMode
	other, _, err := c.prepareOOM(rewritten)
	if err != nil || other == nil {
		return stmt // cannot happen for the three modes; keep what was written
	}
	closeStmt(stmt)
	res.Note = fmt.Sprintf("%s ran as %s: the connection has Django's \"transaction_mode\": %q", res.SQL, rewritten, c.txnMode)
	res.SQL = rewritten
	return other
}

// isPlainBegin reports whether sql is BEGIN without a mode: "BEGIN",
// "BEGIN TRANSACTION" or "BEGIN DEFERRED [TRANSACTION]", with or without a
// semicolon, in any case.
func isPlainBegin(sql string) bool {
	words := strings.Fields(strings.ToUpper(strings.TrimSuffix(strings.TrimSpace(sql), ";")))
	switch strings.Join(words, " ") {
	case "BEGIN", "BEGIN TRANSACTION", "BEGIN DEFERRED", "BEGIN DEFERRED TRANSACTION":
		return true
	}
	return false
}

// runStatement binds params, steps stmt up to max rows (-1: all) and
// records the outcome in res.
func (r *run) runStatement(c *conn, stmt *sqlite3.Stmt, params []wire.Param, res *wire.Statement, max int) {
	start := time.Now()
	if msg := bind(stmt, params); msg != "" {
		res.Error = engineError(msg)
		return
	}
	if bp := c.busyPragma; bp != nil {
		r.answerBusyPragma(c, bp, res)
		return
	}
	changes, rowid := c.db.TotalChanges(), c.db.LastInsertRowID()
	c.inserted = false
	r.fetch(c, stmt, res, max)
	res.Changes = c.db.TotalChanges() - changes
	// An insert that got the same rowid as the insert before it leaves
	// the number unchanged; the update hook says a row was inserted, and
	// the authorizer that the statement itself inserts: rows its triggers
	// insert do not count, as SQLite restores the number after a trigger.
	// A failed INSERT can leave a rowid behind that was rolled back.
	if id := c.db.LastInsertRowID(); (id != rowid || c.inserts && c.inserted) && res.Error == nil {
		res.LastInsertRowID = &id
	}
	res.ElapsedMs = ms(time.Since(start))
}

// fetch steps stmt up to max rows (-1: until done), keeping rows within the
// run's limits and counting the rest. It is shared by plain statements and
// cursors.
func (r *run) fetch(c *conn, stmt *sqlite3.Stmt, res *wire.Statement, max int) {
	if res.Columns == nil && stmt.ColumnCount() > 0 {
		res.Columns = columns(stmt)
	}
	ctx, cancel := context.WithTimeout(r.ctx, r.opt.StatementTimeout)
	defer cancel()
	c.db.SetInterrupt(ctx)
	defer c.db.SetInterrupt(context.Background())
	c.busyCalled, c.denied = false, ""
	defer r.recoverOOM(&res.Error, &res.Done)

	for max < 0 || res.RowCount < int64(max) {
		if !stmt.Step() {
			res.Done = true
			break
		}
		res.RowCount++
		r.keep(stmt, res)
	}
	if err := stmt.Err(); err != nil {
		res.Done = true
		res.Error = c.explain(sqliteError(err))
		r.explainInterrupt(ctx, res.Error)
		c.explainRowidExhausted(res.Error)
		r.explainLimit(res.Error)
		res.CountIncomplete = res.RowCount > 0 && stopsCounting[res.Error.Limit]
		if res.Error.Code == "SQLITE_BUSY" {
			res.Busy = r.busy(c)
			if !c.busyCalled && ctx.Err() != nil {
				// go-sqlite3 skips the busy handler once the statement's
				// context is done: this was the clock, not SQLite refusing.
				res.Busy.Refused = false
				r.explainStatementTime(res.Error)
			}
		}
	}
}

// stopsCounting are the limits that can stop a statement still producing
// rows which a database without dbquirks' limits would have gone on
// producing: its count is then a lower bound. The others (expression
// depth, trigger depth, an exhausted rowid) are SQLite's own failures.
var stopsCounting = map[string]bool{
	"statement-time": true, "run-time": true, "cancelled": true,
	"memory": true, "value-size": true, "database-size": true,
}

// keep records the current row unless a limit says otherwise.
func (r *run) keep(stmt *sqlite3.Stmt, res *wire.Statement) {
	if res.Truncated != "" {
		return
	}
	if len(res.Rows) >= r.opt.RowsPerStep {
		res.Truncated = fmt.Sprintf("only the first %d rows are kept (dbquirks rows-per-step limit)", r.opt.RowsPerStep)
		return
	}
	row := make([]wire.Value, stmt.ColumnCount())
	var size int64
	for i := range row {
		row[i] = value(stmt, i)
		size += row[i].Size()
	}
	if r.bytes+size > r.opt.ResultBytes {
		res.Truncated = fmt.Sprintf("rows past %s of values are not kept (dbquirks result-size limit)", byteSize(r.opt.ResultBytes))
		return
	}
	r.bytes += size
	res.Rows = append(res.Rows, row)
}

// busy records a lock met by the statement that just failed with
// SQLITE_BUSY, and advances the virtual clock by the wait it stands for.
func (r *run) busy(c *conn) *wire.Busy {
	b := &wire.Busy{TimeoutMs: c.timeout, Refused: !c.busyCalled}
	if c.busyCalled {
		b.WaitedMs = c.timeout
		r.t.VirtualMs += c.timeout
	}
	return b
}

// answerBusyPragma answers PRAGMA busy_timeout, which the sandbox kept
// from SQLite, from the connection's virtual timeout.
func (r *run) answerBusyPragma(c *conn, bp *busyPragma, res *wire.Statement) {
	if bp.set {
		c.timeout = bp.value
	}
	res.Columns = []wire.Column{{Name: "timeout"}}
	res.Rows = [][]wire.Value{{wire.IntegerValue(c.timeout)}}
	res.RowCount, res.Done = 1, true
	res.Note = "busy timeouts run on dbquirks' virtual clock: a wait is recorded, never slept"
}

// explain adds the sandbox's reason to an error it caused.
func (c *conn) explain(e *wire.Error) *wire.Error {
	if e != nil && c.denied != "" {
		e.Limit, e.Note = "sandbox", c.denied
	}
	return e
}

// outOfMemory is the panic go-sqlite3 raises when SQLite reports
// SQLITE_NOMEM; the statement has failed and the connection is usable.
const outOfMemory = "sqlite3: out of memory"

// recoverOOM turns go-sqlite3's out-of-memory panic back into the error
// SQLite returned, so that a memory bomb is a result like any other.
// Other panics are not the engine's to hide.
func (r *run) recoverOOM(e **wire.Error, done *bool) {
	p := recover()
	if p == nil {
		return
	}
	if !isOOM(p) {
		panic(p)
	}
	*e, *done = sqliteError(sqlite3.NOMEM), true
	r.explainLimit(*e)
}

// prepareOOM is Prepare with an out-of-memory panic returned as an error.
func (c *conn) prepareOOM(sql string) (stmt *sqlite3.Stmt, tail string, err error) {
	defer oomAsError(&err)
	return c.db.Prepare(sql)
}

// closeStmt finalizes stmt. Finalizing returns the statement's last error
// again, and go-sqlite3 panics when that was SQLITE_NOMEM.
func closeStmt(stmt *sqlite3.Stmt) (err error) {
	defer oomAsError(&err)
	return stmt.Close()
}

// oomAsError recovers go-sqlite3's out-of-memory panic as SQLITE_NOMEM.
func oomAsError(err *error) {
	if p := recover(); p != nil {
		if !isOOM(p) {
			panic(p)
		}
		*err = sqlite3.NOMEM
	}
}

// isOOM tells go-sqlite3's out-of-memory panic from any other.
func isOOM(p any) bool {
	err, ok := p.(error)
	return ok && err.Error() == outOfMemory
}

// explainRowidExhausted tells SQLite's other SQLITE_FULL apart from the
// size limit: an AUTOINCREMENT table that has handed out the largest
// rowid cannot insert again, and SQLite reports that as "full" too.
func (c *conn) explainRowidExhausted(e *wire.Error) {
	if e.Code != "SQLITE_FULL" {
		return
	}
	used, err := c.queryText("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence') " +
		"AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE seq = 9223372036854775807)")
	if err == nil && used == "1" {
		e.Limit, e.Note = "rowid", "an AUTOINCREMENT table has used the largest rowid, 9223372036854775807, and never reuses one: SQLite reports that as SQLITE_FULL, though the database is not full"
	}
}

// explainLimit names the engine's limit behind an error SQLite reports in
// its own words ("string or blob too big", "database or disk is full").
func (r *run) explainLimit(e *wire.Error) {
	if e.Limit != "" {
		return
	}
	switch e.Code {
	case "SQLITE_TOOBIG":
		e.Limit, e.Note = "value-size", fmt.Sprintf("a string or blob may be at most %s (dbquirks value-size limit)", byteSize(r.opt.ValueBytes))
	case "SQLITE_FULL":
		e.Limit, e.Note = "database-size", fmt.Sprintf("the database may grow to at most %s (dbquirks database-size limit)", byteSize(r.opt.DatabaseBytes))
	case "SQLITE_NOMEM":
		e.Limit, e.Note = "memory", fmt.Sprintf("each connection may use at most %s of memory (dbquirks memory limit)", byteSize(r.opt.HeapBytes))
	case "SQLITE_ERROR":
		switch {
		case strings.HasPrefix(e.Message, "no such function: load_extension"):
			e.Limit, e.Note = "sandbox", "dbquirks cannot load SQLite extensions: the engine is SQLite compiled to Go and WebAssembly, with nothing to load them from"
		case strings.HasPrefix(e.Message, "Expression tree is too large"), e.Message == "Recursion limit":
			e.Limit, e.Note = "expression-depth", "SQLite refuses expressions nested deeper than its expression-depth limit (1000 levels here, SQLite's default), which keeps its stack bounded"
		case strings.HasPrefix(e.Message, "too many levels of trigger recursion"):
			e.Limit, e.Note = "trigger-depth", "SQLite stops triggers that fire each other more than 1000 levels deep (its trigger-depth limit)"
		case strings.HasPrefix(e.Message, "too many attached databases"):
			e.Limit, e.Note = "attached", fmt.Sprintf("a connection may attach at most %d in-memory databases (dbquirks attached limit)", attachedLimit)
		}
	}
}

func (r *run) explainStatementTime(e *wire.Error) {
	e.Limit, e.Note = "statement-time", fmt.Sprintf("stopped after %s: one statement may run at most %s (dbquirks statement-time limit)", r.opt.StatementTimeout, r.opt.StatementTimeout)
}

// explainInterrupt says which limit interrupted a statement.
func (r *run) explainInterrupt(ctx context.Context, e *wire.Error) {
	if e.Code != "SQLITE_INTERRUPT" {
		return
	}
	switch {
	case r.parent.Err() != nil:
		e.Limit, e.Note = "cancelled", "stopped: the run was cancelled"
	case errors.Is(r.ctx.Err(), context.DeadlineExceeded):
		e.Limit, e.Note = "run-time", fmt.Sprintf("stopped: the whole run may take at most %s (dbquirks run-time limit)", r.opt.RunTimeout)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		r.explainStatementTime(e)
	}
}

func columns(stmt *sqlite3.Stmt) []wire.Column {
	out := make([]wire.Column, stmt.ColumnCount())
	for i := range out {
		out[i] = wire.Column{Name: stmt.ColumnName(i), DeclType: stmt.ColumnDeclType(i)}
	}
	return out
}

// value reads column i of the current row, keeping its storage class.
func value(stmt *sqlite3.Stmt, i int) wire.Value {
	switch stmt.ColumnType(i) {
	case sqlite3.INTEGER:
		return wire.IntegerValue(stmt.ColumnInt64(i))
	case sqlite3.FLOAT:
		return wire.RealValue(stmt.ColumnFloat(i))
	case sqlite3.TEXT:
		return wire.TextValue(stmt.ColumnText(i))
	case sqlite3.BLOB:
		return wire.BlobValue(stmt.ColumnRawBlob(i))
	}
	return wire.NullValue()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
