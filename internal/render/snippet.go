package render

import (
	"html/template"
	"io"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// Snippet writes a scenario as one self-contained block of static HTML for
// documentation that allows no script at all: each step's SQL and its
// recorded result, with inline styles only (no class needs the site's CSS),
// and a link to the live page at siteURL. Prose is left out: the host page
// has its own words, and the link leads to ours.
func Snippet(w io.Writer, siteURL, id string, doc *wire.Document, t *wire.Transcript) error {
	v := snippetView{
		URL:    strings.TrimSuffix(siteURL, "/") + "/s/" + id + "/",
		Title:  doc.Meta.Title,
		SQLite: t.Engine.SQLite, Engine: t.Engine.Version, Storage: t.Storage,
	}
	byIndex := map[int]wire.Step{}
	for _, st := range t.Steps {
		byIndex[st.Index] = st
	}
	lanes := map[string]int{}
	for i, c := range doc.Meta.Connections {
		lanes[c.Name] = i
	}
	many := len(doc.Meta.Connections) > 1
	for _, ds := range doc.Steps {
		st, ok := byIndex[ds.Index]
		if !ok {
			continue
		}
		sv := snippetStep{Index: ds.Index, Quirk: ds.Quirk, SQL: ds.SQL, Run: newStepRun(st, lanes),
			Action: cursorAction(ds.Kind, ds.Cursor, ds.Fetch)}
		if many {
			sv.Conn = ds.Conn
		}
		v.Steps = append(v.Steps, sv)
	}
	return snippetTemplate.Execute(w, v)
}

type snippetView struct {
	URL, Title, SQLite, Engine, Storage string
	Steps                               []snippetStep
}

type snippetStep struct {
	Index  int
	Conn   string
	Quirk  bool
	Action string
	SQL    string
	Run    *stepRun
}

// The styles are inline and neutral (inherit the host's fonts and colours)
// so that the block reads well on any documentation theme, or on none.
var snippetTemplate = template.Must(template.New("snippet").Parse(`<figure class="dbquirks-snippet" style="margin:1em 0;border:1px solid #8884;border-radius:6px;padding:0.75em 1em">
<figcaption style="font-weight:bold;margin-bottom:0.5em"><a href="{{.URL}}">{{.Title}}</a></figcaption>
{{- range .Steps}}
<div style="margin:0.75em 0{{if .Quirk}};border-left:3px solid #d9a400;padding-left:0.6em{{end}}">
<div style="font-size:0.85em;opacity:0.8">Step {{.Index}}{{if .Conn}} · connection {{.Conn}}{{end}}{{if .Quirk}} · the quirk{{end}}{{if .Action}} · {{.Action}}{{end}}</div>
{{- if .SQL}}
<pre style="margin:0.3em 0;overflow-x:auto"><code>{{.SQL}}</code></pre>
{{- end}}
{{- with .Run}}{{if .Params}}
<div style="font-size:0.85em">parameters: <code>{{.Params}}</code></div>
{{- end}}{{range .Statements}}
{{- if .SQL}}
<div style="font-size:0.85em;opacity:0.8"><code>{{.SQL}}</code></div>
{{- end}}
{{- if .Table}}
<div style="overflow-x:auto"><table style="border-collapse:collapse;font-size:0.9em;margin:0.3em 0">
<thead><tr>{{range .Columns}}<th style="border:1px solid #8886;padding:0.2em 0.5em;text-align:left">{{.Name}}{{if .DeclType}} <small style="opacity:0.7">{{.DeclType}}</small>{{end}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td style="border:1px solid #8886;padding:0.2em 0.5em;font-family:monospace" title="{{.Type}}">{{if eq .Type "null"}}<i>NULL</i>{{else if eq .Type "text"}}'{{if .Head}}{{.Head}}{{else}}{{.Text}}{{end}}'{{else if .Head}}{{.Head}}{{else}}{{.Text}}{{end}}</td>{{end}}</tr>{{end}}</tbody>
</table></div>
{{- end}}
{{- if .Facts}}
<div style="font-size:0.85em">{{.Facts}}{{if .Truncated}} · {{.Truncated}}{{end}}</div>
{{- end}}
{{- with .Error}}
<div style="font-size:0.9em;color:#c0392b"><b>{{.Code}}</b>: {{.Message}}{{if .Note}} — {{.Note}}{{end}}</div>
{{- end}}
{{- if .Busy}}
<div style="font-size:0.85em">{{.Busy}}</div>
{{- end}}
{{- end}}
{{- with .Error}}
<div style="font-size:0.9em;color:#c0392b"><b>{{.Code}}</b>: {{.Message}}</div>
{{- end}}
{{- end}}
</div>
{{- end}}
<div style="font-size:0.8em;opacity:0.8;margin-top:0.5em">Recorded with SQLite {{.SQLite}} ({{.Storage}} storage), dbquirks engine {{.Engine}}. <a href="{{.URL}}">Run it live and edit it on dbquirks</a>.</div>
</figure>
`))
