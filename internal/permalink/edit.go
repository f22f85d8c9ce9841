package permalink

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// A v1 link carries the whole source, so a one-character edit of a
// catalogue scenario made a link of 3,000 to 7,000 characters, past what
// chat apps keep. A v2 link carries only what changed: the id of the
// catalogue scenario it was edited from, a digest of that scenario's
// source, and the changed lines, each with the lines it replaces. The page
// the link opens on is that scenario's, so it has the source to apply the
// changes to. The replaced lines travel too, so that a link keeps opening
// after the catalogue scenario is edited, as long as the lines it changed
// are still there (as patch(1) applies a diff to a file that moved on).

// EditVersion is the prefix of the fragments that hold changes to a
// catalogue scenario.
const EditVersion = "v2"

// Original is the catalogue scenario a link's changes apply to: its id and
// its source, as the page that opens the link has them.
type Original struct {
	ID     string
	Source string
}

// edit replaces the lines Del, found at line At (0-based) of the original,
// with the lines Add.
type edit struct {
	At  int      `json:"at"`
	Del []string `json:"del"`
	Add []string `json:"add"`
}

// editPayload is what a v2 link carries.
type editPayload struct {
	// Base is the id of the catalogue scenario the changes apply to.
	Base string `json:"base"`
	// From is sourceDigest of Base's source when the link was made.
	From string `json:"from"`
	// Engine and Digest are Payload's.
	Engine string `json:"engine"`
	Digest string `json:"digest"`
	// Edits are in the order of the lines they change, and never overlap.
	Edits []edit `json:"edits"`
}

// EncodeFrom returns the fragment for p, without the leading "#": the
// changes against from when p was edited from it (p.Base is from.ID), in
// the shorter of the two formats; the whole source otherwise.
func EncodeFrom(p Payload, from Original) (string, error) {
	whole, err := Encode(p)
	if err != nil || from.ID == "" || from.ID != p.Base || strings.TrimSpace(from.Source) == "" {
		return whole, err
	}
	ep := editPayload{Base: p.Base, From: sourceDigest(from.Source), Engine: p.Engine, Digest: p.Digest,
		Edits: diffLines(lines(from.Source), lines(p.Source))}
	short, err := pack(EditVersion, ep)
	if err != nil || len(short) >= len(whole) {
		return whole, nil
	}
	return short, nil
}

// parseEdit reads a v2 payload and applies its changes to from.
func parseEdit(data []byte, from Original) (Payload, error) {
	var ep editPayload
	if err := decodeJSON(data, &ep); err != nil {
		return Payload{}, err
	}
	if err := ep.validate(); err != nil {
		return Payload{}, fmt.Errorf("the link is damaged: %w", err)
	}
	if from.ID != ep.Base || strings.TrimSpace(from.Source) == "" {
		return Payload{}, fmt.Errorf("this link holds changes to the scenario %q: open it on that scenario's page", ep.Base)
	}
	src, err := apply(lines(from.Source), ep.Edits, ep.From == sourceDigest(from.Source))
	if err != nil {
		return Payload{}, fmt.Errorf("the scenario %q has changed since this link was made, and the link's changes no longer fit it (%v)", ep.Base, err)
	}
	if len(src) > MaxDecoded {
		return Payload{}, fmt.Errorf("the link unpacks to more than %s, the most a scenario link may carry: refused", size(MaxDecoded))
	}
	p := Payload{Source: src, Base: ep.Base, Engine: ep.Engine, Digest: ep.Digest}
	if err := p.validate(); err != nil {
		return Payload{}, fmt.Errorf("the link is damaged: %w", err)
	}
	return p, nil
}

func (ep editPayload) validate() error {
	switch {
	case ep.Base == "" || !plain(ep.Base, 100, "-_."):
		return fmt.Errorf("%q is not a scenario id", ep.Base)
	case !isDigest(ep.From):
		return fmt.Errorf("%q is not a source digest", ep.From)
	}
	end := 0
	for i, e := range ep.Edits {
		if e.At < end {
			return fmt.Errorf("change %d overlaps the one before it", i+1)
		}
		end = e.At + len(e.Del)
	}
	return nil
}

// apply makes the changes to orig. exact says that orig is the very source
// the changes were made against: each change must then be where it says.
// Otherwise each is looked for where its replaced lines now are, nearest to
// where they were (shifted as much as the change before it was).
func apply(orig []string, edits []edit, exact bool) (string, error) {
	var out []string
	cursor, shift := 0, 0
	for i, e := range edits {
		at := e.At + shift
		if !matches(orig, at, cursor, e.Del) {
			if exact {
				return "", fmt.Errorf("change %d is not at line %d", i+1, e.At+1)
			}
			if at = nearest(orig, at, cursor, e.Del); at < 0 {
				return "", fmt.Errorf("the lines of change %d are gone", i+1)
			}
		}
		shift = at - e.At
		out = append(out, orig[cursor:at]...)
		out = append(out, e.Add...)
		cursor = at + len(e.Del)
	}
	out = append(out, orig[cursor:]...)
	return strings.Join(out, "\n"), nil
}

// matches reports whether the lines del are at line at of orig, not before
// line min.
func matches(orig []string, at, min int, del []string) bool {
	if at < min || at+len(del) > len(orig) {
		return false
	}
	for i, l := range del {
		if orig[at+i] != l {
			return false
		}
	}
	return true
}

// nearest finds the lines del in orig from line min on, nearest to line
// want; -1 when they are not there. An empty del matches nowhere: without
// lines to look for, there is no telling where an insertion went.
func nearest(orig []string, want, min int, del []string) int {
	if len(del) == 0 {
		return -1
	}
	for d := 0; d <= len(orig); d++ {
		if matches(orig, want-d, min, del) {
			return want - d
		}
		if matches(orig, want+d, min, del) {
			return want + d
		}
	}
	return -1
}

// lines splits a source into the lines a change names; joining them with
// "\n" gives the source back exactly ("\r" stays at the end of its line).
func lines(s string) []string {
	return strings.Split(s, "\n")
}

// sourceDigest is a short hash of a scenario's source, to tell whether the
// page has the very source a link's changes were made against.
func sourceDigest(src string) string {
	sum := sha256.Sum256([]byte(src))
	return hex.EncodeToString(sum[:])[:digestLen]
}
