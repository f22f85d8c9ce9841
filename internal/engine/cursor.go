package engine

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/ncruces/go-sqlite3"
)

// cursor is a statement kept open across steps, the way an ORM iterator
// keeps a database cursor open while the loop body runs other queries.
type cursor struct {
	name string
	conn *conn
	stmt *sqlite3.Stmt
	sql  string
	cols []wire.Column
	// done is set once the statement has returned its last row. Stepping it
	// again would make SQLite reset it and run it from the start (rows a
	// second time, an INSERT twice); a driver's cursor stays exhausted.
	done bool
}

// openCursor prepares the step's query as a named cursor and takes its
// first rows.
func (r *run) openCursor(c *conn, st scenario.Step) wire.Statement {
	stmt, tail, res := r.prepare(c, st.SQL)
	switch {
	case res.Error != nil:
		return res
	case stmt == nil:
		res.Error = engineError("a cursor needs a query, and this step holds only comments")
		return res
	case strings.TrimSpace(tail) != "":
		closeStmt(stmt)
		res.Error = engineError("a cursor runs exactly one statement; move the rest to a step of its own")
		return res
	}
	if msg := bind(stmt, st.Params); msg != "" {
		closeStmt(stmt)
		res.Error = engineError(msg)
		return res
	}
	cur := &cursor{name: st.Cursor, conn: c, stmt: stmt, sql: res.SQL}
	r.cursors[st.Cursor] = cur
	r.take(cur, st, &res)
	cur.cols = res.Columns
	if stmt.ColumnCount() == 0 && res.Error == nil {
		res.Note = noRowsNote(cur)
	}
	return res
}

// noRowsNote explains a cursor opened on a statement without result
// columns (an INSERT, a CREATE TABLE): it does its work at its first step
// and has nothing to fetch, so it is exhausted from then on.
func noRowsNote(cur *cursor) string {
	when := "it runs at the first fetch, and fetches after that return nothing"
	if cur.done {
		when = "it ran when the cursor opened, and fetching from it returns nothing"
	}
	return "cursor " + cur.name + "'s statement returns no rows (it has no result columns): " + when
}

// fetchCursor takes more rows from an open cursor.
func (r *run) fetchCursor(st scenario.Step) wire.Statement {
	cur, res, ok := r.cursorFor(st)
	if ok {
		res.Columns = cur.cols
		r.take(cur, st, &res)
	}
	return res
}

// take fetches a cursor step's rows, closing the cursor when it fails so
// that a broken statement does not keep holding a lock. An exhausted cursor
// is not stepped again: it returns no rows and says why.
func (r *run) take(cur *cursor, st scenario.Step, res *wire.Statement) {
	if cur.done {
		res.Done = true
		res.Note = "cursor " + cur.name + " is exhausted: no more rows (its statement returned its last row before this step)"
		return
	}
	start := time.Now()
	changes := cur.conn.db.TotalChanges()
	r.fetch(cur.conn, cur.stmt, res, st.Fetch)
	res.Changes = cur.conn.db.TotalChanges() - changes
	res.ElapsedMs = ms(time.Since(start))
	cur.done = res.Done
	if res.Error != nil {
		closeStmt(cur.stmt)
		delete(r.cursors, st.Cursor)
		r.failedCursors[st.Cursor] = true
		res.Note = "the cursor was closed because its statement failed"
	}
}

// closeCursor finalizes a cursor, ending the read it may hold.
func (r *run) closeCursor(st scenario.Step) wire.Statement {
	if r.failedCursors[st.Cursor] {
		// Closing what a failure already closed is what a script would do
		// anyway (a finally block); it is not a second failure.
		delete(r.failedCursors, st.Cursor)
		return wire.Statement{Done: true, Note: "cursor " + st.Cursor + " was already closed when its statement failed"}
	}
	cur, res, ok := r.cursorFor(st)
	if ok {
		if err := closeStmt(cur.stmt); err != nil {
			res.Error = sqliteError(err)
		}
		delete(r.cursors, st.Cursor)
		res.Done = true
	}
	return res
}

// cursorFor finds the cursor a fetch or close step names. The parser has
// checked that it was opened, but opening can fail at run time.
func (r *run) cursorFor(st scenario.Step) (*cursor, wire.Statement, bool) {
	cur, ok := r.cursors[st.Cursor]
	if !ok {
		return nil, wire.Statement{Error: engineError(fmt.Sprintf("cursor %s is not open: the step that opened it failed", st.Cursor))}, false
	}
	return cur, wire.Statement{SQL: cur.sql}, true
}

// bind binds params to the statement's parameters: named values by name,
// positional values in order to the parameters without a name (? and ?NNN).
// A statement without parameters ignores the list, so one list can serve a
// step of several statements. It returns a message for a mismatch.
func bind(stmt *sqlite3.Stmt, params []wire.Param) string {
	n := stmt.BindCount()
	if n == 0 {
		return ""
	}
	var positional []wire.Value
	named := map[string]wire.Value{}
	for _, p := range params {
		if p.Name == "" {
			positional = append(positional, p.Value)
		} else {
			named[p.Name] = p.Value
		}
	}
	next := 0
	for i := 1; i <= n; i++ {
		name := stmt.BindName(i)
		var v wire.Value
		if name == "" || name[0] == '?' {
			if next == len(positional) {
				return fmt.Sprintf("parameter %d has no value: params gives %d positional value(s)", i, len(positional))
			}
			v, next = positional[next], next+1
		} else {
			var ok bool
			if v, ok = named[name]; !ok {
				return fmt.Sprintf("parameter %s has no value: add %s=... to params", name, name)
			}
		}
		if err := bindValue(stmt, i, v); err != nil {
			return fmt.Sprintf("parameter %d: %v", i, err)
		}
	}
	if next < len(positional) {
		return fmt.Sprintf("params gives %d positional values but the statement takes %d", len(positional), next)
	}
	return ""
}

func bindValue(stmt *sqlite3.Stmt, i int, v wire.Value) error {
	switch v.Type {
	case wire.Integer:
		n, err := strconv.ParseInt(v.Text, 10, 64)
		if err != nil {
			return err
		}
		return stmt.BindInt64(i, n)
	case wire.Real:
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			return err
		}
		return stmt.BindFloat(i, f)
	case wire.Text:
		return stmt.BindText(i, v.Text)
	case wire.Blob:
		b, err := hex.DecodeString(v.Text)
		if err != nil {
			return err
		}
		return stmt.BindBlob(i, b)
	}
	return stmt.BindNull(i)
}
