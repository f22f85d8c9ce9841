package wire

// Step is the record of one step: one fenced sql block of the scenario.
type Step struct {
	// Index is the step's 1-based position in the scenario.
	Index int `json:"index"`
	// Line is the 1-based line of the step's opening fence in the source.
	Line int `json:"line"`
	// Conn is the name of the connection the step ran on.
	Conn string `json:"conn"`
	// Kind is what the step did: "exec" (run statements), "open" (open a
	// cursor and fetch from it), "fetch" (fetch more rows from an open
	// cursor) or "close" (close a cursor).
	Kind string `json:"kind"`
	// Cursor is the cursor's name for open, fetch and close steps.
	Cursor string `json:"cursor,omitempty"`
	// Fetch is how many rows an open or fetch step asked for, -1 for all;
	// 0 for the other kinds.
	Fetch int `json:"fetch,omitempty"`
	// SQL is the step's SQL text as written (empty for fetch and close).
	SQL string `json:"sql"`
	// Params are the values bound to the step's statements.
	Params []Param `json:"params,omitempty"`
	// Statements holds one result per statement that ran, in order. A fetch
	// step has one, describing the rows taken from the cursor.
	Statements []Statement `json:"statements"`
	// Error is the step's failure: the error of the statement that failed
	// (later statements of the step did not run), or an error of the step
	// itself such as an unknown cursor. Nil when the step succeeded.
	Error *Error `json:"error,omitempty"`
	// States lists every connection's state after the step, in declaration
	// order.
	States []ConnState `json:"states"`
	// Checks are the step's expectations and whether each was met.
	Checks []Check `json:"checks,omitempty"`
	// Quirk marks the step that shows the scenario's quirk.
	Quirk bool `json:"quirk,omitempty"`
	// Skipped is true when the run stopped before this step ran.
	Skipped bool `json:"skipped,omitempty"`
	// ElapsedMs is the wall-clock time the step took.
	ElapsedMs float64 `json:"elapsedMs"`
}

// Param is one value bound to a statement parameter.
type Param struct {
	// Name is the parameter's name including its prefix (":name", "@name",
	// "$name"), or "" for a positional parameter.
	Name string `json:"name,omitempty"`
	// Value is the bound value; its Type is the storage class bound.
	Value Value `json:"value"`
}

// Statement is the result of one SQL statement, or of one fetch from a
// cursor.
type Statement struct {
	// SQL is the statement's text.
	SQL string `json:"sql"`
	// Columns describes the result columns; empty for statements that
	// return no rows.
	Columns []Column `json:"columns,omitempty"`
	// Rows are the rows kept, each value with its storage class.
	Rows [][]Value `json:"rows,omitempty"`
	// RowCount is how many rows the statement produced, including rows not
	// kept because of a limit.
	RowCount int64 `json:"rowCount"`
	// CountIncomplete is true when a dbquirks limit stopped the statement
	// while it was still producing rows: the statement-time or run-time
	// limit, a cancelled run, or the memory, value-size or database-size
	// limit, which a database without them would not have met. RowCount is
	// then the rows counted until it stopped, a lower bound of the
	// statement's total, and Error names the limit. False when the
	// statement ended by itself, with or without an error of its own.
	CountIncomplete bool `json:"countIncomplete,omitempty"`
	// Truncated says why some rows were not kept, or is "".
	Truncated string `json:"truncated,omitempty"`
	// Done is true when the statement (or cursor) has no more rows.
	Done bool `json:"done"`
	// Changes is how many rows the statement inserted, updated or deleted
	// (sqlite3_total_changes before and after, so trigger changes count).
	Changes int64 `json:"changes"`
	// LastInsertRowID is the rowid of the last row the statement inserted,
	// when it inserted one. It is a decimal string in JSON: a rowid can be
	// up to 2^63-1, which a JavaScript number cannot hold exactly.
	LastInsertRowID *int64 `json:"lastInsertRowid,omitempty,string"`
	// Error is the statement's error, or nil.
	Error *Error `json:"error,omitempty"`
	// Busy describes a lock the statement met, or is nil.
	Busy *Busy `json:"busy,omitempty"`
	// Note is something the engine did that a reader should know, such as
	// keeping a busy timeout on the virtual clock.
	Note string `json:"note,omitempty"`
	// ElapsedMs is the wall-clock time the statement took.
	ElapsedMs float64 `json:"elapsedMs"`
}

