package view

import (
	"strconv"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Values longer than longValue characters are shown cut to headLength, with
// a <details> to see all of it (no script needed). Arbitrary, chosen so a
// typical table stays readable at 360 px.
const (
	longValue  = 120
	headLength = 60
)

// cellView is one value of a result table.
type cellView struct {
	Type  string // storage class: integer, real, text, blob, null
	Badge string // the class, short: int, real, text, blob
	Text  string // the value as shown
	Head  string // the start of a long value, or ""
	Size  string // "1234 characters" for long values
	Empty bool   // the empty string, shown as ''
	// Differs marks a value of another lane that is not SQLite's at the
	// same place (lane.Same).
	Differs bool
}

var badges = map[string]string{
	wire.Integer: "int", wire.Real: "real", wire.Text: "text", wire.Blob: "blob",
	wire.Numeric: "num", wire.Boolean: "bool",
}

func newCell(v wire.Value) cellView {
	c := cellView{Type: v.Type, Badge: badges[v.Type], Text: v.Text}
	switch v.Type {
	case wire.Null:
		c.Text = "NULL"
		return c
	case wire.Blob:
		c.Text = "x'" + v.Text + "'"
	case wire.Text:
		c.Empty = v.Text == ""
	}
	if n := utf8.RuneCountInString(c.Text); n > longValue {
		c.Head = string([]rune(c.Text)[:headLength]) + "…"
		c.Size = strconv.Itoa(n) + " characters"
		if v.Type == wire.Blob {
			c.Size = report.Plural(v.Size(), "byte")
		}
	}
	return c
}

// writeCell writes one value of a result table: its storage class as a
// badge, a long value cut with a <details> to see all of it (no script
// needed), the empty string as ” and control characters visibly.
func writeCell(w *writer, c cellView) {
	if c.Type == wire.Null {
		w.raw(`<td class="v v-null`, when(c.Differs, " differs"), `" title="NULL"><span class="null">NULL</span>`)
		writeDiffMark(w, c.Differs)
		w.raw(`</td>`)
		return
	}
	w.raw("<td")
	w.attr("class", "v v-"+c.Type+when(c.Differs, " differs"))
	w.attr("title", c.Type)
	w.raw(">")
	switch {
	case c.Head != "":
		w.raw(`<details class="long"><summary><span class="head">`)
		w.visibleControls(c.Head)
		w.raw(`</span> <span class="more">`)
		w.text(c.Size)
		w.raw(`</span></summary><span class="full">`)
		w.visibleControls(c.Text)
		w.raw("</span></details>")
	case c.Empty:
		w.raw(`<span class="empty-text">''</span>`)
	default:
		w.visibleControls(c.Text)
	}
	w.raw(`<span class="sc">`)
	w.text(c.Badge)
	w.raw("</span>")
	writeDiffMark(w, c.Differs)
	w.raw("</td>")
}

// writeDiffMark marks a value that differs from SQLite's with a sign and
// words for screen readers, not with colour alone.
func writeDiffMark(w *writer, differs bool) {
	if differs {
		w.raw(`<span class="diff-mark" aria-hidden="true" title="differs from SQLite">≠</span><span class="sr-only"> (differs from SQLite)</span>`)
	}
}
