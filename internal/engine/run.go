package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// run is the state of one scenario run.
type run struct {
	sc      *scenario.Scenario
	opt     Options
	db      database
	conns   []*conn
	spare   []*conn // a spare's connections not taken yet (RunWithSpare)
	byName  map[string]*conn
	cursors map[string]*cursor
	// failedCursors are cursors a failing statement closed; closing them
	// again is allowed.
	failedCursors map[string]bool
	t             *wire.Transcript
	bytes         int64 // value bytes kept so far

	ctx    context.Context // the run's context: cancellation and run deadline
	parent context.Context // the caller's context, to tell Stop from deadline
}

var runCounter atomic.Int64

func newRun(sc *scenario.Scenario, opt Options, db database) *run {
	return &run{
		sc:      sc,
		opt:     opt,
		db:      db,
		byName:  map[string]*conn{},
		cursors: map[string]*cursor{}, failedCursors: map[string]bool{},
		t: &wire.Transcript{
			Version:     wire.Version,
			Engine:      wire.Engine{Version: Version},
			Scenario:    sc.ID,
			Title:       sc.Meta.Title,
			Storage:     sc.Meta.Storage,
			Connections: slices.Clone(sc.Meta.Connections),
			Limits:      opt.limits(),
			Steps:       []wire.Step{},
		},
	}
}

func (r *run) play(parent context.Context) *wire.Transcript {
	start := time.Now()
	ctx, cancel := context.WithTimeout(parent, r.opt.RunTimeout)
	defer cancel()
	r.ctx, r.parent = ctx, parent
	defer r.close()

	if !r.openAll() {
		r.t.ElapsedMs = ms(time.Since(start))
		return r.t
	}
	for i, st := range r.sc.Steps {
		if r.t.Stopped == nil && ctx.Err() != nil {
			r.t.Stopped = r.stopReason(i + 1)
		}
		if r.t.Stopped != nil {
			r.t.Steps = append(r.t.Steps, skipped(st))
			continue
		}
		r.t.Steps = append(r.t.Steps, r.guardedStep(st))
	}
	for _, st := range r.t.Steps {
		for _, c := range st.Checks {
			if !c.OK {
				r.t.Failures++
			}
		}
	}
	r.t.ElapsedMs = ms(time.Since(start))
	return r.t
}

// guardedStep runs a step and turns a panic inside it into a failed step
// that stops the run: a bug in the engine or the SQLite translation must
// cost one run, never the page or the command that called the engine.
func (r *run) guardedStep(st scenario.Step) (out wire.Step) {
	defer func() {
		if p := recover(); p != nil {
			out = stepHeader(st)
			out.Statements = []wire.Statement{}
			out.Error = engineError(fmt.Sprintf("the engine failed while running this step: %v", p))
			out.Checks = check(st, out)
			r.t.Stopped = &wire.Stop{Reason: "crash", Step: st.Index,
				Message: "stopped: the engine failed unexpectedly; run the scenario again, and report it if it happens again"}
		}
	}()
	return r.step(st)
}

// openAll opens every declared connection. A connection whose settings fail
// ends the run before any step: later steps would only mislead.
func (r *run) openAll() bool {
	// The parser refuses such a scenario; one built in Go must not make
	// the engine open thousands of SQLite instances either.
	if n := len(r.sc.Meta.Connections); n == 0 || n > scenario.MaxConnections {
		return r.setupFailed(fmt.Sprintf("a run needs 1 to %d connections (dbquirks connections limit), and this scenario has %d", scenario.MaxConnections, n))
	}
	for i, spec := range r.sc.Meta.Connections {
		c, err := r.bareConn()
		if err == nil {
			if i == 0 {
				// Before the scenario's settings: a limit it lowers must
				// not hide the version.
				if v, err := c.queryText("SELECT sqlite_version()"); err == nil {
					r.t.Engine.SQLite = v
				}
			}
			if err = r.configure(c, spec); err != nil {
				c.close()
			}
		}
		if err != nil {
			r.t.Connections[i].Error = err
			return r.setupFailed("connection " + spec.Name + " could not be set up: " + err.Message)
		}
		r.conns = append(r.conns, c)
		r.byName[c.name] = c
	}
	return true
}

