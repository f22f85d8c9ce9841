package wire

// RecordingVersion is the version of the [Recording] format. It changes when
// a field changes meaning or disappears, not when one is added.
const RecordingVersion = 1

// Server-side value classes a [Recording] adds to SQLite's storage classes:
// PostgreSQL's and MariaDB's exact decimals and PostgreSQL's booleans keep
// their own class, so that numeric 0.80 is never mistaken for the REAL 0.8
// nor a boolean true for the INTEGER 1.
const (
	Numeric = "numeric"
	Boolean = "boolean"
)

// Recording is what one scenario got from one real database server, step by
// step: the file scenarios/recorded/<scenario>.<lane>.json that
// `dbquirks record` writes and `dbquirks record --check` compares with the
// live server. Its JSON is written with sorted, stable content so that
// recording unchanged results again gives the same bytes.
//
// Values in a recording use [Value] with the server's answer in canonical
// form: "integer" for the integer types, "real" for binary floats (in the
// same shortest form as SQLite's), "numeric" for exact decimals exactly as
// the server printed them ("0.80"), "boolean" ("true" or "false"), "blob"
// for binary strings, "null", and "text" for everything else (strings,
// dates, JSON...) in the server's own text form; the column's type says
// which type it was.
//
// Errors use [Error] with Code the SQLSTATE ("23505") and Extended the
// server's own error: MariaDB's error number ("1062"), or the SQLSTATE again
// for PostgreSQL, which has no other number.
type Recording struct {
	// Version is [RecordingVersion].
	Version int `json:"version"`
	// Scenario is the id of the scenario that was recorded.
	Scenario string `json:"scenario"`
	// Lane is the recorded lane: "postgres" or "mariadb".
	Lane string `json:"lane"`
	// Server is the server that answered and how its sessions were set up.
	Server Server `json:"server"`
	// Recorded is the day the recording was made, YYYY-MM-DD in UTC. A
	// check ignores it, and recording unchanged results again keeps it.
	Recorded string `json:"recorded"`
	// Steps holds one entry per step of the scenario, in order.
	Steps []LaneStep `json:"steps"`
}

// Server describes a server a lane was recorded from.
type Server struct {
	// Product is "PostgreSQL" or "MariaDB".
	Product string `json:"product"`
	// Version is the server's version as it reports it.
	Version string `json:"version"`
	// Label is how a page names the lane: product, version and the
	// settings that matter, in one line.
	Label string `json:"label"`
	// Client says how the sessions talk to the server: the driver, and that
	// parameters are interpolated on the client as Django's drivers do.
	Client string `json:"client"`
	// Settings are the session and database settings that change results
	// (isolation level, collation, locale, sql_mode, lock timeouts), in a
	// fixed order, each as the server reported it.
	Settings []Setting `json:"settings"`
}

// LaneStepHead is what a lane step says before its answer: which step of
// the scenario it is, on which connection, and the SQL this lane runs for
// it, or why the lane does not run it. A lane's step ([LaneStep]) and a
// live lane's planned one ([LivePlanStep]) embed it, so that the fields
// they share are declared once and mean the same in both. encoding/json
// inlines an embedded struct's fields: the JSON of both is as if each
// declared them itself.
type LaneStepHead struct {
	// Index is the step's 1-based position in the scenario.
	Index int `json:"index"`
	// Conn is the scenario connection the step runs on. The recorder gives
	// each scenario connection a real session of its own; the live lane
	// has one session (see [LivePlanStep.NotLive]).
	Conn string `json:"conn"`
	// Kind is "exec", "open", "fetch" or "close", as in [Step.Kind].
	Kind string `json:"kind"`
	// Cursor is the cursor's name for cursor steps.
	Cursor string `json:"cursor,omitempty"`
	// Source is the digest of what the step asks this lane to do and of
	// every step before it (scenario.LaneDigests). A page compares it with
	// the scenario it shows: when they differ, the step, or one before it,
	// was edited since the recording or the plan was made, and this answer
	// no longer applies.
	Source string `json:"source"`
	// SQL is the SQL this lane runs, with the step's parameters still as
	// "?": the step's own SQL, that SQL rewritten for the server (see
	// SQLFrom), or the SQL the scenario wrote for this lane. Empty for a
	// step the lane does not run.
	SQL string `json:"sql,omitempty"`
	// SQLFrom says where SQL came from: "step" (the step's SQL as written),
	// "rewritten" (the step's SQL with the documented mechanical rewrites of
	// scenarios/README.md) or "lane" (a block the scenario wrote for this
	// lane).
	SQLFrom string `json:"sqlFrom,omitempty"`
	// NotApplicable says why the step does not run on this lane (a
	// SQLite-only construct, the scenario limited the step to other lanes,
	// or its cursor was not opened on the lane), or is "". The steps of a
	// live lane's result also say here why they were not run live
	// ([LivePlanStep.NotLive], a stopped run).
	NotApplicable string `json:"notApplicable,omitempty"`
}

// LaneStep is what one step of a scenario got on one recorded lane.
type LaneStep struct {
	LaneStepHead
	// Statements holds one result per statement sent, in order. Cursor
	// steps list the statements that emulate the cursor as the Django
	// backend does (DECLARE and FETCH on PostgreSQL).
	Statements []Statement `json:"statements,omitempty"`
	// Error is the error of the statement that failed; later statements of
	// the step were not sent. Nil when the step succeeded or was blocked.
	Error *Error `json:"error,omitempty"`
	// Blocked is set when a statement of the step waited for a lock that
	// another session holds. The recorder gives up after a short lock
	// timeout and records the wait, not the timeout's error: on a real
	// server the statement would wait until the other transaction ends.
	Blocked *Blocked `json:"blocked,omitempty"`
	// States lists every connection's transaction state after the step, in
	// declaration order. Txn is "none", "active" or "failed" (PostgreSQL's
	// aborted transaction, which refuses every statement until ROLLBACK);
	// Autocommit is true when no transaction is open.
	States []ConnState `json:"states,omitempty"`
}

// Blocked says that a statement waited for a lock.
type Blocked struct {
	// Statement is the 1-based index, within the step, of the statement
	// that waited.
	Statement int `json:"statement"`
	// WaitsFor names the scenario's other connections that had a
	// transaction open when the statement waited: the ones that can hold
	// the lock. Empty when none had.
	WaitsFor []string `json:"waitsFor,omitempty"`
	// Message says it in a sentence: "blocked: waits for default's lock".
	Message string `json:"message"`
}
