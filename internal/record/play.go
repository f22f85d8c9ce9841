package record

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/dialect"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// maxRows is how many rows of one statement a recording keeps; the rest
// are counted. Arbitrary, as the engine's limit: a quirk shows in a few.
const maxRows = 500

// play runs a scenario on a server in a fresh database, one session per
// scenario connection, and returns what each step got. Recorded is left
// for the caller to stamp.
func play(ctx context.Context, srv server, sc *scenario.Scenario) (rec *wire.Recording, err error) {
	db := databaseName(sc.ID)
	_ = srv.dropDatabase(ctx, db) // left over by an interrupted run
	if err := srv.createDatabase(ctx, db); err != nil {
		return nil, err
	}
	defer func() {
		if dropErr := srv.dropDatabase(context.Background(), db); err == nil {
			err = dropErr
		}
	}()
	p := &player{lane: srv.lane(), sessions: map[string]session{}, cursors: map[string]*cursor{}}
	defer p.closeSessions()
	for _, c := range sc.Meta.Connections {
		s, err := srv.connect(ctx, db)
		if err != nil {
			return nil, fmt.Errorf("%s: connection %s: %w", sc.ID, c.Name, err)
		}
		p.sessions[c.Name] = s
		p.order = append(p.order, c.Name)
	}
	desc, err := srv.describe(ctx, p.sessions[scenario.DefaultConn])
	if err != nil {
		return nil, err
	}
	if p.states, err = p.readStates(ctx); err != nil {
		return nil, err
	}
	rec = &wire.Recording{Version: wire.RecordingVersion, Scenario: sc.ID, Lane: p.lane, Server: desc}
	digests := sc.LaneDigests(p.lane)
	for i, st := range sc.Steps {
		ls, err := p.step(ctx, st)
		ls.Source = digests[i]
		if err != nil {
			return nil, fmt.Errorf("%s step %d, %s: %w", sc.ID, st.Index, p.lane, err)
		}
		rec.Steps = append(rec.Steps, ls)
	}
	return rec, nil
}

// databaseName is the database a scenario is recorded in: a name of its
// own, so that two scenarios never share one, even after a crash.
func databaseName(id string) string {
	name := "dbquirks_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(id))
	return name[:min(len(name), 60)]
}

// player plays one scenario on one lane.
type player struct {
	lane     string
	sessions map[string]session
	order    []string           // connection names in declaration order
	states   []wire.ConnState   // after the last step
	cursors  map[string]*cursor // open cursors by name
}

// cursor is an open cursor. MariaDB's holds the rows mysqlclient read when
// the query ran; PostgreSQL's lives on the server.
type cursor struct {
	conn     string
	buffered [][]wire.Value
	columns  []wire.Column
}

func (p *player) closeSessions() {
	for _, s := range p.sessions {
		s.close()
	}
}

// step plays one step and records it. An error means a session failed.
func (p *player) step(ctx context.Context, st scenario.Step) (wire.LaneStep, error) {
	ls := wire.LaneStep{LaneStepHead: wire.LaneStepHead{Index: st.Index, Conn: st.Conn, Kind: string(st.Kind), Cursor: st.Cursor}}
	sql, from, why := p.sqlFor(st)
	if why != "" {
		ls.NotApplicable = why
		ls.States = p.states
		return ls, nil
	}
	ls.SQL, ls.SQLFrom = sql, from
	var err error
	switch st.Kind {
	case scenario.Exec:
		err = p.exec(ctx, &ls, st.Params, st.Lanes.Only != nil)
	case scenario.Open:
		err = p.open(ctx, &ls, st)
	case scenario.Fetch:
		err = p.fetch(ctx, &ls, st)
	case scenario.Close:
		err = p.closeCursor(ctx, &ls)
	}
	if err != nil {
		return ls, err
	}
	p.states, err = p.readStates(ctx)
	ls.States = p.states
	return ls, err
}

// sqlFor picks the SQL a step runs on this lane and where it came from, or
// says why the step does not run here.
func (p *player) sqlFor(st scenario.Step) (sql, from, notApplicable string) {
	return dialect.SQLFor(st, p.lane, func(name string) bool { return p.cursors[name] != nil })
}

// exec sends a step's statements in order; the first that fails or blocks
// ends the step, as on SQLite. A statement only SQLite understands is
// listed with why and not sent (unless the scenario forced the step onto
// this lane with lanes=): the step's other statements still run.
func (p *player) exec(ctx context.Context, ls *wire.LaneStep, params []wire.Param, forced bool) error {
	for i, stmt := range dialect.Statements(ls.SQL) {
		if why := dialect.SQLiteOnly(stmt); why != "" && !forced && ls.SQLFrom != "lane" {
			ls.Statements = append(ls.Statements, wire.Statement{SQL: stmt, Note: "not run here: " + why})
			continue
		}
		ws, r, err := p.send(ctx, ls.Conn, stmt, params)
		if err != nil {
			return err
		}
		ls.Statements = append(ls.Statements, ws)
		if p.stopped(ls, i+1, r) {
			return nil
		}
	}
	return nil
}

