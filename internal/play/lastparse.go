package play

import (
	"bytes"
	"sync"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// LastParse keeps the last scenario parsed through it, by file name and
// source: the page sends the whole source with every Run, and Run again
// sends the same one. Parsing is a function of the name and the source
// alone, and nothing changes a parsed Scenario afterwards (a flip is a
// copy, scenario.Flipped), so the kept one is what parsing again would
// give. It keeps the scenario's document too (scenario.Document renders
// every explanation's Markdown, about 1 ms of a Run under WebAssembly), which
// nothing changes either. Sources with mistakes are parsed every time
// (nothing runs then).
//
// A LastParse is safe for concurrent use; its zero value is ready.
type LastParse struct {
	mu     sync.Mutex
	file   string
	source []byte // the cache's own copy, which sc keeps slices of
	sc     *scenario.Scenario
	doc    *wire.Document
}

// parse is scenario.Parse and the scenario's Document through the cache;
// a nil cache parses.
func (c *LastParse) parse(file string, source []byte) (*scenario.Scenario, *wire.Document, error) {
	if c == nil {
		parses.Add(1)
		sc, err := scenario.Parse(file, source)
		if err != nil {
			return nil, nil, err
		}
		return sc, document(sc), nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sc != nil && c.file == file && bytes.Equal(c.source, source) {
		return c.sc, c.doc, nil
	}
	// The parser keeps slices of the bytes it is given: parse a copy the
	// cache owns, not the caller's buffer.
	own := bytes.Clone(source)
	parses.Add(1)
	sc, err := scenario.Parse(file, own)
	if err != nil {
		return nil, nil, err
	}
	c.file, c.source, c.sc, c.doc = file, own, sc, document(sc)
	return sc, c.doc, nil
}

// document is sc's document, for the outcomes that share it: nothing
// writes to an outcome's Document.
func document(sc *scenario.Scenario) *wire.Document {
	doc := sc.Document()
	return &doc
}