// Column describes one result column.
type Column struct {
	// Name is the column's name as SQLite reports it.
	Name string `json:"name"`
	// DeclType is the declared type of the table column the result comes
	// from ("varchar(20)", "decimal"), or "" for an expression.
	DeclType string `json:"declType,omitempty"`
}

// EngineCode is the code of an error that is the engine's, not SQLite's:
// a step it refused to run.
const EngineCode = "DBQUIRKS"

// Error is an SQLite error, or an error of the engine that stopped a step.
type Error struct {
	// Code is the primary result code name, e.g. "SQLITE_CONSTRAINT".
	// Engine errors that are not SQLite's use EngineCode.
	Code string `json:"code"`
	// Extended is the extended result code name, e.g.
	// "SQLITE_CONSTRAINT_UNIQUE"; equal to Code when there is none.
	Extended string `json:"extended"`
	// Message is SQLite's message ("UNIQUE constraint failed: t.x").
	Message string `json:"message"`
	// Limit names the dbquirks limit or sandbox rule that caused the error,
	// e.g. "statement-time", "sandbox"; "" for ordinary SQLite errors.
	Limit string `json:"limit,omitempty"`
	// Note explains a Limit to a person.
	Note string `json:"note,omitempty"`
}

// Busy describes how a statement met a locked database. The engine keeps
// busy timeouts on a virtual clock: steps run one after another, so while
// one connection waits no other can release the lock, and waiting for real
// would only delay the same answer.
type Busy struct {
	// TimeoutMs is the connection's busy timeout when the lock was met.
	TimeoutMs int64 `json:"timeoutMs"`
	// WaitedMs is how long the connection waited, in virtual milliseconds.
	WaitedMs int64 `json:"waitedMs"`
	// Refused is true when SQLite returned SQLITE_BUSY without calling the
	// busy handler at all, as it does when waiting could deadlock (a read
	// transaction upgrading to a write) or could never succeed (a write from
	// a stale snapshot). No timeout helps then.
	Refused bool `json:"refused,omitempty"`
}

// ConnState is a connection's state after a step.
type ConnState struct {
	// Name is the connection's name.
	Name string `json:"name"`
	// Txn is the transaction state from sqlite3_txn_state: "none", "read"
	// or "write".
	Txn string `json:"txn"`
	// Autocommit is sqlite3_get_autocommit: true when no BEGIN is open.
	Autocommit bool `json:"autocommit"`
	// Cursors lists the names of the cursors open on the connection.
	Cursors []string `json:"cursors,omitempty"`
}

// Check is one expectation of a step and its outcome.
type Check struct {
	// Kind is what was checked: "error", "rows", "rowCount", "changes",
	// "busy" or "txn".
	Kind string `json:"kind"`
	// Want is the expected outcome as the scenario states it.
	Want string `json:"want"`
	// Got is what happened, in the same notation.
	Got string `json:"got"`
	// OK is true when Got matches Want.
	OK bool `json:"ok"`
	// Line is the source line the expectation was written on.
	Line int `json:"line"`
	// Implicit marks the "runs without error" check of a step that states
	// no error expectation of its own.
	Implicit bool `json:"implicit,omitempty"`
}

// Option is the step option that states a check of this kind.
func (c Check) Option() string { return OptionFor(c.Kind) }

// OptionFor is the step option that states an expectation of kind:
// "expect" for an error, "rows" for a row count, the kind itself otherwise.
func OptionFor(kind string) string {
	switch kind {
	case "error":
		return "expect"
	case "rowCount":
		return "rows"
	}
	return kind
}
