package view

import (
	"slices"

	"github.com/dbquirks/dbquirks/internal/report"
)

// Pager is the links under a scenario to the scenarios before and after it
// in the gallery's order (topics in their order, then the entries' order
// within a topic), so that a reader can go through the quirks one after
// another; "" when id is not among the entries.
func Pager(base, id string, entries []Entry) string {
	prev, next, ok := neighbors(id, entries)
	if !ok {
		return ""
	}
	var w writer
	w.raw(`<nav class="pager" data-testid="pager" aria-label="Other quirks">`)
	if prev != nil {
		writePagerLink(&w, base, prev, "prev", `<span aria-hidden="true">← </span>Previous`)
	}
	if next != nil {
		writePagerLink(&w, base, next, "next", `Next<span aria-hidden="true"> →</span>`)
	}
	w.raw("\n</nav>\n")
	return w.String()
}

func writePagerLink(w *writer, base string, e *Entry, rel, dir string) {
	w.raw("\n<a class=\"pager-link ", rel, "\" rel=\"", rel, "\"")
	w.attr("href", base+"s/"+e.ID+"/")
	w.raw("><span class=\"pager-dir\">", dir, "</span> <span class=\"pager-title\" dir=\"auto\">")
	w.text(report.PlainTitle(e.Meta.Title)) // isolated, without bidi controls
	w.raw("</span></a>")
}

// neighbors finds the entries before and after id in the gallery's order;
// ok is false when id is not there.
func neighbors(id string, entries []Entry) (prev, next *Entry, ok bool) {
	var order []Entry
	for _, t := range groupByTopic(entries) {
		order = append(order, t.Entries...)
	}
	i := slices.IndexFunc(order, func(e Entry) bool { return e.ID == id })
	if i < 0 {
		return nil, nil, false
	}
	if i > 0 {
		prev = &order[i-1]
	}
	if i+1 < len(order) {
		next = &order[i+1]
	}
	return prev, next, true
}
