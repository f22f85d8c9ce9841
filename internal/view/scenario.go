package view

import (
	"slices"
	"strings"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Scenario is a scenario page's article: the header (title, summary), the
// room for the toolbar, the quirk (quirk.go), the Django side, the
// connections, each step with its explanation, SQL and result from t, the
// run's summary, the epilogue and the links. A reader who arrives from a
// search sees the quirk and Run on the first screen; the Django side and
// the steps that lead to the quirk follow. t may be nil: the steps then
// show what they expect and no result. base is the site's base path and
// ends in "/"; from says where t came from. lanes are the other engines'
// answers, shown beside SQLite's in each step.
func Scenario(base, id string, doc *wire.Document, t *wire.Transcript, lanes []lane.Lane, from Results) string {
	var w writer
	connIndex := connIndexes(connections(doc, t))
	topic := topicKey(doc.Meta.Topic)
	w.raw(`<article class="scenario" data-testid="scenario"`)
	w.attr("data-id", id)
	w.raw(">\n<header class=\"scn-head\">\n")
	w.raw(`<nav class="crumbs" aria-label="Breadcrumb"><a`)
	w.attr("href", base)
	w.raw(`>All quirks</a> <span aria-hidden="true">›</span> <a`)
	w.attr("href", base+"#"+topicAnchor(topic))
	w.raw(">")
	w.text(topicTitle(topic))
	w.raw("</a></nav>\n")
	writeHead(&w, doc.Meta)
	w.raw("</header>\n")
	w.raw(`<div class="toolbar" data-testid="toolbar"></div>` + "\n")
	writeQuirk(&w, doc, connIndex, sideOf(t, lanes), t)
	writeDjango(&w, doc.Meta.Django)
	writeConnections(&w, connections(doc, t))
	w.raw(`<ol class="steps" data-testid="steps">`)
	for _, ds := range doc.Steps {
		w.raw("\n")
		writeStep(&w, ds, connIndex, t.Step(ds.Index), sideOf(t, lanes), from)
	}
	w.raw("\n</ol>\n")
	writeArea(&w, "run-summary", "run-summary", Summary(t))
	if doc.EpilogueHTML != "" {
		w.raw("\n<section class=\"epilogue prose\">", doc.EpilogueHTML, "</section>")
	}
	writeLinks(&w, doc.Meta.Links)
	w.raw("\n</article>\n")
	return w.String()
}

// StepResult is the content of one step's result area
// ([data-testid=step-result]): what happened when it ran, or what it
// expects when it has not run, and the other lanes' answers. The article
// holds exactly these bytes, and a live run replaces an area's content
// with them.
func StepResult(doc *wire.Document, t *wire.Transcript, lanes []lane.Lane, ds wire.DocStep) string {
	var w writer
	writeStepResult(&w, ds, connIndexes(connections(doc, t)), t.Step(ds.Index), sideOf(t, lanes))
	return w.String()
}

// sideOf is what the steps show beside SQLite's results.
func sideOf(t *wire.Transcript, lanes []lane.Lane) sideLanes {
	side := sideLanes{lanes: lanes}
	if t != nil {
		side.sqlite = t.Engine.SQLite
	}
	return side
}

// Summary is the content of the run's summary ([data-testid=run-summary]):
// the counts, why it stopped, and the engine; "" without a run.
func Summary(t *wire.Transcript) string {
	if t == nil {
		return ""
	}
	var w writer
	w.raw("\n<p")
	w.attr("class", "summary-line"+when(t.Failures > 0, " failed"))
	w.raw(">")
	w.text(report.Summary(t) + failedSteps(t))
	w.raw("</p>")
	if t.Stopped != nil {
		w.raw("\n<p class=\"stopped\" data-testid=\"stopped\">")
		w.text(t.Stopped.Message)
		w.raw("</p>")
	}
	w.raw("\n")
	w.elem("p", "engine-line", "SQLite "+t.Engine.SQLite+" · dbquirks "+t.Engine.Version+" · storage "+t.Storage)
	w.raw("\n")
	return w.String()
}

// failedSteps names the steps with a failed check, for the summary: a
// reader finds them by their number, not by a line of the file.
func failedSteps(t *wire.Transcript) string {
	var failed []string
	for _, st := range t.Steps {
		if slices.ContainsFunc(st.Checks, func(c wire.Check) bool { return !c.OK }) {
			failed = append(failed, itoa(st.Index))
		}
	}
	switch len(failed) {
	case 0:
		return ""
	case 1:
		return " (step " + failed[0] + ")"
	}
	return " (steps " + strings.Join(failed[:len(failed)-1], ", ") + " and " + failed[len(failed)-1] + ")"
}

func writeHead(w *writer, m wire.Meta) {
	w.raw(`<h1 class="page-title" data-testid="scenario-title">`)
	w.text(m.Title)
	w.raw("</h1>\n")
	if m.Summary != "" {
		w.elem("p", "lede", m.Summary)
		w.raw("\n")
	}
	w.raw(`<p class="scn-meta">`)
	if m.Backend != "" {
		w.elem("span", "badge backend", m.Backend)
		w.raw(" ")
	}
	if m.Storage != "" {
		w.raw(`<span class="badge storage" title="storage the scenario runs on">`)
		w.text(m.Storage)
		w.raw("</span>")
	}
	for _, tag := range m.Tags {
		w.raw(" ")
		w.elem("span", "tag", tag)
	}
	w.raw("</p>\n")
	w.raw(`<div class="notices" data-testid="notices"></div>` + "\n")
}

func writeDjango(w *writer, dj wire.Django) {
	if dj.ORM == "" && dj.SQL == "" && dj.NoteHTML == "" {
		return
	}
	w.raw(`<section class="django" aria-labelledby="django-title">` + "\n")
	w.raw(`<h2 class="section-title" id="django-title">In Django`)
	if dj.Versions != "" {
		w.raw(" ")
		w.elem("span", "versions", dj.Versions)
	}
	w.raw("</h2>\n<div class=\"django-code\">\n")
	if dj.Models != "" {
		writeCodeFigure(w, "Models", "code code-python", dj.Models)
	}
	if dj.ORM != "" {
		writeORMCode(w, dj.ORM, dj.ORMPoint)
	}
	if dj.SQL != "" {
		writeCodeFigure(w, "SQL Django sends", "code code-sql", dj.SQL)
	}
	w.raw("</div>\n")
	if dj.NoteHTML != "" {
		w.raw(`<div class="django-note prose">`, dj.NoteHTML, "</div>\n")
	}
	w.raw("</section>\n")
}

func writeCodeFigure(w *writer, caption, class, code string) {
	w.raw(`<figure class="code-fig"><figcaption>`, caption, "</figcaption><pre")
	w.attr("class", class)
	w.raw("><code>")
	w.text(code)
	w.raw("</code></pre></figure>\n")
}

func writeConnections(w *writer, conns []wire.Connection) {
	if len(conns) == 0 {
		return
	}
	w.raw(`<section class="conns" aria-labelledby="conns-title">` + "\n")
	w.raw(`<h2 class="section-title" id="conns-title">Connections</h2>` + "\n<ul class=\"conn-list\">\n")
	for i, c := range conns {
		class := connClass(i)
		w.raw(`<li class="conn `, class, `"><span class="conn-chip `, class, `">`)
		w.text(c.Name)
		w.raw(`</span> <span class="conn-busy">busy timeout `)
		w.int(c.BusyTimeoutMs)
		w.raw(" ms (virtual)</span>")
		for _, s := range report.Settings(c) {
			w.raw(" · <code>")
			w.text(s)
			w.raw("</code>")
		}
		if v := newErrView(c.Error); v != nil {
			writeError(w, v)
		}
		w.raw("</li>\n")
	}
	w.raw("</ul>\n</section>\n")
}

func writeLinks(w *writer, links []wire.Link) {
	if len(links) == 0 {
		return
	}
	w.raw("\n<section class=\"links\" aria-labelledby=\"links-title\">\n")
	w.raw(`<h2 class="section-title" id="links-title">Read more</h2>` + "\n<ul>")
	for _, l := range links {
		w.raw("\n<li><a")
		w.href(l.URL)
		w.raw(` rel="noopener noreferrer">`)
		w.text(l.Title)
		w.raw("</a></li>")
	}
	w.raw("\n</ul>\n</section>")
}

// connections are the scenario's connections as the run opened them (they
// carry setup errors), or as declared when there is no run.
func connections(doc *wire.Document, t *wire.Transcript) []wire.Connection {
	if t != nil && len(t.Connections) > 0 {
		return t.Connections
	}
	return doc.Meta.Connections
}

// connIndexes numbers the connections in declaration order: each number
// is a colour (connClass). "Lane" is kept for the engines answering the
// steps (lane.go).
func connIndexes(conns []wire.Connection) map[string]int {
	index := map[string]int{}
	for i, c := range conns {
		index[c.Name] = i
	}
	return index
}

func connClass(i int) string {
	return "conn-" + itoa(i)
}

func topicKey(topic string) string {
	return strings.ToLower(strings.TrimSpace(topic))
}

func when(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}
