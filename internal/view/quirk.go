package view

import (
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// writeQuirk writes the quirk figure: the step marked quirk, shown again
// right under the title and the toolbar so that the first screen of every
// scenario page (and of an embed) is the quirk itself: its SQL and its
// result. The result area holds the very bytes of the step's own
// (StepResult), and the page puts a live run's result in both. Nothing is
// written when no step is marked quirk (a scenario written from scratch).
func writeQuirk(w *writer, doc *wire.Document, connIndex map[string]int, side sideLanes, t *wire.Transcript) {
	var ds *wire.DocStep
	for i := range doc.Steps {
		if doc.Steps[i].Quirk {
			ds = &doc.Steps[i]
			break
		}
	}
	if ds == nil {
		return
	}
	index := itoa(ds.Index)
	conn := connClass(connIndex[ds.Conn])
	st := t.Step(ds.Index)
	w.raw(`<figure class="quirk-fig `, conn, `" data-testid="quirk" data-step="`, index, `">`+"\n")
	w.raw(`<figcaption class="step-head"><span class="quirk-badge">the quirk</span> <a class="step-num" href="#step-`, index, `">Step `, index, `</a> <span class="conn-chip `, conn, `">`)
	w.text(ds.Conn)
	w.raw("</span>")
	if action := report.CursorAction(ds.Kind, ds.Cursor, ds.Fetch); action != "" {
		w.raw(" ")
		w.elem("span", "action", action)
	}
	if ds.Info != "" {
		w.raw(" ")
		w.code("step-opts", ds.Info)
	}
	w.raw("</figcaption>")
	writeSQLAndResult(w, "quirk", *ds, connIndex, st, side)
	w.raw("\n")
	switch {
	case ds.Index == 2:
		w.raw(`<p class="quirk-lead"><a href="#step-1">Step 1</a> sets it up; every step follows in order below.</p>` + "\n")
	case ds.Index > 2:
		w.raw(`<p class="quirk-lead"><a href="#step-1">Steps 1 to `, itoa(ds.Index-1), `</a> set it up; every step follows in order below.</p>`+"\n")
	}
	w.raw("</figure>\n")
}
