package wire

import "strconv"

// Document is a parsed scenario as a page shows it: its metadata, each
// step's explanation rendered to HTML beside the step's SQL, and the prose
// after the last step. It is produced by the same parser that feeds the
// engine, so step numbers in a Document and in a Transcript always agree.
type Document struct {
	// ID is the scenario's id: its file name without ".md".
	ID string `json:"id"`
	// Meta is the scenario's front matter.
	Meta Meta `json:"meta"`
	// Steps are the scenario's steps, in order.
	Steps []DocStep `json:"steps"`
	// EpilogueHTML is the prose after the last step, as safe HTML.
	EpilogueHTML string `json:"epilogueHtml"`
	// Source is the scenario's Markdown source.
	Source string `json:"source"`
	// Shape is a digest of what the article shows apart from results: the
	// front matter, each step's place, SQL, options and explanation, and
	// the prose after the last step (internal/scenario computes it). Two
	// documents of one shape are drawn alike, so a Run that keeps the shape
	// of the article on the page needs only its results (play.Options.Shown).
	// A document the page changed itself (an edited step) has none.
	Shape string `json:"shape,omitempty"`
}

// Meta is a scenario's front matter.
type Meta struct {
	// Title is the scenario's title.
	Title string `json:"title"`
	// Summary is a one-line summary, plain text.
	Summary string `json:"summary"`
	// Topic groups scenarios in the gallery: text, numbers, transactions,
	// schema or types.
	Topic string `json:"topic"`
	// Tags are free-form labels for filtering.
	Tags []string `json:"tags"`
	// Backend is the database the quirk is about: sqlite, postgresql,
	// mysql, oracle, turso, singlestore, ...
	Backend string `json:"backend"`
	// Storage is the VFS the scenario runs on: "memdb" or "mvcc".
	Storage string `json:"storage"`
	// Django is the Django side of the quirk.
	Django Django `json:"django"`
	// Links point to the documentation the scenario relies on.
	Links []Link `json:"links"`
	// Connections are the scenario's declared connections, in order; the
	// first is always "default".
	Connections []Connection `json:"connections"`
	// Flips are the settings a reader may flip to play the scenario again
	// as a second SQLite lane, in the order the scenario lists them.
	Flips []Flip `json:"flips,omitempty"`
}

// Flip is one setting a scenario offers to flip: the same steps played
// again with the setting changed on every connection, so that the page can
// show what the setting changes.
type Flip struct {
	// Name is the setting: "storage", "busy_timeout", "transaction_mode"
	// or a pragma's name ("case_sensitive_like").
	Name string `json:"name"`
	// Value is the value it is flipped to ("mvcc", "5000", "IMMEDIATE",
	// "ON").
	Value string `json:"value"`
	// Label says it for a reader: "PRAGMA case_sensitive_like = ON on
	// every connection".
	Label string `json:"label"`
}

// Django is the Django side of a quirk: the models, the ORM code that meets
// it and the SQL Django sends for it. The page shows them; `make test-django`
// runs the ORM code of a scenario that has Models on real Django and checks
// the SQL and Raises against what it did (internal/djangocheck).
type Django struct {
	// Versions are the Django releases the scenario was checked against,
	// e.g. "5.2, 6.0".
	Versions string `json:"versions"`
	// App is the app label of Models (the "shop" of "shop_person"); empty
	// means "shop".
	App string `json:"app,omitempty"`
	// Models is Python code defining the models ORM uses, or empty when the
	// ORM code is not checked.
	Models string `json:"models,omitempty"`
	// ORM is Python code using the ORM, as make test-django runs it: the
	// scenario's code without its point markers.
	ORM string `json:"orm"`
	// ORMPoint are the stretches of ORM's lines that make its point, in
	// order: what a page shows first, with the whole of ORM a click away.
	// Empty when the scenario marks none, and ORM is shown whole.
	ORMPoint []LineRange `json:"ormPoint,omitempty"`
	// Raises is the exception the last statement of ORM raises on SQLite,
	// "NotSupportedError" or "NotSupportedError: part of its message";
	// empty when ORM runs without one.
	Raises string `json:"raises,omitempty"`
	// Database is "file" when the ORM code runs on an SQLite database in a
	// file, which every connection (each thread's) opens; empty for the
	// default, an in-memory database that only the first connection sees.
	// Only make test-django reads it.
	Database string `json:"database,omitempty"`
	// SQL is the SQL Django's backend sends for that code.
	SQL string `json:"sql"`
	// NoteHTML says what Django does about the quirk, as safe HTML.
	NoteHTML string `json:"noteHtml,omitempty"`
}

// LineRange is a stretch of a text's lines, From to To, counted from 1
// and both included.
type LineRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// Link is a documentation link.
type Link struct {
	// Title is the link text.
	Title string `json:"title"`
	// URL is an http or https address.
	URL string `json:"url"`
}

// DocStep is one step as a page shows it before, or without, a run.
type DocStep struct {
	// Index is the step's 1-based position.
	Index int `json:"index"`
	// Line is the 1-based line of the step's opening fence.
	Line int `json:"line"`
	// Conn is the connection the step runs on.
	Conn string `json:"conn"`
	// Kind is "exec", "open", "fetch" or "close" (see [Step.Kind]).
	Kind string `json:"kind"`
	// Cursor is the cursor's name for cursor steps.
	Cursor string `json:"cursor,omitempty"`
	// Fetch is how many rows an open or fetch step takes; -1 means all.
	Fetch int `json:"fetch,omitempty"`
	// SQL is the step's SQL as written.
	SQL string `json:"sql"`
	// Info is the fence's info string after "sql": the step's options.
	Info string `json:"info,omitempty"`
	// Expect lists the step's expectations in scenario notation.
	Expect []string `json:"expect,omitempty"`
	// Quirk marks the step that shows the scenario's quirk.
	Quirk bool `json:"quirk,omitempty"`
	// ExplanationHTML is the prose between the previous step and this one,
	// as safe HTML.
	ExplanationHTML string `json:"explanationHtml"`
}

// Diagnostic is a mistake in a scenario's source, with its position.
type Diagnostic struct {
	// File is the scenario's file name.
	File string `json:"file"`
	// Line is the 1-based line.
	Line int `json:"line"`
	// Column is the 1-based column, in bytes.
	Column int `json:"column"`
	// Message says what is wrong.
	Message string `json:"message"`
	// Text is the offending line of source.
	Text string `json:"text,omitempty"`
}

// Error formats d as "file:line:column: message".
func (d Diagnostic) Error() string {
	return d.File + ":" + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Column) + ": " + d.Message
}
