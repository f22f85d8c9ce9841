// Package engine plays a parsed scenario on SQLite and records what happened
// as a transcript. Every run gets a fresh in-memory database shared by the
// scenario's connections, with real locking between them; busy timeouts run
// on a virtual clock, so runs are deterministic and never sleep.
//
// The engine knows nothing of browsers: the same code runs in tests, in the
// command line and, compiled to WebAssembly, in the page.
package engine

import (
	"context"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Version is the engine's version, recorded in every transcript. It changes
// when the engine's results for the same scenario could change.
const Version = "0.2.0"

// Options are the limits a run is held to. The zero value of a field means
// its default; the defaults are arbitrary but generous for a demonstration
// and small enough that a browser tab survives a hostile scenario.
type Options struct {
	StatementTimeout time.Duration // wall-clock limit of one statement; default 3s
	RunTimeout       time.Duration // wall-clock limit of the whole run; default 20s
	RowsPerStep      int           // rows kept per statement; default 500
	ResultBytes      int64         // bytes of values kept per run; default 4 MiB
	ValueBytes       int64         // SQLITE_LIMIT_LENGTH; default 1 MiB
	SQLBytes         int64         // SQLITE_LIMIT_SQL_LENGTH; default 256 KiB
	DatabaseBytes    int64         // largest database; default 64 MiB
	HeapBytes        int64         // SQLite heap per connection; default 128 MiB
}

func (o Options) withDefaults() Options {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = 3 * time.Second
	}
	if o.RunTimeout <= 0 {
		o.RunTimeout = 20 * time.Second
	}
	if o.RowsPerStep <= 0 {
		o.RowsPerStep = 500
	}
	def(&o.ResultBytes, 4<<20)
	def(&o.ValueBytes, 1<<20)
	def(&o.SQLBytes, 256<<10)
	def(&o.DatabaseBytes, 64<<20)
	def(&o.HeapBytes, 128<<20)
	return o
}

func (o Options) limits() wire.Limits {
	return wire.Limits{
		StatementMs:   o.StatementTimeout.Milliseconds(),
		RunMs:         o.RunTimeout.Milliseconds(),
		RowsPerStep:   o.RowsPerStep,
		ResultBytes:   o.ResultBytes,
		ValueBytes:    o.ValueBytes,
		SQLBytes:      o.SQLBytes,
		DatabaseBytes: o.DatabaseBytes,
		HeapBytes:     o.HeapBytes,
	}
}

// Run plays sc from an empty database and returns its transcript. Failing
// statements and unmet expectations are part of the transcript, not errors.
// Cancelling ctx interrupts the running statement and ends the run; the
// transcript then says so.
func Run(ctx context.Context, sc *scenario.Scenario, opt Options) *wire.Transcript {
	opt = opt.withDefaults()
	return newRun(sc, opt, newDatabase(sc.Meta.Storage)).play(ctx)
}
