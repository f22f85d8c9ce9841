// Package record plays the catalogue's scenarios against real servers,
// PostgreSQL and MariaDB, and keeps what each step got as the recorded
// lanes beside SQLite's live one: scenarios/recorded/<id>.<lane>.json
// ([wire.Recording]). `dbquirks record` writes them; `dbquirks record
// --check` plays everything again and fails on any difference, naming the
// scenario, the step and the lane, and on any claim a scenario makes about
// a lane (expect.postgres=, rows.mariadb=, ```rows postgres) that does not
// hold.
//
// Each scenario gets a fresh database and one real session per scenario
// connection, set up as Django's backend sets up its connections. Steps
// that only SQLite understands are recorded as not applicable; a statement
// that waits for another session's lock is recorded as blocked after a
// short lock timeout. The scenario format's lane parts are in
// scenarios/README.md.
package record

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Options say which servers to record and what to do with the results.
type Options struct {
	// Dir is the scenarios folder; recordings live in Dir/recorded.
	Dir string
	// Postgres is a PostgreSQL connection URL; "" leaves the lane out.
	Postgres string
	// MariaDB is a go-sql-driver DSN; "" leaves the lane out.
	MariaDB string
	// Check compares with the stored recordings instead of writing them,
	// and needs both servers.
	Check bool
	// IDs limits the run to these scenarios; nil means all of Dir.
	IDs []string
	// Today stamps new recordings, YYYY-MM-DD.
	Today string
	// Log receives one line per scenario and lane.
	Log io.Writer
}

// Summary is what a run found.
type Summary struct {
	// Problems are the differences, unmet lane claims, missing and orphan
	// recordings, one line each; a run with problems fails.
	Problems []string
	// Both counts the scenarios that have both lanes recorded.
	Both int
}

// Run records, or checks, every scenario on every configured lane.
func Run(ctx context.Context, opt Options) (Summary, error) {
	var sum Summary
	scenarios, err := loadScenarios(opt)
	if err != nil {
		return sum, err
	}
	if opt.Check && (opt.Postgres == "" || opt.MariaDB == "") {
		return sum, errors.New("--check needs both servers: set DBQUIRKS_POSTGRES and DBQUIRKS_MARIADB (make test-servers does)")
	}
	servers, err := connect(ctx, opt)
	if err != nil {
		return sum, err
	}
	defer func() {
		for _, s := range servers {
			s.close()
		}
	}()
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs = make([]error, len(servers))
	)
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(opt.Log, format+"\n", args...)
	}
	for i, srv := range servers {
		wg.Go(func() {
			for _, sc := range scenarios {
				problems, err := one(ctx, srv, sc, opt, logf)
				if err != nil {
					errs[i] = err
					return
				}
				mu.Lock()
				sum.Problems = append(sum.Problems, problems...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return sum, err
	}
	orphans, err := orphans(opt.Dir, scenarios, opt.IDs == nil)
	if err != nil {
		return sum, err
	}
	sum.Problems = append(sum.Problems, orphans...)
	sort.Strings(sum.Problems)
	for _, sc := range scenarios {
		if exists(Path(opt.Dir, sc.ID, scenario.LanePostgres)) && exists(Path(opt.Dir, sc.ID, scenario.LaneMariaDB)) {
			sum.Both++
		}
	}
	return sum, nil
}

// loadScenarios parses the scenarios to play: all of the folder, or those named.
func loadScenarios(opt Options) ([]*scenario.Scenario, error) {
	all, err := catalog.Load(opt.Dir)
	if err != nil {
		return nil, err
	}
	if opt.IDs == nil {
		return all, nil
	}
	var out []*scenario.Scenario
	for _, id := range opt.IDs {
		i := slices.IndexFunc(all, func(sc *scenario.Scenario) bool { return sc.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("no scenario %q in %s", id, opt.Dir)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// connect opens the configured servers' administrative sessions.
func connect(ctx context.Context, opt Options) ([]server, error) {
	var out []server
	if opt.Postgres != "" {
		pg, err := newPostgres(ctx, opt.Postgres)
		if err != nil {
			return nil, err
		}
		out = append(out, pg)
	}
	if opt.MariaDB != "" {
		m, err := newMariaDB(ctx, opt.MariaDB)
		if err != nil {
			for _, s := range out {
				s.close()
			}
			return nil, err
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, errors.New("no server to record: set DBQUIRKS_POSTGRES and/or DBQUIRKS_MARIADB (make test-servers starts both)")
	}
	return out, nil
}

// one plays a scenario on one lane, then writes the recording or compares
// it with the stored one, and checks the scenario's claims about the lane.
func one(ctx context.Context, srv server, sc *scenario.Scenario, opt Options, logf func(string, ...any)) ([]string, error) {
	live, err := play(ctx, srv, sc)
	if err != nil {
		return nil, err
	}
	path := Path(opt.Dir, sc.ID, live.Lane)
	old, err := load(path)
	if err != nil {
		return nil, err
	}
	problems := unmet(sc, live)
	if opt.Check {
		if old == nil {
			problems = append(problems, fmt.Sprintf("%s, %s: no recording in %s: run dbquirks record", sc.ID, live.Lane, path))
		} else {
			problems = append(problems, diff(old, live)...)
		}
	} else if err := write(path, live, old, opt.Today); err != nil {
		return nil, err
	}
	verdict := "ok  "
	if len(problems) > 0 {
		verdict = "FAIL"
	}
	logf("%s %-8s %s (%s)", verdict, live.Lane, sc.ID, stepSummary(live))
	return problems, nil
}

// write stores a recording. When only the day would change, the file is
// left as it is, so recording unchanged results changes no byte.
func write(path string, rec, old *wire.Recording, today string) error {
	rec.Recorded = today
	if old != nil {
		rec.Recorded = old.Recorded
		if !bytes.Equal(Encode(rec), Encode(old)) {
			rec.Recorded = today
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, Encode(rec), 0o644)
}

// stepSummary says in a few words what a recording holds.
func stepSummary(rec *wire.Recording) string {
	var na, failed, blocked int
	for _, s := range rec.Steps {
		switch {
		case s.NotApplicable != "":
			na++
		case s.Blocked != nil:
			blocked++
		case s.Error != nil:
			failed++
		}
	}
	return fmt.Sprintf("%d steps: %d not applicable, %d errors, %d blocked", len(rec.Steps), na, failed, blocked)
}

// orphans lists stored recordings that no scenario or lane explains.
func orphans(dir string, scenarios []*scenario.Scenario, all bool) ([]string, error) {
	if !all {
		return nil, nil
	}
	files, err := stored(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		known := slices.ContainsFunc(scenarios, func(sc *scenario.Scenario) bool { return sc.ID == f[0] })
		if !known || !slices.Contains(scenario.ServerLanes, f[1]) {
			out = append(out, fmt.Sprintf("%s: no scenario %s.md or lane %q explains this recording: delete it",
				filepath.Join(dir, Folder, strings.Join(f[:], ".")+".json"), f[0], f[1]))
		}
	}
	return out, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
