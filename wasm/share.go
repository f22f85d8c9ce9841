package main

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/export"
	"github.com/dbquirks/dbquirks/internal/permalink"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

// This file holds the bridge's sharing and export functions: thin wrappers
// that take the page's string arguments and call internal/permalink and
// internal/export, which are tested natively on their own. Exports work on
// a run the module kept (play.Recent), never on results sent back.

// linkInfo is what dbquirks.linkEncode resolves to.
type linkInfo struct {
	// Fragment is the link's part after "#", without the "#".
	Fragment string `json:"fragment"`
	// Length is len(Fragment), in characters (the fragment is ASCII).
	Length int `json:"length"`
	// Warn is true when the fragment alone passes permalink.Warn.
	Warn bool `json:"warn"`
	// Digest is the results' digest recorded in the link, or "" when the
	// link was made without a finished run.
	Digest string `json:"digest"`
}

// linkEncodeJSON makes a link to an edited scenario. digest is the digest
// of a finished run of source (wire.Play.Digest), or "": a run that did not
// finish records none, so that opening the link does not claim that
// results differ. baseSource is the source of the scenario base, which the
// link then holds only the changes against.
func linkEncodeJSON(source, base, digest, baseSource string) ([]byte, error) {
	p := permalink.Payload{Source: source, Base: base, Engine: engine.Version, Digest: digest}
	frag, err := permalink.EncodeFrom(p, permalink.Original{ID: base, Source: baseSource})
	if err != nil {
		return nil, err
	}
	return json.Marshal(linkInfo{Fragment: frag, Length: len(frag), Warn: len(frag) > permalink.Warn, Digest: digest})
}

// linkDecodeJSON reads a link's fragment opened on the page of the
// scenario id, whose source is source; its errors are for people.
func linkDecodeJSON(fragment, id, source string) ([]byte, error) {
	p, err := permalink.DecodeFrom(fragment, permalink.Original{ID: id, Source: source})
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

func exportMarkdown(run, link string) (string, error) {
	o, err := played(run)
	if err != nil {
		return "", err
	}
	return export.Markdown(o.Document, o.Transcript, o.Lanes, link), nil
}

func exportDjangoTest(run, link string) (string, error) {
	o, err := played(run)
	if err != nil {
		return "", err
	}
	if o.Scenario == nil {
		// The source had mistakes: nothing was parsed, so there is no test.
		return "", scenario.Diagnostics(o.Diagnostics)
	}
	return export.DjangoTest(o.Scenario, o.Transcript, o.Lanes, link), nil
}

// exportCSV writes one statement's rows: step is 1-based like the page's
// step numbers, statement 0-based, both decimal strings.
func exportCSV(run, step, statement string) (string, error) {
	o, err := played(run)
	if err != nil {
		return "", err
	}
	t := o.Transcript
	si, err1 := strconv.Atoi(step)
	qi, err2 := strconv.Atoi(statement)
	if err1 != nil || err2 != nil || si < 1 || si > len(t.Steps) || qi < 0 || qi >= len(t.Steps[si-1].Statements) {
		return "", fmt.Errorf("no statement %q of step %q in these results", statement, step)
	}
	return export.CSV(t.Steps[si-1].Statements[qi]), nil
}
