package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"path/filepath"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/render"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// DataVersion is the version of the JSON data blob in every page. It
// changes when a field changes meaning or disappears.
const DataVersion = 1

// galleryDescription is the gallery's meta description and Open Graph text.
const galleryDescription = "Runnable demonstrations of SQLite quirks that bite Django developers: real SQLite in your browser, every result explained."

// page holds the fields of index.html, the page template (see the package
// comments of this package and of internal/render).
type page struct {
	Base          string
	Title         string // the whole <title>
	Description   string
	CanonicalPath string // the page's path, base included: "/dbquirks/s/<id>/"
	CSS, AppJS    string
	Main          template.HTML // pre-rendered body, from internal/render
	Data          template.JS   // the JSON data blob, safe inside <script>
	Kind          string        // "gallery" or "scenario"
}

// pageData is the JSON data blob each page carries for web/app.js: what it
// needs to show and run the page without another request.
type pageData struct {
	APIVersion    int            `json:"apiVersion"`
	Base          string         `json:"base"`
	Kind          string         `json:"kind"`
	Assets        Assets         `json:"assets"`
	EngineVersion string         `json:"engineVersion"`
	Catalog       []render.Entry `json:"catalog"`
	Scenario      *scenarioData  `json:"scenario,omitempty"`
}

type scenarioData struct {
	ID         string           `json:"id"`
	Document   *wire.Document   `json:"document"`
	Transcript *wire.Transcript `json:"transcript"`
}

// pages renders the gallery and every scenario's page into the template.
func (b *builder) pages(scenarios []scenarioPage) error {
	tmpl, err := template.ParseFiles(filepath.Join(b.opt.Root, "index.html"))
	if err != nil {
		return fmt.Errorf("page template: %w", err)
	}
	entries := make([]render.Entry, len(scenarios))
	for i, s := range scenarios {
		entries[i] = render.Entry{ID: s.ID, Meta: s.Document.Meta}
		b.res.Scenarios = append(b.res.Scenarios, s.ID)
	}
	data := pageData{
		APIVersion: DataVersion, Base: b.opt.Base, Kind: "gallery",
		Assets: b.res.Assets, EngineVersion: engine.Version, Catalog: entries,
	}

	var main bytes.Buffer
	if err := render.Gallery(&main, b.opt.Base, entries); err != nil {
		return fmt.Errorf("gallery: %w", err)
	}
	p := b.newPage("dbquirks — database quirks that bite Django developers", galleryDescription, "", &main, data)
	if err := b.execute(tmpl, "index.html", p); err != nil {
		return err
	}

	for _, s := range scenarios {
		main.Reset()
		if err := render.Scenario(&main, b.opt.Base, s.ID, &s.Document, s.Transcript); err != nil {
			return fmt.Errorf("scenario %s: %w", s.ID, err)
		}
		// Readers without JavaScript get the previous/next links too.
		if err := render.Pager(&main, b.opt.Base, s.ID, entries); err != nil {
			return fmt.Errorf("scenario %s: %w", s.ID, err)
		}
		data.Kind = "scenario"
		data.Scenario = &scenarioData{ID: s.ID, Document: &s.Document, Transcript: s.Transcript}
		p := b.newPage(s.Document.Meta.Title+" · dbquirks", s.Document.Meta.Summary, "s/"+s.ID+"/", &main, data)
		if err := b.execute(tmpl, "s/"+s.ID+"/index.html", p); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) newPage(title, description, path string, main *bytes.Buffer, data pageData) page {
	return page{
		Base: b.opt.Base, Title: title, Description: description,
		CanonicalPath: b.opt.Base + path,
		CSS:           b.res.Assets.CSS, AppJS: b.res.Assets.AppJS,
		Main: template.HTML(main.String()), Data: dataJS(data), Kind: data.Kind,
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
