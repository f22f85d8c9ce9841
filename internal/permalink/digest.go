package permalink

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// digestLen is the length of a digest in hex digits: 64 bits, plenty to
// notice that results changed, short enough for a link.
const digestLen = 16

// ResultDigest is a short hash of what a run produced: every value, error,
// lock and transaction state, but no timing, no engine or SQLite version
// (a link carries the engine version beside it) and nothing copied from the
// source. Two runs
// of the same scenario on the same engine give the same digest, so a page
// that gets a different one can say "results differ from when this was
// shared".
//
// Old links carry digests made by this function: changing what it hashes
// makes every one of them claim a difference. The golden test pins it.
func ResultDigest(t *wire.Transcript) string {
	if t == nil {
		return ""
	}
	d := digestRun{Stopped: t.Stopped, Failures: t.Failures, VirtualMs: t.VirtualMs}
	if d.Stopped != nil {
		d.Stopped = &wire.Stop{Reason: t.Stopped.Reason, Step: t.Stopped.Step}
	}
	for _, c := range t.Connections {
		d.Connections = append(d.Connections, digestError(c.Error))
	}
	for _, st := range t.Steps {
		ds := digestStep{Skipped: st.Skipped, Error: digestError(st.Error), States: st.States}
		for _, s := range st.Statements {
			ds.Statements = append(ds.Statements, digestStatement{
				Columns: s.Columns, Rows: s.Rows, RowCount: s.RowCount, Truncated: s.Truncated,
				Done: s.Done, Changes: s.Changes, LastInsertRowID: s.LastInsertRowID,
				Error: digestError(s.Error), Busy: s.Busy,
			})
		}
		for _, c := range st.Checks {
			ds.Checks = append(ds.Checks, digestCheck{Kind: c.Kind, Got: c.Got, OK: c.OK})
		}
		d.Steps = append(d.Steps, ds)
	}
	// Marshalling these fixed structs cannot fail, and encoding/json writes
	// struct fields in declaration order, so the bytes are canonical.
	b, _ := json.Marshal(d)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:digestLen]
}

// The digest's own view of a transcript: the fields that are results.
type (
	digestRun struct {
		Connections []*digestErr
		Steps       []digestStep
		Stopped     *wire.Stop
		Failures    int
		VirtualMs   int64
	}
	digestStep struct {
		Skipped    bool
		Statements []digestStatement
		Error      *digestErr
		States     []wire.ConnState
		Checks     []digestCheck
	}
	digestStatement struct {
		Columns         []wire.Column
		Rows            [][]wire.Value
		RowCount        int64
		Truncated       string
		Done            bool
		Changes         int64
		LastInsertRowID *int64
		Error           *digestErr
		Busy            *wire.Busy
	}
	digestCheck struct {
		Kind, Got string
		OK        bool
	}
	// digestErr leaves out Error.Note, an explanation whose wording may
	// improve without any result changing.
	digestErr struct {
		Code, Extended, Message, Limit string
	}
)

func digestError(e *wire.Error) *digestErr {
	if e == nil {
		return nil
	}
	return &digestErr{Code: e.Code, Extended: e.Extended, Message: e.Message, Limit: e.Limit}
}

// isDigest reports whether s has the form ResultDigest returns.
func isDigest(s string) bool {
	if len(s) != digestLen {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
