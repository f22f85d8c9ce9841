// Package lane owns the lanes beside SQLite's: a lane is one engine with
// its settings answering a scenario's steps. The recorded lanes are real
// PostgreSQL and MariaDB servers whose answers `dbquirks record` keeps in
// scenarios/recorded (internal/record); a live lane (PGlite, in the page)
// answers the reader's own edits.
//
// This package says which recorded answers still apply to the scenario a
// reader is looking at (Recorded, through scenario.LaneDigests) and how an
// answer compares with SQLite's (Compare, compare.go). internal/view shows
// the result; nothing here writes markup.
package lane

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Desc describes a lane to a reader.
type Desc struct {
	// Name is the lane's key: "postgres", "mariadb", or a live lane's own.
	// The markup carries it in data-lane.
	Name string
	// Label names the engine, its version and the settings that matter
	// ([wire.Server.Label] for a recorded lane).
	Label string
	// Provenance says where the answers come from: "recorded 2026-12-06"
	// ([RecordedOn]) or [Live].
	Provenance string
}

// Live is the provenance of a lane that answered in the reader's browser.
const Live = "live"

// RecordedOn is the provenance of answers recorded on day (YYYY-MM-DD).
func RecordedOn(day string) string {
	return "recorded " + day
}

// Lane is a lane and its answers to a scenario's steps.
type Lane struct {
	Desc
	// Steps are the lane's answers in step order. A step the lane has no
	// answer for (one added after the recording) has none here.
	Steps []Step
}

// Step is a lane's answer to one step.
type Step struct {
	wire.LaneStep
	// Edited is set when the answer was recorded for a step that has been
	// edited since, or after an edit of a step before it: the state it ran
	// on is not the one the scenario now builds, so it no longer applies.
	Edited bool
}

// Step returns the lane's answer to the step of that 1-based index, or nil.
func (l *Lane) Step(index int) *Step {
	for i := range l.Steps {
		if l.Steps[i].Index == index {
			return &l.Steps[i]
		}
	}
	return nil
}

// Recorded is a recording as a lane of sc, the scenario as it is now (as
// written, or as a reader edited it): each recorded step whose digest is
// not the one sc.LaneDigests gives for that step is marked Edited, and
// recorded steps beyond sc's last are dropped.
func Recorded(rec *wire.Recording, sc *scenario.Scenario) Lane {
	l := Lane{Desc: Desc{Name: rec.Lane, Label: rec.Server.Label, Provenance: RecordedOn(rec.Recorded)}}
	digests := sc.LaneDigests(rec.Lane)
	for i, ls := range rec.Steps {
		if i >= len(digests) {
			break
		}
		edited := ls.Source == "" || ls.Source != digests[i] || ls.Index != sc.Steps[i].Index
		l.Steps = append(l.Steps, Step{LaneStep: ls, Edited: edited})
	}
	return l
}

// Lanes are the recordings of sc's scenario as lanes of sc, in the order
// given; recordings of another scenario are left out.
func Lanes(recs []*wire.Recording, sc *scenario.Scenario) []Lane {
	var out []Lane
	for _, rec := range recs {
		if rec.Scenario == sc.ID {
			out = append(out, Recorded(rec, sc))
		}
	}
	return out
}

// folder is where recordings live inside the scenarios folder; the
// recorder writes them there (internal/record.Path).
const folder = "recorded"

// Load reads a scenario's recordings from the scenarios folder dir, in
// the order of scenario.ServerLanes; a lane without a recording is left
// out.
func Load(dir, id string) ([]*wire.Recording, error) {
	var out []*wire.Recording
	for _, name := range scenario.ServerLanes {
		path := filepath.Join(dir, folder, id+"."+name+".json")
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var rec wire.Recording
		if err := json.Unmarshal(data, &rec); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if err := checkRecording(&rec, id, name); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, &rec)
	}
	return out, nil
}

// Decode reads the recordings a page sends with a play (a JSON array of
// wire.Recording, "" for none), leaving out any of another version.
func Decode(data string) ([]*wire.Recording, error) {
	if data == "" {
		return nil, nil
	}
	var recs []*wire.Recording
	if err := json.Unmarshal([]byte(data), &recs); err != nil {
		return nil, fmt.Errorf("the recorded lanes cannot be read: %w", err)
	}
	var out []*wire.Recording
	for _, rec := range recs {
		if rec != nil && checkRecording(rec, rec.Scenario, rec.Lane) == nil {
			out = append(out, rec)
		}
	}
	return out, nil
}

// checkRecording refuses a recording of another version, scenario or lane.
func checkRecording(rec *wire.Recording, id, name string) error {
	switch {
	case rec.Version != wire.RecordingVersion:
		return fmt.Errorf("recording version %d, this dbquirks reads version %d", rec.Version, wire.RecordingVersion)
	case rec.Scenario != id:
		return fmt.Errorf("a recording of %q, not %q", rec.Scenario, id)
	case rec.Lane != name || name == "":
		return fmt.Errorf("a recording of lane %q, not %q", rec.Lane, name)
	}
	return nil
}
