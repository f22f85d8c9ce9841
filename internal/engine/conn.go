package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/ncruces/go-sqlite3"
)

// conn is one named connection of a run.
type conn struct {
	name    string
	db      *sqlite3.Conn
	timeout int64  // busy timeout in virtual milliseconds
	txnMode string // Django's transaction_mode: a plain BEGIN runs as BEGIN <txnMode>

	// Set by callbacks while a statement is prepared or runs.
	busyCalled bool   // the busy handler was invoked
	denied     string // why the sandbox refused something
	busyPragma *busyPragma
	inserts    bool // the statement inserts rows itself, not only through triggers
	inserted   bool // a row was inserted (the update hook saw it)
}

// busyPragma is a PRAGMA busy_timeout seen by the authorizer. The engine
// answers it itself: SQLite's own busy timeout would really sleep.
type busyPragma struct {
	set   bool
	value int64
}

// attachedLimit is how many in-memory databases a connection may attach.
const attachedLimit = 2

// limitCategory maps scenario limit names to SQLite's.
var limitCategory = map[string]sqlite3.LimitCategory{
	"length": sqlite3.LIMIT_LENGTH, "sql_length": sqlite3.LIMIT_SQL_LENGTH,
	"column": sqlite3.LIMIT_COLUMN, "expr_depth": sqlite3.LIMIT_EXPR_DEPTH,
	"compound_select": sqlite3.LIMIT_COMPOUND_SELECT, "vdbe_op": sqlite3.LIMIT_VDBE_OP,
	"function_arg": sqlite3.LIMIT_FUNCTION_ARG, "attached": sqlite3.LIMIT_ATTACHED,
	"like_pattern_length": sqlite3.LIMIT_LIKE_PATTERN_LENGTH,
	"variable_number":     sqlite3.LIMIT_VARIABLE_NUMBER, "trigger_depth": sqlite3.LIMIT_TRIGGER_DEPTH,
}

// openBare opens a connection to dsn with everything that does not depend
// on the scenario: the engine's limits, its pragmas, the hooks and the
// sandbox. The scenario's settings come after (configure), so that a
// scenario can lower a limit but never raise one, and the engine's own
// setup never runs under a limit the scenario lowered. A spare (spare.go) is made of such connections, so a run that
// takes one and a run that opens its own set up the same connection.
func openBare(dsn string, o Options) (*conn, *wire.Error) {
	db, err := sqlite3.Open(dsn)
	if err != nil {
		return nil, sqliteError(err)
	}
	openConns.Add(1)
	c := &conn{db: db}
	db.Limit(sqlite3.LIMIT_LENGTH, int(o.ValueBytes))
	db.Limit(sqlite3.LIMIT_SQL_LENGTH, int(o.SQLBytes))
	db.Limit(sqlite3.LIMIT_ATTACHED, attachedLimit)
	db.HardHeapLimit(o.HeapBytes)
	// Without a file system (GOOS=js) a sort that spills to a temporary file
	// fails with "disk I/O error"; keep temporary tables in memory always.
	// The sandbox keeps the page size fixed, so max_page_count caps bytes.
	if err := c.setup(o.DatabaseBytes); err != nil {
		c.close()
		return nil, sqliteError(err)
	}
	db.UpdateHook(func(op sqlite3.AuthorizerActionCode, _, _ string, _ int64) {
		c.inserted = c.inserted || op == sqlite3.AUTH_INSERT
	})
	db.BusyHandler(func(context.Context, int) bool {
		c.busyCalled = true
		return false // nothing can release the lock while this step runs
	})
	if err := db.SetAuthorizer(c.authorize); err != nil {
		c.close()
		return nil, sqliteError(err)
	}
	return c, nil
}

// configure applies a connection's own settings from the scenario: its
// name, busy timeout, transaction mode, lowered limits and pragmas.
func (r *run) configure(c *conn, spec wire.Connection) *wire.Error {
	c.name, c.timeout, c.txnMode = spec.Name, spec.BusyTimeoutMs, spec.TransactionMode
	for _, l := range spec.Limits {
		n, _ := strconv.Atoi(l.Value)
		if cur := c.db.Limit(limitCategory[l.Name], -1); n < cur {
			c.db.Limit(limitCategory[l.Name], n)
		}
	}
	for _, p := range spec.Pragmas {
		res := r.execAll(c, "PRAGMA "+p.Name+" = "+p.Value, nil)
		if e := lastError(res); e != nil {
			return e
		}
	}
	return nil
}

