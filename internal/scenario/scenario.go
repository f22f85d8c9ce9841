// Package scenario reads scenario scripts: Markdown files whose front matter
// describes a database quirk and whose fenced sql blocks are the steps that
// demonstrate it. The format is specified in scenarios/README.md.
//
// Parsing walks goldmark's syntax tree, the same tree that renders the
// prose, so what counts as a step and what is shown as explanation cannot
// disagree. Mistakes in a scenario are reported as [Diagnostics] that carry
// file, line and column.
package scenario

import (
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/yuin/goldmark/ast"
)

// DefaultConn is the name of the connection every scenario has.
const DefaultConn = "default"

// Storage names: the go-sqlite3 VFS a scenario's database lives in.
const (
	StorageMemdb = "memdb" // rollback journal: readers block a writer's commit
	StorageMVCC  = "mvcc"  // snapshots: readers never block the one writer
)

// Kind is what a step does.
type Kind string

// Step kinds; see [wire.Step.Kind].
const (
	Exec  Kind = "exec"
	Open  Kind = "open"
	Fetch Kind = "fetch"
	Close Kind = "close"
)

// FetchAll asks a cursor step for every remaining row.
const FetchAll = -1

// Scenario is a parsed scenario script.
type Scenario struct {
	// ID is the file name without ".md".
	ID string
	// File is the name diagnostics use.
	File string
	// Source is the whole Markdown source.
	Source string
	// Meta is the front matter. Django.NoteHTML is filled in.
	Meta wire.Meta
	// Steps are the fenced sql blocks, in order.
	Steps []Step

	body     []byte       // the Markdown after the front matter
	prose    [][]ast.Node // prose[i]: top-level nodes before Steps[i]; last: epilogue
	bodyLine int          // line number of body's first line, minus one
}

// Step is one fenced sql block and its options.
type Step struct {
	// Index is the 1-based position of the step.
	Index int
	// Line is the line of the opening fence.
	Line int
	// Conn is the connection the step runs on.
	Conn string
	// Kind says what the step does.
	Kind Kind
	// Cursor names the cursor of open, fetch and close steps.
	Cursor string
	// Fetch is how many rows an open or fetch step takes, or [FetchAll].
	Fetch int
	// SQL is the block's content.
	SQL string
	// Info is the fence's info string after the "sql" word.
	Info string
	// Params are bound to each statement of the step that has parameters.
	Params []wire.Param
	// Expect are the step's expectations. A step without an "expect"
	// option gets an implicit one that it runs without error.
	Expect []Expectation
	// Quirk marks the step that shows the scenario's quirk.
	Quirk bool
	// Lanes is what the step says about the recorded lanes (lanes.go).
	Lanes StepLanes
}

// Proves reports whether the step states an expectation beyond the
// implicit "runs without error".
func (st Step) Proves() bool {
	for _, e := range st.Expect {
		if !e.Implicit {
			return true
		}
	}
	return false
}

// Expectation is one claim about a step's outcome that the engine checks.
type Expectation struct {
	// Kind is "error", "rows", "rowCount", "changes", "busy" or "txn", as
	// in [wire.Check].
	Kind string
	// Want is the expected outcome in scenario notation: "ok" or an error
	// code name, a number, "refused", a transaction state, or for rows the
	// rows one per line in SQL literal notation.
	Want string
	// Rows holds the expected rows of a "rows" expectation.
	Rows [][]wire.Value
	// Line is the line the expectation was written on.
	Line int
	// Implicit marks the "runs without error" check a step gets when it
	// states no error expectation.
	Implicit bool
}

// Diagnostics is the list of mistakes found in a scenario. It is the error
// type [Parse] returns.
type Diagnostics []wire.Diagnostic

func (d Diagnostics) Error() string {
	lines := make([]string, len(d))
	for i, x := range d {
		lines[i] = x.Error()
		if x.Text != "" {
			lines[i] += "\n\t" + x.Text
		}
	}
	return strings.Join(lines, "\n")
}
