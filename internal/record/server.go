package record

import (
	"context"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// server is the real database server of one recorded lane: it makes a fresh
// database for each scenario and opens sessions on it, set up the way
// Django's backend sets up its connections.
type server interface {
	// lane is the lane the server records: "postgres" or "mariadb".
	lane() string
	// createDatabase makes an empty database with the lane's explicit
	// encoding and collation.
	createDatabase(ctx context.Context, name string) error
	// dropDatabase removes it, even while sessions are left on it.
	dropDatabase(ctx context.Context, name string) error
	// connect opens one session on a database.
	connect(ctx context.Context, database string) (session, error)
	// describe reads the server's version and the settings that change
	// results, as a session on a scenario's database sees them.
	describe(ctx context.Context, s session) (wire.Server, error)
	// close ends the server's administrative session.
	close()
}

// session is one real connection to a server: one scenario connection.
type session interface {
	// run sends one statement, its parameters already in it, and returns
	// what the server answered. A server error is part of the result; an
	// error means the session itself failed and the recording cannot go on.
	run(ctx context.Context, sql string) (result, error)
	// txn is the session's transaction state: "none", "active" or
	// "failed".
	txn(ctx context.Context) (string, error)
	close()
}

// result is the server's answer to one statement.
type result struct {
	columns []wire.Column
	rows    [][]wire.Value
	changes int64
	err     *wire.Error
	// blocked is set when the statement gave up waiting for a lock: the
	// recorder's short lock timeout, not an error of the scenario.
	blocked bool
}
