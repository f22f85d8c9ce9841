package render

import (
	"io"
	"slices"
)

// Pager writes the links under a scenario to the scenarios before and after
// it in the gallery's order (topics in their order, then the entries' order
// within a topic), so that a reader can go through the quirks one after
// another. It writes nothing when id is not among the entries. web/render.js
// (renderPager) writes the same markup from the page's catalog.
func Pager(w io.Writer, base, id string, entries []Entry) error {
	prev, next, ok := neighbors(id, entries)
	if !ok {
		return nil
	}
	return templates.ExecuteTemplate(w, "pager", pagerView{Base: base, Prev: prev, Next: next})
}

type pagerView struct {
	Base       string
	Prev, Next *Entry
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
