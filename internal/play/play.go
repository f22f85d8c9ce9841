// Package play is the one entry point from a scenario's source to what a
// reader sees: it parses the source once, plays it on the engine, and
// returns the document, the diagnostics, the transcript, the results'
// digest and the markup of the run (internal/view). The WebAssembly bridge
// calls it once per Run, the command line and the site build call it for
// every scenario, so all three show the same thing from the same code.
package play

import (
	"context"
	"errors"
	"os"
	"path"
	"strings"
	"sync/atomic"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/permalink"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/view"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Options say how to play and what to return. The zero value plays with
// the engine's defaults and renders no markup.
type Options struct {
	// Engine are the engine's limits.
	Engine engine.Options
	// HTML asks for the run's markup, for a page whose base path is Base
	// ("/" when empty) and whose results come From where (live or
	// pre-rendered).
	HTML bool
	Base string
	From view.Results
	// Recordings are the scenario's recorded lanes (internal/lane.Load or
	// lane.Decode): the markup shows each step's recorded answers beside
	// SQLite's, those recorded for steps edited since as no longer
	// applying.
	Recordings []*wire.Recording
	// Flip names one of the scenario's flips (wire.Meta.Flips) to play
	// the scenario again with, as a second SQLite lane shown first among
	// the other lanes; "" for none. A name the scenario does not offer
	// adds no lane.
	Flip string
	// Shown is the shape (wire.Document.Shape) of the article the page
	// shows. A played document of that shape is drawn as it is, so the page
	// only puts the results in, and the markup leaves the article out.
	Shown string
	// Standby, when set, gives the play its database and connections
	// opened ahead (Standby.Prepare), and learns what the next one needs.
	Standby *Standby
	// Parsed, when set, keeps the last source Play parsed, so that a Run
	// of an unchanged source does not parse it again.
	Parsed *LastParse
}

// Outcome is one play: the wire payload, and the parsed scenario for the
// functions that work on it afterwards (the exports), so nothing parses
// it again. Scenario is nil when the source has mistakes.
type Outcome struct {
	wire.Play
	Scenario *scenario.Scenario
	// Lanes are the recorded lanes of Options.Recordings as lanes of this
	// scenario (answers to edited steps marked), for the exports.
	Lanes []lane.Lane
}

// parses counts the parses this process made through Play, for the test
// that a run parses once.
var parses atomic.Int64

// Parses is how many times Play has parsed a source in this process.
func Parses() int64 { return parses.Load() }

// Play parses source (named file in diagnostics, and the scenario's id is
// taken from it) and plays it. A source with mistakes is an outcome too:
// its Diagnostics say what and where, and nothing was run. The context
// stops the run (the page's Stop, a deadline).
func Play(ctx context.Context, file string, source []byte, opt Options) *Outcome {
	sc, doc, err := opt.Parsed.parse(file, source)
	if err != nil {
		return &Outcome{Play: wire.Play{Diagnostics: diagnostics(file, err)}}
	}
	return played(ctx, sc, doc, opt)
}

// File reads and plays a scenario file, named in diagnostics as given. It
// fails when the file cannot be read, and with scenario.Diagnostics when
// the source has mistakes, so that callers that only report can return it.
func File(ctx context.Context, path string, opt Options) (*Outcome, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	o := Play(ctx, path, src, opt)
	if len(o.Diagnostics) > 0 {
		return nil, scenario.Diagnostics(o.Diagnostics)
	}
	return o, nil
}

// Scenario plays a scenario that was already parsed (the catalogue's
// tests hold parsed scenarios).
func Scenario(ctx context.Context, sc *scenario.Scenario, opt Options) *Outcome {
	return played(ctx, sc, document(sc), opt)
}

// played plays sc, whose document is doc.
func played(ctx context.Context, sc *scenario.Scenario, doc *wire.Document, opt Options) *Outcome {
	t := engine.RunWithSpare(ctx, sc, opt.Engine, opt.Standby.take(sc, opt.Engine))
	out := &Outcome{Scenario: sc, Lanes: append(flipLane(ctx, sc, t, opt), lane.Lanes(opt.Recordings, sc)...), Play: wire.Play{
		Document: doc, Diagnostics: []wire.Diagnostic{}, Transcript: t, Digest: digest(t),
	}}
	if opt.HTML {
		out.HTML = markup(sc.ID, doc, t, out.Lanes, opt)
	}
	return out
}

// flipLane plays sc again with opt.Flip, when it names one of sc's flips,
// and returns it as a lane; nil otherwise.
func flipLane(ctx context.Context, sc *scenario.Scenario, asWritten *wire.Transcript, opt Options) []lane.Lane {
	flip, flipped, err := scenario.Flipped(sc, opt.Flip)
	if err != nil { // no flip asked for, or one sc does not offer
		return nil
	}
	return []lane.Lane{lane.Flipped(flip, asWritten, engine.Run(ctx, flipped, opt.Engine))}
}

// digest is the results' digest a link records, or "" for a run that did
// not finish: its results say nothing about the scenario's.
func digest(t *wire.Transcript) string {
	if t.Stopped != nil {
		return ""
	}
	return permalink.ResultDigest(t)
}

func markup(id string, doc *wire.Document, t *wire.Transcript, lanes []lane.Lane, opt Options) *wire.HTML {
	base := opt.Base
	if base == "" {
		base = "/"
	}
	from := opt.From
	if from == "" {
		from = view.Live
	}
	summary := view.Summary(t)
	h := &wire.HTML{Summary: summary, SummaryHash: view.AreaHash(summary), Steps: []wire.StepHTML{}}
	if opt.Shown == "" || opt.Shown != doc.Shape {
		h.Article = view.Scenario(base, id, doc, t, lanes, from)
	}
	for _, ds := range doc.Steps {
		result := view.StepResult(doc, t, lanes, ds)
		h.Steps = append(h.Steps, wire.StepHTML{Index: ds.Index, Result: result, Hash: view.AreaHash(result)})
	}
	return h
}

// diagnostics are err's structured mistakes; an error that is not a
// scenario's (none is expected) becomes one diagnostic naming the file.
func diagnostics(file string, err error) []wire.Diagnostic {
	var d scenario.Diagnostics
	if errors.As(err, &d) {
		return d
	}
	return []wire.Diagnostic{{File: file, Message: err.Error()}}
}

// FileName turns an id a page sends ("sqlite-like-ascii-case", "" for a
// scenario written from scratch, or anything a link says) into the file
// name diagnostics show and from which the parser takes the scenario's id.
func FileName(id string) string {
	id = strings.TrimSuffix(path.Base(strings.ReplaceAll(id, `\`, "/")), ".md")
	if id == "" || id == "." || id == "/" {
		id = "scenario"
	}
	return id + ".md"
}
