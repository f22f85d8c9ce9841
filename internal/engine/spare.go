package engine

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/dbquirks/dbquirks/internal/memvfs"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/ncruces/go-sqlite3/vfs/mvcc"
)

// Spare is a fresh database with connections to it, opened ahead of a run
// (the page opens the next Run's while the reader reads): opening a
// connection is an instance of SQLite to create and set up, a large part of
// a short run under WebAssembly. Each connection has what a run sets up
// before the scenario's own settings (openBare), and nothing has used the
// database, so a run that takes the spare plays as one that opens its own.
//
// A Spare is not safe for concurrent use: hand it to one run
// (RunWithSpare), which then owns it, or Close it.
type Spare struct {
	storage string
	opt     Options // with defaults, as the run's are compared
	db      database
	conns   []*conn
}

// database is a run's database: its name in its VFS and how connections
// open it.
type database struct {
	storage, name, dsn string
}

// vfsName maps a scenario's storage to the VFS that provides it: memdb's
// locking through dbquirks' copy that never waits in real time (see
// internal/memvfs), and go-sqlite3's mvcc as it is.
var vfsName = map[string]string{scenario.StorageMemdb: "dbquirks-memdb", scenario.StorageMVCC: "mvcc"}

// newDatabase names a new database of storage. The name is one no other
// run can guess: ATTACH is limited to :memory:, but the name is the only
// thing that ties connections to a shared database.
func newDatabase(storage string) database {
	name := fmt.Sprintf("dbquirks-%d-%s", runCounter.Add(1), rand.Text())
	return database{storage: storage, name: name, dsn: "file:/" + name + "?vfs=" + vfsName[storage]}
}

// delete forgets the database, so nothing of it is left for a later run.
func (d database) delete() {
	switch d.storage {
	case scenario.StorageMVCC:
		mvcc.Delete(d.name)
	default:
		memvfs.Delete(d.name)
	}
}

// OpenSpare opens a new database of storage (scenario.StorageMemdb or
// StorageMVCC) and n connections to it, for a run with the limits opt.
func OpenSpare(storage string, n int, opt Options) (*Spare, error) {
	if _, ok := vfsName[storage]; !ok {
		return nil, fmt.Errorf("no storage %q", storage)
	}
	if n < 1 || n > scenario.MaxConnections {
		return nil, fmt.Errorf("a spare has 1 to %d connections, not %d", scenario.MaxConnections, n)
	}
	s := &Spare{storage: storage, opt: opt.withDefaults(), db: newDatabase(storage)}
	for range n {
		c, err := openBare(s.db.dsn, s.opt)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("opening a spare connection: %s", err.Message)
		}
		s.conns = append(s.conns, c)
	}
	return s, nil
}

// Close closes the connections no run took and forgets the database. It
// may be called more than once, and on nil.
func (s *Spare) Close() {
	if s == nil || s.conns == nil {
		return
	}
	for _, c := range s.conns {
		c.close()
	}
	s.conns = nil
	s.db.delete()
}

// Open is how many connections the spare holds; 0 once closed or taken.
func (s *Spare) Open() int {
	if s == nil {
		return 0
	}
	return len(s.conns)
}

// RunWithSpare is Run, taking its database and first connections from
// spare when it fits the run (same storage and limits); a spare that does
// not fit is closed. The run owns spare either way: connections it does
// not use are closed with it.
func RunWithSpare(ctx context.Context, sc *scenario.Scenario, opt Options, spare *Spare) *wire.Transcript {
	opt = opt.withDefaults()
	if spare == nil || spare.conns == nil || spare.storage != sc.Meta.Storage || spare.opt != opt {
		spare.Close()
		return Run(ctx, sc, opt)
	}
	r := newRun(sc, opt, spare.db)
	r.spare, spare.conns = spare.conns, nil // the run's now, closed with it
	return r.play(ctx)
}
