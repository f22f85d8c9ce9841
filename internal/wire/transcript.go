// Package wire holds the data that crosses every boundary of dbquirks:
// what the engine records while it plays a scenario, and what a parsed
// scenario looks like to a page. The command line prints these types with
// --json, the browser receives exactly the same JSON, and golden files store
// them, so a field added here is a field every side sees.
//
// The package has no behaviour beyond small formatting helpers and no
// dependencies, so both the native build and the GOOS=js build can use it.
package wire

// Version is the one version of everything that crosses a boundary: these
// payloads, the functions the WebAssembly module offers the page, the data
// blob baked into every page and the worker's protocol. It changes when a
// field or a function changes meaning or disappears; adding one does not
// change it. The page checks it against the module it loaded (web/wire.js),
// so a cached page never misreads a newer module.
//
// 2: one play call per run, markup from internal/view, exports by run.
// 3: play takes the scenario's recorded lanes (page data's recordings) and
// its markup shows them beside SQLite's results.
const Version = 3

// Transcript is the record of one run of one scenario.
type Transcript struct {
	// Version is the wire format version, always [Version] when produced.
	Version int `json:"version"`
	// Engine names the code that produced the transcript.
	Engine Engine `json:"engine"`
	// Scenario is the id of the scenario that was run (its file name without
	// ".md"), or "" for a scenario that has no id yet.
	Scenario string `json:"scenario"`
	// Title is the scenario's title.
	Title string `json:"title"`
	// Storage is the VFS the run's database lived in: "memdb" (rollback
	// journal locking, like a default Django SQLite setup) or "mvcc"
	// (snapshot reads, one writer: the behaviour people switch to WAL for).
	Storage string `json:"storage"`
	// Connections lists every connection of the run, in declaration order,
	// with the settings it was opened with.
	Connections []Connection `json:"connections"`
	// Limits are the safety limits the run was held to.
	Limits Limits `json:"limits"`
	// Steps holds one entry per step of the scenario, in order. A step that
	// did not run because the run stopped early is still listed, with
	// Skipped set.
	Steps []Step `json:"steps"`
	// Stopped says why the run ended before its last step, or is nil.
	Stopped *Stop `json:"stopped,omitempty"`
	// Failures counts the checks of all steps that were not met.
	Failures int `json:"failures"`
	// VirtualMs is the total time connections spent "waiting" for locks on
	// the virtual clock. Nobody actually waited.
	VirtualMs int64 `json:"virtualMs"`
	// ElapsedMs is the wall-clock time of the whole run.
	ElapsedMs float64 `json:"elapsedMs"`
}

// Step is the record of the step of that 1-based index, or nil when t is
// nil or has none.
func (t *Transcript) Step(index int) *Step {
	if t == nil {
		return nil
	}
	for i := range t.Steps {
		if t.Steps[i].Index == index {
			return &t.Steps[i]
		}
	}
	return nil
}

// Engine identifies what produced a transcript.
type Engine struct {
	// Version is the dbquirks engine version.
	Version string `json:"version"`
	// SQLite is the SQLite library version, as sqlite_version() reports it.
	SQLite string `json:"sqlite"`
}

// Connection describes one connection to the run's database as it was opened.
type Connection struct {
	// Name is the connection's name in the scenario ("default" unless the
	// scenario declares others).
	Name string `json:"name"`
	// BusyTimeoutMs is the busy timeout the connection started with, in
	// milliseconds of virtual time. 0 means a locked database fails at once.
	BusyTimeoutMs int64 `json:"busyTimeoutMs"`
	// Pragmas are the PRAGMA statements run when the connection opened, in
	// order, after the engine's own.
	Pragmas []Setting `json:"pragmas,omitempty"`
	// Limits are SQLite run-time limits the scenario lowered for this
	// connection (sqlite3_limit), by lower-case name, e.g. variable_number.
	Limits []Setting `json:"limits,omitempty"`
	// TransactionMode is Django's SQLite "transaction_mode" option
	// (DEFERRED, IMMEDIATE or EXCLUSIVE): a plain BEGIN on this connection
	// runs as BEGIN <mode>, as Django's atomic() does with the option set.
	// "" leaves BEGIN as written.
	TransactionMode string `json:"transactionMode,omitempty"`
	// Error is what went wrong while opening or setting up the connection
	// (a pragma SQLite refused, say), or nil. A run whose connection fails
	// stops before its first step.
	Error *Error `json:"error,omitempty"`
}

// Setting is one name=value pair of a connection's configuration.
type Setting struct {
	// Name is the pragma or limit name.
	Name string `json:"name"`
	// Value is the value as written in the scenario.
	Value string `json:"value"`
}

// Limits are the caps a run is held to, so that a runaway or oversized
// statement ends with a message instead of freezing or exhausting the page.
type Limits struct {
	// StatementMs is the wall-clock limit of one statement or cursor fetch.
	StatementMs int64 `json:"statementMs"`
	// RunMs is the wall-clock limit of the whole run.
	RunMs int64 `json:"runMs"`
	// RowsPerStep is how many rows of one statement are kept; the rest are
	// counted but not recorded.
	RowsPerStep int `json:"rowsPerStep"`
	// ResultBytes is how many bytes of values one run keeps in total.
	ResultBytes int64 `json:"resultBytes"`
	// ValueBytes is SQLite's length limit (SQLITE_LIMIT_LENGTH): the largest
	// string or blob a statement can build.
	ValueBytes int64 `json:"valueBytes"`
	// SQLBytes is SQLite's SQL text limit (SQLITE_LIMIT_SQL_LENGTH).
	SQLBytes int64 `json:"sqlBytes"`
	// DatabaseBytes is the largest the run's database may grow.
	DatabaseBytes int64 `json:"databaseBytes"`
	// HeapBytes is the memory each connection's SQLite may allocate.
	HeapBytes int64 `json:"heapBytes"`
}

// Stop says why a run ended early.
type Stop struct {
	// Reason is a machine-readable cause: "cancelled" (a person pressed
	// Stop), "run-time" (the run's wall-clock limit), "setup" (a
	// connection could not be set up) or "crash" (the engine failed
	// unexpectedly; the run's database was abandoned).
	Reason string `json:"reason"`
	// Message explains the stop to a person.
	Message string `json:"message"`
	// Step is the 1-based index of the step that was running, or 0.
	Step int `json:"step,omitempty"`
}
