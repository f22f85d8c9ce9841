package memvfs

import (
	"context"
	"errors"
	"testing"

	"github.com/ncruces/go-sqlite3"
)

// TestReaderBlocksCommitWithoutWaiting is the one behaviour that differs
// from memdb: the writer's commit meets a reader and is refused at once,
// calling the busy handler, and nothing is left behind after the last
// connection closes.
func TestReaderBlocksCommitWithoutWaiting(t *testing.T) {
	open := func() *sqlite3.Conn {
		c, err := sqlite3.Open("file:/t?vfs=dbquirks-memdb")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w, r := open(), open()
	called := 0
	w.BusyHandler(func(context.Context, int) bool { called++; return false })
	if err := w.Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	stmt, _, err := r.Prepare("SELECT x FROM t")
	if err != nil {
		t.Fatal(err)
	}
	if !stmt.Step() { // the reader now holds a shared lock
		t.Fatal(stmt.Err())
	}
	err = w.Exec("INSERT INTO t VALUES (2)")
	if !errors.Is(err, sqlite3.BUSY) || called == 0 {
		t.Errorf("commit under a reader: %v, busy handler called %d times; want SQLITE_BUSY after the handler", err, called)
	}
	stmt.Close()
	if err := w.Exec("INSERT INTO t VALUES (2)"); err != nil {
		t.Errorf("commit after the reader finished: %v", err)
	}
	r.Close()
	w.Close()
	memoryMtx.Lock()
	defer memoryMtx.Unlock()
	if len(memoryDBs) != 0 {
		t.Errorf("%d databases left after every connection closed", len(memoryDBs))
	}
}