// openConns counts the connections open in this process, for the tests
// that a run, and a spare, leave none behind.
var openConns atomic.Int64

// close closes the connection, and with it its instance of SQLite.
func (c *conn) close() {
	c.db.Close()
	openConns.Add(-1)
}

func (c *conn) setup(dbBytes int64) error {
	size, err := c.queryText("PRAGMA page_size")
	if err != nil {
		return err
	}
	pageSize, err := strconv.ParseInt(size, 10, 64)
	if err != nil || pageSize <= 0 {
		return fmt.Errorf("unexpected page size %q", size)
	}
	return c.db.Exec(fmt.Sprintf("PRAGMA temp_store = memory; PRAGMA max_page_count = %d;", dbBytes/pageSize))
}

// state reports the connection's transaction state after a step.
func (c *conn) state(cursors []string) wire.ConnState {
	txn := "none"
	switch c.db.TxnState("") {
	case sqlite3.TXN_READ:
		txn = "read"
	case sqlite3.TXN_WRITE:
		txn = "write"
	}
	return wire.ConnState{Name: c.name, Txn: txn, Autocommit: c.db.GetAutocommit(), Cursors: cursors}
}

// authorize is the sandbox. It refuses what could reach outside the run's
// own in-memory database or break the engine's limits, and it takes over
// PRAGMA busy_timeout so that busy waits stay on the virtual clock.
func (c *conn) authorize(action sqlite3.AuthorizerActionCode, arg3, arg4, schema, inner string) sqlite3.AuthorizerReturnCode {
	switch action {
	case sqlite3.AUTH_INSERT:
		c.inserts = c.inserts || inner == ""
	case sqlite3.AUTH_ATTACH:
		// VACUUM INTO attaches its target too, so this also covers it.
		if arg3 != ":memory:" && arg3 != "" {
			return c.deny("dbquirks attaches only in-memory databases (ATTACH ':memory:' AS name); files, other VFSes and VACUUM INTO are not available in the sandbox")
		}
	case sqlite3.AUTH_PRAGMA:
		return c.authorizePragma(strings.ToLower(arg3), arg4)
	}
	return sqlite3.AUTH_OK
}

func (c *conn) authorizePragma(name, arg string) sqlite3.AuthorizerReturnCode {
	if arg == "" {
		if name == "busy_timeout" {
			c.busyPragma = &busyPragma{}
			return sqlite3.AUTH_IGNORE
		}
		return sqlite3.AUTH_OK
	}
	switch name {
	case "busy_timeout":
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || n < 0 {
			n = 0 // SQLite treats a negative or odd value as no timeout
		}
		c.busyPragma = &busyPragma{set: true, value: n}
		return sqlite3.AUTH_IGNORE
	case "temp_store":
		if v := strings.ToLower(arg); v != "memory" && v != "2" {
			return c.deny("dbquirks keeps temp_store = memory: the browser build has no file system for temporary files")
		}
	case "locking_mode":
		if strings.EqualFold(strings.Trim(arg, `'"`), "exclusive") {
			return c.deny("dbquirks refuses PRAGMA locking_mode = EXCLUSIVE: a connection in that mode keeps its lock until it closes, " +
				"and the scenario's other connections could then not even read the schema (SQLite reports their tables as missing); " +
				"BEGIN EXCLUSIVE takes the same lock for one transaction")
		}
	case "max_page_count", "page_size", "hard_heap_limit", "soft_heap_limit", "mmap_size",
		"temp_store_directory", "data_store_directory", "writable_schema", "threads":
		return c.deny("PRAGMA " + name + " is fixed by dbquirks: it guards the sandbox's memory and size limits")
	}
	return sqlite3.AUTH_OK
}

func (c *conn) deny(why string) sqlite3.AuthorizerReturnCode {
	c.denied = why
	return sqlite3.AUTH_DENY
}
