package main

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/export"
	"github.com/dbquirks/dbquirks/internal/permalink"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// This file holds the bridge's sharing and export functions: thin wrappers
// that decode the page's JSON arguments and call internal/permalink and
// internal/export, which are tested natively on their own.

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

// linkEncodeJSON makes a link to an edited scenario. A run that did not
// finish (stopped, crashed) records no digest, so that opening the link
// does not claim that results differ.
func linkEncodeJSON(source, base, transcriptJSON string) ([]byte, error) {
	t, err := decodeOptional[wire.Transcript](transcriptJSON, "the results")
	if err != nil {
		return nil, err
	}
	digest := ""
	if t != nil && t.Stopped == nil {
		digest = permalink.ResultDigest(t)
	}
	frag, err := permalink.Encode(permalink.Payload{Source: source, Base: base, Engine: engine.Version, Digest: digest})
	if err != nil {
		return nil, err
	}
	return json.Marshal(linkInfo{Fragment: frag, Length: len(frag), Warn: len(frag) > permalink.Warn, Digest: digest})
}

// linkDecodeJSON reads a link's fragment; its errors are for people.
func linkDecodeJSON(fragment string) ([]byte, error) {
	p, err := permalink.Decode(fragment)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

func resultDigest(transcriptJSON string) (string, error) {
	t, err := decodeOptional[wire.Transcript](transcriptJSON, "the results")
	if err != nil {
		return "", err
	}
	return permalink.ResultDigest(t), nil
}

func exportMarkdown(documentJSON, transcriptJSON, link string) (string, error) {
	doc, t, err := docAndRun(documentJSON, transcriptJSON)
	if err != nil {
		return "", err
	}
	return export.Markdown(doc, t, link), nil
}

func exportDjangoTest(documentJSON, transcriptJSON, link string) (string, error) {
	doc, t, err := docAndRun(documentJSON, transcriptJSON)
	if err != nil {
		return "", err
	}
	return export.DjangoTest(doc, t, link), nil
}

// exportCSV writes one statement's rows: step is 1-based like the page's
// step numbers, statement 0-based, both decimal strings.
func exportCSV(transcriptJSON, step, statement string) (string, error) {
	t, err := decodeOptional[wire.Transcript](transcriptJSON, "the results")
	if err != nil {
		return "", err
	}
	if t == nil {
		return "", fmt.Errorf("no results to export: run the scenario first")
	}
	si, err1 := strconv.Atoi(step)
	qi, err2 := strconv.Atoi(statement)
	if err1 != nil || err2 != nil || si < 1 || si > len(t.Steps) || qi < 0 || qi >= len(t.Steps[si-1].Statements) {
		return "", fmt.Errorf("no statement %q of step %q in these results", statement, step)
	}
	return export.CSV(t.Steps[si-1].Statements[qi]), nil
}

func docAndRun(documentJSON, transcriptJSON string) (*wire.Document, *wire.Transcript, error) {
	doc, err := decodeOptional[wire.Document](documentJSON, "the scenario")
	if err != nil {
		return nil, nil, err
	}
	t, err := decodeOptional[wire.Transcript](transcriptJSON, "the results")
	return doc, t, err
}

// decodeOptional decodes JSON from the page; "" (or "null") is nil.
func decodeOptional[T any](s, what string) (*T, error) {
	if s == "" || s == "null" {
		return nil, nil
	}
	v := new(T)
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return nil, fmt.Errorf("%s cannot be read (%v); reload the page", what, err)
	}
	return v, nil
}
