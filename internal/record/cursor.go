package record

import (
	"context"
	"strconv"

	"github.com/dbquirks/dbquirks/internal/dialect"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Cursor steps are played the way Django's backends iterate a queryset
// (QuerySet.iterator()):
//
//   - PostgreSQL: a server-side cursor, as psycopg's named cursors do:
//     DECLARE "name" NO SCROLL CURSOR [WITH HOLD] FOR query (WITH HOLD in
//     autocommit, as Django asks), then FETCH FORWARD n for each fetch.
//   - MariaDB: mysqlclient reads the whole result when the query runs; the
//     fetches take rows from that client-side buffer and never ask the
//     server again.

// bufferedNote says where a MariaDB cursor's rows come from.
const bufferedNote = "mysqlclient read the whole result when the query ran; fetches take rows from that buffer without asking MariaDB again"

// open opens a cursor on the step's query and takes its first rows.
func (p *player) open(ctx context.Context, ls *wire.LaneStep, st scenario.Step) error {
	stmts := dialect.Statements(ls.SQL)
	if len(stmts) != 1 {
		ls.Error = &wire.Error{Code: wire.EngineCode, Extended: wire.EngineCode, Message: "a cursor opens on exactly one query, found " + strconv.Itoa(len(stmts)) + " statements"}
		return nil
	}
	if p.lane != scenario.LanePostgres {
		ws, r, err := p.send(ctx, ls.Conn, stmts[0], st.Params)
		if err != nil {
			return err
		}
		ls.Statements = append(ls.Statements, ws)
		if p.stopped(ls, 1, r) {
			return nil
		}
		take := len(r.rows)
		if st.Fetch != scenario.FetchAll {
			take = min(st.Fetch, take)
		}
		fill(&ls.Statements[0], r, take)
		ls.Statements[0].Done = take == len(r.rows)
		ls.Statements[0].Note = bufferedNote
		p.cursors[st.Cursor] = &cursor{conn: ls.Conn, columns: r.columns, buffered: r.rows[take:]}
		return nil
	}
	txn, err := p.sessions[ls.Conn].txn(ctx)
	if err != nil {
		return err
	}
	hold := " WITH HOLD"
	if txn != "none" {
		hold = ""
	}
	declare := "DECLARE " + quoteName(st.Cursor) + " NO SCROLL CURSOR" + hold + " FOR " + stmts[0]
	ws, r, err := p.send(ctx, ls.Conn, declare, st.Params)
	if err != nil {
		return err
	}
	ls.Statements = append(ls.Statements, ws)
	if p.stopped(ls, 1, r) {
		return nil
	}
	p.cursors[st.Cursor] = &cursor{conn: ls.Conn}
	if st.Fetch == 0 {
		return nil
	}
	return p.pgFetch(ctx, ls, st.Cursor, st.Fetch)
}

// fetch takes more rows from an open cursor.
func (p *player) fetch(ctx context.Context, ls *wire.LaneStep, st scenario.Step) error {
	if p.lane == scenario.LanePostgres {
		return p.pgFetch(ctx, ls, st.Cursor, st.Fetch)
	}
	c := p.cursors[st.Cursor]
	take := len(c.buffered)
	if st.Fetch != scenario.FetchAll {
		take = min(st.Fetch, take)
	}
	ws := wire.Statement{Columns: c.columns, Note: bufferedNote}
	fill(&ws, result{columns: c.columns, rows: c.buffered}, take)
	c.buffered = c.buffered[take:]
	ws.Done = len(c.buffered) == 0
	ls.Statements = append(ls.Statements, ws)
	return nil
}

// pgFetch sends FETCH for a PostgreSQL cursor.
func (p *player) pgFetch(ctx context.Context, ls *wire.LaneStep, name string, n int) error {
	sql := "FETCH FORWARD " + strconv.Itoa(n) + " FROM " + quoteName(name)
	if n == scenario.FetchAll {
		sql = "FETCH ALL FROM " + quoteName(name)
	}
	ws, r, err := p.send(ctx, ls.Conn, sql, nil)
	if err != nil {
		return err
	}
	ws.Done = n == scenario.FetchAll || len(r.rows) < n
	ls.Statements = append(ls.Statements, ws)
	p.stopped(ls, len(ls.Statements), r)
	return nil
}

// closeCursor closes a cursor: CLOSE on PostgreSQL, dropping the buffer on
// MariaDB.
func (p *player) closeCursor(ctx context.Context, ls *wire.LaneStep) error {
	delete(p.cursors, ls.Cursor)
	if p.lane != scenario.LanePostgres {
		return nil
	}
	ws, r, err := p.send(ctx, ls.Conn, "CLOSE "+quoteName(ls.Cursor), nil)
	if err != nil {
		return err
	}
	ls.Statements = append(ls.Statements, ws)
	p.stopped(ls, 1, r)
	return nil
}

// quoteName quotes a cursor name for PostgreSQL. The scenario parser has
// already checked that it is a plain identifier.
func quoteName(name string) string { return `"` + name + `"` }
