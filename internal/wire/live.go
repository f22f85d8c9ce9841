package wire

// The live PostgreSQL lane: the page plays a scenario on PGlite (real
// PostgreSQL compiled to WebAssembly, in a worker of its own) when a reader
// asks. The module plans what each step sends (dbquirks.lanePlan, a
// [LivePlan]); the page's PGlite worker sends it and answers with raw
// PostgreSQL text (a [LiveAnswer]); the module turns that into
// [LaneStep]s, as a recording holds them (dbquirks.laneResult, a
// [LiveLane]).

// LivePlan is what a live lane sends for one play of a scenario.
type LivePlan struct {
	// Run is the play's run number (Play.Run) the plan was made from.
	Run int `json:"run"`
	// Lane is the lane planned for: "postgres".
	Lane string `json:"lane"`
	// MaxRows is how many rows of one statement the worker sends back; it
	// counts the rest. The recorder keeps as many.
	MaxRows int `json:"maxRows"`
	// Setup is what the session runs before the first step, as Django's
	// backend and the recorder's sessions do (the time zone).
	Setup []string `json:"setup"`
	// Steps holds one entry per step of the scenario, in order.
	Steps []LivePlanStep `json:"steps"`
}

// LivePlanStep is what one step sends on the live lane.
type LivePlanStep struct {
	LaneStepHead
	// NotLive says why a step that runs on the recorded lane is not run
	// live (PGlite has one connection), or is "".
	NotLive string `json:"notLive,omitempty"`
	// Statements are the step's statements in order; the worker sends each
	// one's Send, stops the step at the first error, and sends nothing for
	// a step with NotApplicable or NotLive.
	Statements []LivePlanStatement `json:"statements,omitempty"`
}

// LivePlanStatement is one statement of a planned step.
type LivePlanStatement struct {
	// SQL is the statement as the lane's SQL has it, parameters as "?".
	SQL string `json:"sql"`
	// Send is the statement with its parameters bound as literals, what
	// the worker sends; "" when it is not sent (Note or Error says why).
	Send string `json:"send,omitempty"`
	// Note says why the statement is not sent ("not run here: …"): the
	// step's other statements still are.
	Note string `json:"note,omitempty"`
	// Error is why the statement could not be bound (a missing parameter):
	// the step ends there, as on the recorder.
	Error string `json:"error,omitempty"`
}

// LiveAnswer is what the page's PGlite worker answered to a [LivePlan]:
// the steps it played, in order, each statement's answer in PostgreSQL's
// own text form, decoded in Go so that the conversion is written once.
type LiveAnswer struct {
	// Version is PostgreSQL's SELECT version().
	Version string `json:"version"`
	// Collation is the database's collation (pg_database.datcollate).
	Collation string `json:"collation"`
	// Steps holds the steps that were played, in order; a run stopped
	// midway has fewer than the plan.
	Steps []LiveStepAnswer `json:"steps"`
	// Stopped says why the run ended before its last step ("stopped by
	// you"), or is "".
	Stopped string `json:"stopped,omitempty"`
}

// LiveStepAnswer is what one step got from PGlite.
type LiveStepAnswer struct {
	// Index is the step's 1-based position in the scenario.
	Index int `json:"index"`
	// Results holds one answer per statement sent, in order.
	Results []LiveResult `json:"results"`
	// Txn is the session's transaction state after the step: "none",
	// "active" or "failed".
	Txn string `json:"txn"`
}

// LiveResult is PostgreSQL's answer to one statement.
type LiveResult struct {
	// Columns are the result's columns; empty for statements that return
	// no rows.
	Columns []LiveColumn `json:"columns,omitempty"`
	// Rows are the first rows (at most [LivePlan.MaxRows]), each value
	// PostgreSQL's text output or null for NULL.
	Rows [][]*string `json:"rows,omitempty"`
	// RowCount is how many rows the statement returned, kept or not.
	RowCount int64 `json:"rowCount"`
	// Changes is how many rows an INSERT, UPDATE, DELETE or MERGE changed.
	Changes int64 `json:"changes"`
	// Error is the statement's error, or nil.
	Error *LiveError `json:"error,omitempty"`
}

// LiveColumn is one result column as PostgreSQL describes it.
type LiveColumn struct {
	// Name is the column's name.
	Name string `json:"name"`
	// TypeOID is the column's type, PostgreSQL's pg_type OID.
	TypeOID uint32 `json:"typeOid"`
}

// LiveError is a PostgreSQL error.
type LiveError struct {
	// Code is the SQLSTATE ("23505").
	Code string `json:"code"`
	// Message is the server's message.
	Message string `json:"message"`
	// Detail is the server's DETAIL, or "".
	Detail string `json:"detail,omitempty"`
}

// LiveLane is a live lane's result, what dbquirks.laneResult returns.
type LiveLane struct {
	// Label names the lane: PostgreSQL's version and how PGlite differs
	// from a typical server.
	Label string `json:"label"`
	// Steps are the lane's steps, one per step of the scenario, as a
	// recording holds them.
	Steps []LaneStep `json:"steps"`
	// HTML is each step's markup by its index (as a decimal string), from
	// internal/view.
	HTML map[string]string `json:"html"`
}
