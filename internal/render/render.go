// Package render writes the static HTML of the site's pages: the gallery of
// scenarios and a scenario with its pre-rendered results. It is the view a
// visitor reads before (or without) the WebAssembly engine, and web/render.js
// produces the same markup and classes from the same JSON, so a page looks
// the same before and after the live run replaces the results.
//
// Everything that comes from a scenario or a result (titles, SQL, values,
// error messages, URLs) goes through html/template's contextual escaping. The
// only HTML inserted as-is is goldmark's output in Document (ExplanationHTML,
// EpilogueHTML, Meta.Django.NoteHTML), which the scenario parser renders with
// raw HTML off and dangerous links dropped.
package render

import (
	"embed"
	"html/template"
	"io"

	"github.com/dbquirks/dbquirks/internal/wire"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.New("").ParseFS(templateFS, "templates/*.tmpl"))

// Entry is one scenario of the gallery.
type Entry struct {
	ID   string    `json:"id"`
	Meta wire.Meta `json:"meta"`
}

// Gallery writes the gallery's body: one card per scenario, grouped by
// topic. base is the site's base path and ends in "/".
func Gallery(w io.Writer, base string, entries []Entry) error {
	return templates.ExecuteTemplate(w, "gallery", galleryView{Base: base, Topics: groupByTopic(entries)})
}

// Scenario writes a scenario page's body: the header (title, summary, the
// Django side), each step with its explanation, SQL and result from t, and
// the epilogue. t may be nil: the steps are then shown without results.
func Scenario(w io.Writer, base, id string, doc *wire.Document, t *wire.Transcript) error {
	return templates.ExecuteTemplate(w, "scenario", newScenarioView(base, id, doc, t))
}
