package play

import (
	"errors"
	"fmt"
	"sync"
)

// ErrUnknownRun is the error of a run that is not kept (any more): the page
// plays the source of the results it shows again, and asks with the new run.
var ErrUnknownRun = errors.New("those results are no longer in the engine")

// Recent keeps the last few outcomes by run number, so that the functions
// that work on a page's results (exports, CSV) take the results the engine
// already has rather than the page sending them back, and parse nothing
// again. A dedicated worker's page has one scenario; a shared worker serves
// every embed of a page, hence several.
type Recent struct {
	mu    sync.Mutex
	keep  int
	next  int
	order []int // run numbers, oldest first
	byRun map[int]*Outcome
}

// NewRecent keeps the last keep outcomes (at least one).
func NewRecent(keep int) *Recent {
	return &Recent{keep: max(1, keep), byRun: map[int]*Outcome{}}
}

// Add keeps o under a new run number, which it also writes into o.Run, and
// forgets the oldest outcome beyond the limit. Outcomes with mistakes are
// not kept: there is nothing to export.
func (r *Recent) Add(o *Outcome) {
	if o.Scenario == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	o.Run = r.next
	r.byRun[o.Run] = o
	r.order = append(r.order, o.Run)
	for len(r.order) > r.keep {
		delete(r.byRun, r.order[0])
		r.order = r.order[1:]
	}
}

// Get returns the outcome of a run, or an error wrapping ErrUnknownRun.
func (r *Recent) Get(run int) (*Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o, ok := r.byRun[run]; ok {
		return o, nil
	}
	return nil, fmt.Errorf("run %d: %w", run, ErrUnknownRun)
}