// stopped records a statement's failure or wait on its step and reports
// whether the step ends there.
func (p *player) stopped(ls *wire.LaneStep, n int, r result) bool {
	switch {
	case r.blocked:
		waits := p.holders(ls.Conn)
		ls.Blocked = &wire.Blocked{Statement: n, WaitsFor: waits, Message: blockedMessage(waits)}
		ls.Statements[n-1].Error = nil
		ls.Statements[n-1].Note = ls.Blocked.Message
		return true
	case r.err != nil:
		ls.Error = r.err
		return true
	}
	return false
}

// holders names the scenario's other connections that have a transaction
// open: the ones that can hold the lock a statement waits for.
func (p *player) holders(conn string) []string {
	var out []string
	for _, s := range p.states {
		if s.Name != conn && s.Txn != "none" {
			out = append(out, s.Name)
		}
	}
	return out
}

// blockedMessage says which connection a blocked statement waits for.
func blockedMessage(waitsFor []string) string {
	switch len(waitsFor) {
	case 0:
		return "blocked: waits for a lock"
	case 1:
		return "blocked: waits for " + waitsFor[0] + "'s lock"
	}
	return "blocked: waits for a lock held by " + strings.Join(waitsFor[:len(waitsFor)-1], ", ") + " or " + waitsFor[len(waitsFor)-1]
}

// send binds and runs one statement on a connection. On PostgreSQL a
// statement inside a transaction, while another connection has one open,
// runs under a savepoint: if it is blocked, rolling back to the savepoint
// leaves the transaction as it was before the statement (as if it were
// still waiting) instead of aborted by the recorder's lock timeout.
func (p *player) send(ctx context.Context, conn, stmt string, params []wire.Param) (wire.Statement, result, error) {
	ws := wire.Statement{SQL: stmt, Done: true}
	bound, bindErr := dialect.Bind(stmt, params, p.lane)
	if bindErr != nil {
		r := result{err: &wire.Error{Code: wire.EngineCode, Extended: wire.EngineCode, Message: bindErr.Error()}}
		ws.Error = r.err
		return ws, r, nil
	}
	s := p.sessions[conn]
	state, err := s.txn(ctx)
	if err != nil {
		return ws, result{}, err
	}
	guard := p.lane == scenario.LanePostgres && state == "active" && len(p.holders(conn)) > 0 && !dialect.IsTxnControl(stmt)
	if guard {
		if err := mustRun(ctx, s, "SAVEPOINT dbquirks_lock_wait"); err != nil {
			return ws, result{}, err
		}
	}
	r, err := s.run(ctx, bound)
	if err != nil {
		return ws, r, err
	}
	if guard && (r.blocked || r.err == nil) {
		if r.blocked {
			err = mustRun(ctx, s, "ROLLBACK TO SAVEPOINT dbquirks_lock_wait")
		}
		if err == nil {
			err = mustRun(ctx, s, "RELEASE SAVEPOINT dbquirks_lock_wait")
		}
		if err != nil {
			return ws, r, err
		}
	}
	fill(&ws, r, -1)
	return ws, r, nil
}

// fill copies a result into a statement record, keeping the first take
// rows (all when take < 0) and at most maxRows of them.
func fill(ws *wire.Statement, r result, take int) {
	ws.Columns, ws.Changes, ws.Error = r.columns, r.changes, r.err
	rows := r.rows
	if take >= 0 && take < len(rows) {
		rows = rows[:take]
	}
	ws.RowCount = int64(len(rows))
	if len(rows) > maxRows {
		ws.Truncated = "kept the first " + strconv.Itoa(maxRows) + " rows"
		rows = rows[:maxRows]
	}
	ws.Rows = rows
}

func mustRun(ctx context.Context, s session, sql string) error {
	r, err := s.run(ctx, sql)
	if err == nil && r.err != nil {
		err = fmt.Errorf("%s: %s", sql, r.err.Message)
	}
	return err
}

// readStates reads every connection's transaction state and open cursors.
func (p *player) readStates(ctx context.Context) ([]wire.ConnState, error) {
	var out []wire.ConnState
	for _, name := range p.order {
		txn, err := p.sessions[name].txn(ctx)
		if err != nil {
			return nil, err
		}
		cs := wire.ConnState{Name: name, Txn: txn, Autocommit: txn == "none"}
		for cname, c := range p.cursors {
			if c.conn == name {
				cs.Cursors = append(cs.Cursors, cname)
			}
		}
		slices.Sort(cs.Cursors)
		out = append(out, cs)
	}
	return out, nil
}
