package play

import (
	"sync"
	"sync/atomic"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

// Standby keeps the next play's database and connections (engine.Spare)
// opened ahead of it. The page asks for one while the reader reads, after
// a Run's answer has left (Prepare); the next play that is given the
// Standby takes it (Options.Standby), and opens only what the spare lacks.
// A play is told nothing of it: its transcript is the one it would have
// without (the engine's tests hold that).
//
// A Standby is safe for concurrent use; its zero value is ready.
type Standby struct {
	mu    sync.Mutex
	spare *engine.Spare
	// like is the shape of the last play that took a spare, which the
	// next one most likely has: a Run again, or an edit of the same page.
	like struct {
		storage string
		conns   int
		opt     engine.Options
	}
}

// spares counts the plays that were handed a spare, for the tests that
// the page's Runs get one.
var spares atomic.Int64

// Spares is how many plays in this process were handed a spare.
func Spares() int64 { return spares.Load() }

// Prepare opens a spare like the last play's, unless one is ready or no
// play has been given the Standby yet.
func (s *Standby) Prepare() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spare.Open() > 0 || s.like.conns == 0 {
		return nil
	}
	spare, err := engine.OpenSpare(s.like.storage, s.like.conns, s.like.opt)
	if err != nil {
		return err
	}
	s.spare = spare
	return nil
}

// take hands over the spare, nil when none is ready, for a play of sc with
// the engine's limits opt, and notes that shape for the next Prepare.
func (s *Standby) take(sc *scenario.Scenario, opt engine.Options) *engine.Spare {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.like.storage, s.like.conns, s.like.opt = sc.Meta.Storage, len(sc.Meta.Connections), opt
	spare := s.spare
	s.spare = nil
	if spare.Open() > 0 {
		spares.Add(1)
	}
	return spare
}

// Close closes a spare nobody took.
func (s *Standby) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spare.Close()
	s.spare = nil
}
