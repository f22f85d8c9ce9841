package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// laneDigestVersion starts every chain, so that a change of what goes into
// a digest changes every digest instead of silently matching old ones.
const laneDigestVersion = "dbquirks lane step digest 1"

// LaneDigests fingerprints, step by step, what the scenario asks a
// recorded lane to do: entry i is a short hash of the connections the lane
// opens, of step i+1 as that lane runs it (connection, kind, cursor,
// fetch size, SQL or the lane's own SQL block, parameters, whether lanes=
// lets it run there) and of entry i-1. The chain is why an edit to one
// step changes its digest and every later one: a recorded answer depends
// on everything that ran before it.
//
// `dbquirks record` stores each step's digest in the recording
// ([wire.LaneStepHead.Source]); a play compares them with the digests of the
// scenario as it is now, and a recorded answer whose digest differs was
// recorded for a step that has been edited since. Prose, expectations and
// SQLite-only settings (pragmas, busy timeouts, storage) do not reach a
// server lane and are left out: editing them keeps the recordings.
func (s *Scenario) LaneDigests(lane string) []string {
	h := newChain()
	h.field(laneDigestVersion)
	for _, c := range s.Meta.Connections {
		h.field("connection", c.Name)
	}
	prev := h.sum()
	out := make([]string, len(s.Steps))
	for i, st := range s.Steps {
		h = newChain()
		h.field(prev, st.Conn, string(st.Kind), st.Cursor, strconv.Itoa(st.Fetch), st.SQL)
		h.field(strconv.FormatBool(st.Lanes.Runs(lane)))
		if sql, ok := st.Lanes.SQL[lane]; ok {
			h.field("lane sql", sql)
		}
		for _, p := range st.Params {
			h.field("param", p.Name, p.Value.Type, p.Value.Text)
		}
		prev = h.sum()
		out[i] = prev
	}
	return out
}

// digestLength is how many hex digits of SHA-256 a step digest keeps:
// 64 bits tell an edit from the recorded step, which is all they are for.
const digestLength = 16

// chain hashes fields, each prefixed by its length so that no two lists
// of fields give the same bytes.
type chain struct{ buf []byte }

func newChain() *chain { return &chain{} }

func (c *chain) field(parts ...string) {
	for _, p := range parts {
		c.buf = strconv.AppendInt(c.buf, int64(len(p)), 10)
		c.buf = append(c.buf, ':')
		c.buf = append(c.buf, p...)
	}
}

func (c *chain) sum() string {
	sum := sha256.Sum256(c.buf)
	return hex.EncodeToString(sum[:])[:digestLength]
}
