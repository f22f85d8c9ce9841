package view

import (
	"hash/fnv"
	"io"
	"strconv"
)

// AreaHash names the markup of one result area (a step's result, the run's
// summary) by a hash of its bytes. The view writes it on each area as
// data-hash, and a play's answer carries it beside each area's markup
// (wire.StepHTML.Hash, wire.HTML.SummaryHash): the page leaves an area it
// has never replaced as it is when the answer's hash is the one the area
// was written with. So the first live Run of a page served with its
// results, which are the baked ones by construction, costs the browser no
// parsing, style, layout or paint of them (internal/bench/notes.md).
//
// FNV-1a is enough: the hash tells apart markup the view wrote for the
// same area, not adversaries' inputs, and a false match would only leave a
// result of an earlier run on screen, with odds of one in 2^64.
func AreaHash(markup string) string {
	h := fnv.New64a()
	_, _ = io.WriteString(h, markup) // a hash.Hash's Write never fails
	return strconv.FormatUint(h.Sum64(), 36)
}

// writeArea writes a result area: the element with its hash, holding
// markup.
func writeArea(w *writer, class, testid, markup string) {
	w.raw(`<div class="`, class, `" data-testid="`, testid, `" data-hash="`, AreaHash(markup), `">`, markup, "</div>")
}
