package play

import (
	"bytes"
	"sync"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// LastParse keeps the last scenario parsed through it, by file name and
// source: the page sends the whole source with every Run, and Run again
// sends the same one. Parsing is a function of the name and the source
// alone, and nothing changes a parsed Scenario afterwards (a flip is a
// copy, scenario.Flipped), so the kept one is what parsing again would
// give. Sources with mistakes are parsed every time (nothing runs then).
//
// A LastParse is safe for concurrent use; its zero value is ready.
type LastParse struct {
	mu     sync.Mutex
	file   string
	source []byte // the cache's own copy, which sc keeps slices of
	sc     *scenario.Scenario
}

// parse is scenario.Parse through the cache; a nil cache parses.
func (c *LastParse) parse(file string, source []byte) (*scenario.Scenario, error) {
	if c == nil {
		parses.Add(1)
		return scenario.Parse(file, source)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sc != nil && c.file == file && bytes.Equal(c.source, source) {
		return c.sc, nil
	}
	// The parser keeps slices of the bytes it is given: parse a copy the
	// cache owns, not the caller's buffer.
	own := bytes.Clone(source)
	parses.Add(1)
	sc, err := scenario.Parse(file, own)
	if err != nil {
		return nil, err
	}
	c.file, c.source, c.sc = file, own, sc
	return sc, nil
}
