// Package export turns a scenario and its results into text people paste
// elsewhere: a Markdown report for a forum post or a ticket, a Django test
// that reproduces the quirk with connection.cursor(), and CSV of one
// statement's rows.
//
// Everything here is pure Go on the scenario and transcript types, so the
// page (through wasm/) exports the very bytes the tests here check natively.
// Exports take what the caller already parsed; nothing here parses again.
package export

import (
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// stepResults indexes a transcript's steps by their 1-based index; t may be
// nil (a scenario shown without a run).
func stepResults(t *wire.Transcript) map[int]*wire.Step {
	out := map[int]*wire.Step{}
	if t == nil {
		return out
	}
	for i := range t.Steps {
		out[t.Steps[i].Index] = &t.Steps[i]
	}
	return out
}

// storageNote says what a storage name means for someone reproducing the
// scenario outside dbquirks.
func storageNote(storage string) string {
	switch storage {
	case "mvcc":
		return "in-memory, multi-version (snapshot reads, one writer): behaves like WAL mode"
	case "memdb", "":
		return "in-memory, rollback journal (readers block a writer's commit), like a default Django SQLite setup"
	}
	return storage
}

// connSettings describes a connection's configuration in one line.
func connSettings(c wire.Connection) string {
	parts := append([]string{"busy timeout " + strconv.FormatInt(c.BusyTimeoutMs, 10) + " ms"}, report.Settings(c)...)
	return strings.Join(parts, ", ")
}

// connections returns the run's connections, or the declared ones when
// there is no run.
func connections(doc *wire.Document, t *wire.Transcript) []wire.Connection {
	if t != nil && len(t.Connections) > 0 {
		return t.Connections
	}
	if doc != nil {
		return doc.Meta.Connections
	}
	return nil
}