// bareConn is the next of the spare's connections, or a new one.
func (r *run) bareConn() (*conn, *wire.Error) {
	if len(r.spare) > 0 {
		c := r.spare[0]
		r.spare = r.spare[1:]
		return c, nil
	}
	return openBare(r.db.dsn, r.opt)
}

// setupFailed stops the run before its first step, every step skipped,
// and returns false for openAll to return.
func (r *run) setupFailed(msg string) bool {
	r.t.Failures++
	r.t.Stopped = &wire.Stop{Reason: "setup", Message: msg}
	for _, st := range r.sc.Steps {
		r.t.Steps = append(r.t.Steps, skipped(st))
	}
	return false
}

// stopReason explains why the run ended before step i.
func (r *run) stopReason(i int) *wire.Stop {
	if r.parent.Err() != nil {
		return &wire.Stop{Reason: "cancelled", Message: "stopped: the run was cancelled", Step: i}
	}
	return &wire.Stop{Reason: "run-time", Step: i,
		Message: fmt.Sprintf("stopped: the whole run may take at most %s (dbquirks run-time limit)", r.opt.RunTimeout)}
}

// stepHeader is what a step's record says of the step itself.
func stepHeader(st scenario.Step) wire.Step {
	return wire.Step{Index: st.Index, Line: st.Line, Conn: st.Conn, Kind: string(st.Kind),
		Cursor: st.Cursor, Fetch: fetchAsked(st), SQL: st.SQL, Params: st.Params, Quirk: st.Quirk}
}

func skipped(st scenario.Step) wire.Step {
	out := stepHeader(st)
	out.Statements, out.Skipped = []wire.Statement{}, true
	return out
}

// close ends every cursor and connection and forgets the database, so that
// nothing of this run is left for the next one.
func (r *run) close() {
	for _, cur := range r.cursors {
		closeStmt(cur.stmt)
	}
	for _, c := range slices.Concat(r.conns, r.spare) {
		c.close()
	}
	r.spare = nil
	r.db.delete()
}

// step runs one step and records it with its checks and every
// connection's state afterwards.
func (r *run) step(st scenario.Step) wire.Step {
	start := time.Now()
	out := stepHeader(st)
	c := r.byName[st.Conn]
	switch st.Kind {
	case scenario.Exec:
		out.Statements = r.execAll(c, st.SQL, st.Params)
	case scenario.Open:
		out.Statements = []wire.Statement{r.openCursor(c, st)}
	case scenario.Fetch:
		out.Statements = []wire.Statement{r.fetchCursor(st)}
	case scenario.Close:
		out.Statements = []wire.Statement{r.closeCursor(st)}
	}
	out.Error = lastError(out.Statements)
	if out.Error != nil && out.Error.Limit == "cancelled" && r.t.Stopped == nil {
		r.t.Stopped = r.stopReason(st.Index)
	}
	for _, c := range r.conns {
		out.States = append(out.States, c.state(r.cursorNames(c)))
	}
	out.Checks = check(st, out)
	out.ElapsedMs = ms(time.Since(start))
	return out
}

func (r *run) cursorNames(c *conn) []string {
	var out []string
	for name, cur := range r.cursors {
		if cur.conn == c {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// lastError is the error of the statement that stopped a step, if any.
func lastError(stmts []wire.Statement) *wire.Error {
	if n := len(stmts); n > 0 {
		return stmts[n-1].Error
	}
	return nil
}

// queryText runs a one-value query for the engine's own use.
func (c *conn) queryText(sql string) (string, error) {
	stmt, _, err := c.db.Prepare(sql)
	if err != nil {
		return "", err
	}
	defer closeStmt(stmt)
	if !stmt.Step() {
		return "", errors.Join(stmt.Err(), errors.New("no row"))
	}
	return stmt.ColumnText(0), nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// fetchAsked is the rows a cursor step asks for, as the transcript records
// it: only open and fetch steps ask.
func fetchAsked(st scenario.Step) int {
	if st.Kind == scenario.Open || st.Kind == scenario.Fetch {
		return st.Fetch
	}
	return 0
}
