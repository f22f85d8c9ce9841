package view

import (
	"github.com/dbquirks/dbquirks/internal/report"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// Snippet is a scenario as one self-contained block of static HTML for
// documentation that allows no script at all: each step's SQL and its
// recorded result, with inline styles only (no class needs the site's CSS),
// and a link to the live page at siteURL. Prose is left out: the host page
// has its own words, and the link leads to ours. The styles are neutral
// (they inherit the host's fonts and colours) so that the block reads well
// on any documentation theme, or on none.
func Snippet(siteURL, id string, doc *wire.Document, t *wire.Transcript) string {
	url := strings.TrimSuffix(siteURL, "/") + "/s/" + id + "/"
	connIndex := connIndexes(doc.Meta.Connections)
	many := len(doc.Meta.Connections) > 1
	var w writer
	w.raw(`<figure class="dbquirks-snippet" style="margin:1em 0;border:1px solid #8884;border-radius:6px;padding:0.75em 1em">` + "\n")
	w.raw(`<figcaption style="font-weight:bold;margin-bottom:0.5em"><a`)
	w.href(url)
	w.raw(` dir="auto">`) // isolated, without bidi controls: see report.PlainTitle
	w.text(report.PlainTitle(doc.Meta.Title))
	w.raw("</a></figcaption>")
	for _, ds := range doc.Steps {
		st := t.Step(ds.Index)
		if st == nil {
			continue
		}
		w.raw("\n<div", ` style="margin:0.75em 0`, when(ds.Quirk, ";border-left:3px solid #d9a400;padding-left:0.6em"), `">`+"\n")
		head := "Step " + itoa(ds.Index)
		if many {
			head += " · connection " + ds.Conn
		}
		if ds.Quirk {
			head += " · the quirk"
		}
		if action := report.CursorAction(ds.Kind, ds.Cursor, ds.Fetch); action != "" {
			head += " · " + action
		}
		w.raw(`<div style="font-size:0.85em;opacity:0.8">`)
		w.text(head)
		w.raw("</div>")
		if ds.SQL != "" {
			w.raw("\n" + `<pre style="margin:0.3em 0;overflow-x:auto"><code>`)
			w.text(ds.SQL)
			w.raw("</code></pre>")
		}
		writeSnippetRun(&w, newStepRun(*st, connIndex))
		w.raw("\n</div>")
	}
	w.raw("\n" + `<div style="font-size:0.8em;opacity:0.8;margin-top:0.5em">`)
	w.text("Recorded with SQLite " + t.Engine.SQLite + " (" + t.Storage + " storage), dbquirks engine " + t.Engine.Version + ". ")
	w.raw("<a")
	w.href(url)
	w.raw(">Run it live and edit it on dbquirks</a>.</div>\n</figure>\n")
	return w.String()
}

func writeSnippetRun(w *writer, r *stepRun) {
	if r.Params != "" {
		w.raw("\n" + `<div style="font-size:0.85em">parameters: <code>`)
		w.text(r.Params)
		w.raw("</code></div>")
	}
	for _, s := range r.Statements {
		if s.SQL != "" {
			w.raw("\n" + `<div style="font-size:0.85em;opacity:0.8"><code>`)
			w.text(s.SQL)
			w.raw("</code></div>")
		}
		if s.Table {
			writeSnippetTable(w, s)
		}
		if s.Facts != "" {
			w.raw("\n" + `<div style="font-size:0.85em">`)
			w.text(s.Facts)
			if s.Truncated != "" {
				w.text(" · " + s.Truncated)
			}
			w.raw("</div>")
		}
		if s.Error != nil {
			writeSnippetError(w, s.Error, true)
		}
		if s.Busy != "" {
			w.raw("\n" + `<div style="font-size:0.85em">`)
			w.text(s.Busy)
			w.raw("</div>")
		}
	}
	if r.Error != nil {
		writeSnippetError(w, r.Error, false)
	}
}

func writeSnippetTable(w *writer, s stmtView) {
	const cell = `border:1px solid #8886;padding:0.2em 0.5em`
	w.raw("\n" + `<div style="overflow-x:auto"><table style="border-collapse:collapse;font-size:0.9em;margin:0.3em 0">` + "\n<thead><tr>")
	for _, c := range s.Columns {
		w.raw(`<th style="`+cell+`;text-align:left">`, "")
		w.text(c.Name)
		if c.DeclType != "" {
			w.raw(` <small style="opacity:0.7">`)
			w.text(c.DeclType)
			w.raw("</small>")
		}
		w.raw("</th>")
	}
	w.raw("</tr></thead>\n<tbody>")
	for _, row := range s.Rows {
		w.raw("<tr>")
		for _, c := range row {
			w.raw(`<td style="` + cell + `;font-family:monospace"`)
			w.attr("title", c.Type)
			w.raw(">")
			shown := c.Text
			if c.Head != "" {
				shown = c.Head
			}
			switch c.Type {
			case wire.Null:
				w.raw("<i>NULL</i>")
			case wire.Text:
				w.raw("'")
				w.visibleControls(shown)
				w.raw("'")
			default:
				w.visibleControls(shown)
			}
			w.raw("</td>")
		}
		w.raw("</tr>")
	}
	w.raw("</tbody>\n</table></div>")
}

func writeSnippetError(w *writer, e *errView, withNote bool) {
	w.raw("\n" + `<div style="font-size:0.9em;color:#c0392b"><b>`)
	w.text(e.Code)
	w.raw("</b>: ")
	w.text(e.Message)
	if withNote && e.Note != "" {
		w.text(" — " + e.Note)
	}
	w.raw("</div>")
}
