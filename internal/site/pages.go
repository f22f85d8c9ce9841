package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"path/filepath"
	"strings"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/view"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// galleryDescription is the gallery's meta description and Open Graph text.
const galleryDescription = "Runnable demonstrations of SQLite quirks that bite Django developers: real SQLite in your browser, every result explained."

// page holds the fields of index.html, the page template. The template is
// the site's frame (head, header, footer); everything inside <main> comes
// from internal/view.
type page struct {
	Base          string
	Title         string // the whole <title>
	Description   string
	CanonicalPath string // the page's path, base included: "/dbquirks/s/<id>/"
	CSS, AppJS    string
	Main          template.HTML // the body, from internal/view
	Data          template.JS   // the JSON data blob, safe inside <script>
	Kind          string        // "gallery" or "scenario"
}

// pageData is the JSON data blob each page carries for web/app.js: what it
// needs to run the page without another request. Its version is
// wire.Version, the one version the page checks.
type pageData struct {
	Version       int    `json:"version"`
	Base          string `json:"base"`
	Kind          string `json:"kind"`
	Assets        Assets `json:"assets"`
	EngineVersion string `json:"engineVersion"`
	// Catalog is every scenario's id and metadata, for the gallery's search
	// and filters: only the gallery carries it.
	Catalog  []view.Entry  `json:"catalog,omitempty"`
	Scenario *scenarioData `json:"scenario,omitempty"`
}

// scenarioData is what a scenario page knows of its scenario before the
// engine runs: what it needs to edit it and to make a link to it.
type scenarioData struct {
	ID         string           `json:"id"`
	Document   *wire.Document   `json:"document"`
	Transcript *wire.Transcript `json:"transcript"`
	Digest     string           `json:"digest"`
	// Recordings are the scenario's recorded lanes, which the page hands
	// to every play so that a live run shows them too.
	Recordings []*wire.Recording `json:"recordings,omitempty"`
}

// pages renders the gallery and every scenario's page into the template.
func (b *builder) pages(scenarios []scenarioPage) error {
	tmpl, err := template.ParseFiles(filepath.Join(b.opt.Root, "index.html"))
	if err != nil {
		return fmt.Errorf("page template: %w", err)
	}
	entries := make([]view.Entry, len(scenarios))
	for i, s := range scenarios {
		entries[i] = view.Entry{ID: s.ID, Meta: s.Document.Meta, Text: view.SearchText(s.Document), Lanes: laneNames(s.Recordings)}
		b.res.Scenarios = append(b.res.Scenarios, s.ID)
	}
	data := pageData{
		Version: wire.Version, Base: b.opt.Base, Kind: "gallery",
		Assets: b.res.Assets, EngineVersion: engine.Version, Catalog: entries,
	}
	main := view.Gallery(b.opt.Base, entries)
	p := b.newPage("dbquirks — database quirks that bite Django developers", galleryDescription, "", main, data)
	if err := b.execute(tmpl, "index.html", p); err != nil {
		return err
	}

	data.Kind, data.Catalog = "scenario", nil
	for _, s := range scenarios {
		// Readers without JavaScript get the previous/next links too.
		main := s.HTML.Article + view.Pager(b.opt.Base, s.ID, entries)
		data.Scenario = &scenarioData{ID: s.ID, Document: s.Document, Transcript: s.Transcript, Digest: s.Digest, Recordings: s.Recordings}
		// The title and summary leave the page here (the window title, link
		// previews, search results): without their bidi controls.
		m := s.Document.Meta
		p := b.newPage(report.PlainTitle(m.Title)+" · dbquirks", report.PlainTitle(m.Summary), "s/"+s.ID+"/", main, data)
		if err := b.execute(tmpl, "s/"+s.ID+"/index.html", p); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) newPage(title, description, path, main string, data pageData) page {
	return page{
		Base: b.opt.Base, Title: title, Description: description,
		CanonicalPath: b.opt.Base + path,
		CSS:           b.res.Assets.CSS, AppJS: b.res.Assets.AppJS,
		Main: template.HTML(main), Data: dataJS(data), Kind: data.Kind,
	}
}

// dataJS encodes the blob for a <script type="application/json"> element.
// encoding/json escapes <, > and & as \u003c..., so no value, however
// hostile, can close the element or open a comment inside it.
func dataJS(d pageData) template.JS {
	out, err := json.Marshal(d)
	if err != nil {
		// Only unencodable Go values fail, and these types have none.
		panic(fmt.Sprintf("encoding the page data: %v", err))
	}
	return template.JS(out)
}

func (b *builder) execute(tmpl *template.Template, name string, p page) error {
	var out bytes.Buffer
	if err := tmpl.Execute(&out, p); err != nil {
		return fmt.Errorf("page template, %s: %w", name, err)
	}
	b.files[name] = out.Bytes()
	return nil
}

// laneNames names a scenario's recorded lanes for its gallery card: the
// product and version each was recorded on, as the scenario's page names
// them (the head of the lane's label: "MariaDB 10.11.19", where the
// server's own version string is "10.11.19-MariaDB-0+deb12u1").
func laneNames(recs []*wire.Recording) []string {
	var out []string
	for _, r := range recs {
		name, _, _ := strings.Cut(r.Server.Label, ",")
		if name = strings.TrimSpace(name); name == "" {
			name = strings.TrimSpace(r.Server.Product + " " + strings.Fields(r.Server.Version + " ")[0])
		}
		out = append(out, name)
	}
	return out
}
