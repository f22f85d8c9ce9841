package engine

import (
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/vfs"
)

// missingObject are the starts of SQLite's messages for a schema object it
// cannot find.
var missingObject = []string{"no such table", "no such view", "no such index", "no such trigger"}

// explainSchemaLocked explains a "no such table" that a lock may have
// caused, and returns the note for the statement, or "". While another
// connection holds an exclusive lock (BEGIN EXCLUSIVE, or a COMMIT waiting
// for readers to finish), a connection that holds no lock cannot read the
// schema, and SQLite reports the tables it cannot see as missing, whether
// they exist or not, where one would expect "database is locked".
//
// It asks the VFS for the lock each connection holds, which changes
// nothing: running a statement to find out could start a transaction.
func (r *run) explainSchemaLocked(c *conn, e *wire.Error) string {
	if e == nil || e.Code != "SQLITE_ERROR" || !startsWithAny(e.Message, missingObject) || lockLevel(c) != vfs.LOCK_NONE {
		return ""
	}
	for _, o := range r.conns {
		if o != c && lockLevel(o) >= vfs.LOCK_PENDING {
			return "connection " + o.name + " holds an exclusive lock on the database, so this connection cannot read the schema now: " +
				"SQLite reports what it cannot see as missing (" + e.Message + "), whether it exists or not, " +
				"until that connection's transaction ends"
		}
	}
	return ""
}

// lockLevel is the lock c holds on its main database, as its VFS reports
// it; LOCK_NONE when the VFS does not say (mvcc, whose readers are never
// locked out).
func lockLevel(c *conn) vfs.LockLevel {
	v, err := c.db.FileControl("main", sqlite3.FCNTL_LOCKSTATE)
	if err != nil {
		return vfs.LOCK_NONE
	}
	l, _ := v.(vfs.LockLevel)
	return l
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
