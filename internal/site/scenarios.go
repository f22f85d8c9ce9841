package site

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/play"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/view"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// scenarioPage is one scenario as its page needs it: the outcome of a
// native play (document, transcript, digest, the article's markup), which
// the page shows until the engine in the browser has produced its own.
type scenarioPage struct {
	ID string
	*play.Outcome
	// Recordings are its recorded lanes, shown in its steps.
	Recordings []*wire.Recording
}

type scenarioResult struct {
	pages []scenarioPage
	err   error
}

// runScenarios parses and plays every scenario of dir, several at a time.
// It fails, naming every problem of every scenario, when one does not parse
// or its run does not hold all its expectations.
func runScenarios(dir, base string) scenarioResult {
	ids, err := catalog.IDs(dir)
	if err != nil {
		return scenarioResult{err: fmt.Errorf("scenarios: %w", err)}
	}
	if len(ids) == 0 {
		return scenarioResult{err: fmt.Errorf("no scenarios in %s", dir)}
	}
	pages := make([]scenarioPage, len(ids))
	errs := make([]error, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ids)) {
		wg.Go(func() {
			for i := range next {
				pages[i], errs[i] = playOne(dir, ids[i], base)
			}
		})
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return scenarioResult{err: fmt.Errorf("the site shows only scenarios that hold:\n%w", err)}
	}
	return scenarioResult{pages: pages}
}

// playOne plays scenario id of dir as the page's engine would, with the
// markup of a pre-rendered page under base and its recorded lanes.
func playOne(dir, id, base string) (scenarioPage, error) {
	file := filepath.Join(dir, id+".md")
	recs, err := lane.Load(dir, id)
	if err != nil {
		return scenarioPage{}, err
	}
	o, err := play.File(context.Background(), file, play.Options{HTML: true, Base: base, From: view.Prerendered, Recordings: recs})
	if err != nil {
		return scenarioPage{}, err
	}
	if problems := report.Unmet(filepath.ToSlash(file), o.Transcript); len(problems) > 0 {
		return scenarioPage{}, errors.New(strings.Join(problems, "\n"))
	}
	return scenarioPage{ID: o.Scenario.ID, Outcome: o, Recordings: recs}, nil
}
