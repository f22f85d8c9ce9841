package view

import "github.com/dbquirks/dbquirks/internal/wire"

// LiveLaneStep writes one step's answer on a live lane (PostgreSQL in the
// reader's browser), for the page to put beside the step's own result: the
// lane's name and "live", with about (what sets the lane apart from a
// typical server) as its title; the SQL the lane ran when it is not the
// step's own; each statement's outcome; or why the step did not run there.
//
// A first, minimal view of a lane step: the recorded lanes' view (with the
// differences from SQLite marked) is to take its place.
func LiveLaneStep(name, about string, ls wire.LaneStep) string {
	var w writer
	outcome := "ok"
	switch {
	case ls.NotApplicable != "":
		outcome = "not-applicable"
	case ls.Error != nil:
		outcome = "error"
	}
	w.raw(`<section class="lane lane-live" data-testid="live-lane" data-lane="postgres" data-step="`, itoa(ls.Index), `" data-outcome="`, outcome, `">`+"\n")
	w.raw(`<p class="lane-head"`)
	w.attr("title", about)
	w.raw(`><span class="lane-name">`)
	w.text(name)
	w.raw(`</span> <span class="lane-when">live</span></p>`)
	if ls.NotApplicable != "" {
		w.raw("\n")
		w.elem("p", "lane-not-applicable", ls.NotApplicable)
		w.raw("\n</section>")
		return w.String()
	}
	if ls.SQLFrom == "rewritten" || ls.SQLFrom == "lane" {
		w.raw("\n")
		w.elem("p", "lane-sql-from", map[string]string{
			"rewritten": "ran the step rewritten for PostgreSQL:",
			"lane":      "ran the scenario's SQL for PostgreSQL:",
		}[ls.SQLFrom])
		w.raw("\n" + `<pre class="sql lane-sql"><code>`)
		w.text(ls.SQL)
		w.raw("</code></pre>")
	}
	shown := false
	for _, s := range ls.Statements {
		writeStatement(&w, newStmtView(s, len(ls.Statements) > 1))
		shown = shown || (s.Error != nil && ls.Error != nil && *s.Error == *ls.Error)
	}
	if ls.Error != nil && !shown {
		w.raw("\n")
		writeError(&w, newErrView(ls.Error))
	}
	for _, s := range ls.States {
		if s.Txn != "none" {
			w.raw("\n")
			w.elem("p", "lane-txn txn-"+s.Txn, "transaction "+s.Txn+" after this step")
		}
	}
	w.raw("\n</section>")
	return w.String()
}
