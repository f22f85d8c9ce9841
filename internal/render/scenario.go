package render

import (
	"html/template"
	"slices"
	"strings"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// scenarioView is everything the scenario template prints, worked out in Go
// so that the template only lays it out and the logic is tested here.
type scenarioView struct {
	Base        string
	ID          string
	Meta        wire.Meta
	TopicTitle  string
	TopicAnchor string // the topic's heading in the gallery
	NoteHTML    template.HTML
	Connections []connView
	Steps       []stepView
	Epilogue    template.HTML
	Run         *runView
}

// connView is one declared connection and how it was opened.
type connView struct {
	Name     string
	Lane     int
	BusyMs   int64
	Settings []string // "PRAGMA foreign_keys = ON", "limit variable_number = 10"
	Error    *errView
}

func newScenarioView(base, id string, doc *wire.Document, t *wire.Transcript) scenarioView {
	topic := strings.ToLower(strings.TrimSpace(doc.Meta.Topic))
	v := scenarioView{
		Base:        base,
		ID:          id,
		Meta:        doc.Meta,
		TopicTitle:  topicTitle(topic),
		TopicAnchor: topicAnchor(topic),
		NoteHTML:    template.HTML(doc.Meta.Django.NoteHTML),
		Epilogue:    template.HTML(doc.EpilogueHTML),
	}
	conns := doc.Meta.Connections
	if t != nil && len(t.Connections) > 0 {
		conns = t.Connections // they carry setup errors
	}
	lanes := map[string]int{}
	for i, c := range conns {
		lanes[c.Name] = i
		v.Connections = append(v.Connections, newConnView(c, i))
	}
	for _, ds := range doc.Steps {
		sv := newStepView(ds, lanes[ds.Conn])
		if st := stepOf(t, ds.Index); st != nil {
			sv.Run = newStepRun(*st, lanes)
		}
		v.Steps = append(v.Steps, sv)
	}
	if t != nil {
		v.Run = newRunView(t)
	}
	return v
}

func newConnView(c wire.Connection, lane int) connView {
	return connView{Name: c.Name, Lane: lane, BusyMs: c.BusyTimeoutMs, Error: newErrView(c.Error), Settings: report.Settings(c)}
}

func stepOf(t *wire.Transcript, index int) *wire.Step {
	if t == nil {
		return nil
	}
	i := slices.IndexFunc(t.Steps, func(s wire.Step) bool { return s.Index == index })
	if i < 0 {
		return nil
	}
	return &t.Steps[i]
}

// runView is the line under the steps that sums a run up.
type runView struct {
	Summary string
	Stopped string
	Failed  bool
	Engine  string
}

func newRunView(t *wire.Transcript) *runView {
	rv := &runView{Summary: report.Summary(t), Failed: t.Failures > 0,
		Engine: "SQLite " + t.Engine.SQLite + " · dbquirks " + t.Engine.Version + " · storage " + t.Storage}
	if t.Stopped != nil {
		rv.Stopped = t.Stopped.Message
	}
	return rv
}
