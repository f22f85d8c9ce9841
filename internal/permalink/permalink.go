// Package permalink turns an edited scenario into a link fragment and back.
// The scenario travels in the fragment (#v1.… or #v2.…), which browsers
// never send to the host, so sharing needs no server and no account.
//
// A v1 fragment is "v1." followed by the unpadded base64url encoding of the
// raw DEFLATE compression (RFC 1951) of a small JSON object, [Payload],
// which holds the whole source. The same format is written by web/embed.js
// with CompressionStream("deflate-raw"), so the two must change together.
// A v2 fragment (edit.go) is packed the same way but holds only the lines
// that changed against a catalogue scenario, so a link to a one-step edit
// stays short enough for a chat message; [EncodeFrom] writes whichever of
// the two is shorter.
//
// Links are untrusted: anyone can craft one. [Decode] refuses anything it
// cannot fully decode, and never inflates more than [MaxDecoded] bytes, so a
// deflate bomb costs nothing. Every version that was ever written keeps
// decoding (testdata/golden-v*.json holds links of every version).
package permalink

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Version is the prefix of the fragments Encode writes: the whole source.
const Version = "v1"

// newest is the latest format this package reads, named in the message
// for a link from a newer site.
const newest = EditVersion

// MaxDecoded is the largest payload, in bytes of JSON, a link may carry.
// Encode refuses a larger one instead of making a link that Decode would
// refuse.
const MaxDecoded = 64 << 10

// Warn is the link length, in characters, past which the page warns: chat
// apps and some forums cut or mangle longer messages.
const Warn = 2000

// maxEncoded bounds the fragment before anything is decoded. Deflate never
// grows data by more than 5 bytes per 64 KiB block plus a little, and base64
// adds a third, so a genuine link to MaxDecoded bytes is always shorter.
const maxEncoded = (MaxDecoded+1024)*4/3 + len(Version) + 1

// Payload is what a link carries.
type Payload struct {
	// Source is the scenario's Markdown, exactly as edited.
	Source string `json:"source"`
	// Base is the id of the built-in scenario the source was edited from,
	// or "" for a scenario written from scratch.
	Base string `json:"base"`
	// Engine is the engine version the link was made with.
	Engine string `json:"engine"`
	// Digest is ResultDigest of the results when the link was made, or ""
	// when it was shared without running.
	Digest string `json:"digest"`
}

// Encode returns the fragment for p, without the leading "#".
func Encode(p Payload) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("cannot make a link: %w", err)
	}
	return pack(Version, p)
}

// pack writes v as JSON and compresses it into a fragment of the given
// version.
func pack(version string, v any) (string, error) {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // shorter links; the JSON is never inserted into HTML
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("cannot make a link: %w", err)
	}
	data := bytes.TrimSuffix(js.Bytes(), []byte("\n"))
	if len(data) > MaxDecoded {
		return "", fmt.Errorf("cannot make a link: the scenario is %s, more than a link can carry (%s); shorten it or share the file",
			size(len(data)), size(MaxDecoded))
	}
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		return "", err
	}
	w.Write(data) // writes to a bytes.Buffer cannot fail
	if err := w.Close(); err != nil {
		return "", err
	}
	return version + "." + base64.RawURLEncoding.EncodeToString(z.Bytes()), nil
}

// Decode reads a fragment made by Encode (or embed.js), with or without its
// leading "#". Its errors say what is wrong with the link in words a person
// who pasted it can act on. A v2 link, which holds only changes to a
// catalogue scenario, needs that scenario: see DecodeFrom.
func Decode(fragment string) (Payload, error) {
	return DecodeFrom(fragment, Original{})
}

// DecodeFrom reads any fragment this package ever wrote; from is the
// scenario of the page the link is opened on, which a v2 link's changes
// apply to.
func DecodeFrom(fragment string, from Original) (Payload, error) {
	fragment = strings.TrimPrefix(strings.TrimSpace(fragment), "#")
	if fragment == "" {
		return Payload{}, errors.New("the link holds no scenario: its part after # is empty")
	}
	version, body, ok := strings.Cut(fragment, ".")
	if !isVersion(version) {
		return Payload{}, fmt.Errorf("not a dbquirks scenario link: it should start with %q", Version+".")
	}
	if version != Version && version != EditVersion {
		n, _ := strconv.Atoi(version[1:])
		if n > 2 {
			return Payload{}, fmt.Errorf("this link was made by a newer dbquirks (link format %s; this page reads %s): open it on the site it came from, or reload to get the new version", version, newest)
		}
		return Payload{}, fmt.Errorf("unknown link format %s (this page reads %s)", version, newest)
	}
	if !ok || body == "" {
		return Payload{}, errors.New("the link is cut off: nothing follows " + version + ".")
	}
	if len(body) > maxEncoded {
		return Payload{}, fmt.Errorf("the link is too long (%d characters): a scenario link carries at most %s", len(body), size(MaxDecoded))
	}
	z, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil {
		var bad base64.CorruptInputError
		if errors.As(err, &bad) && int(bad) < len(body) && !isBase64URL(body[bad]) {
			return Payload{}, fmt.Errorf("the link is damaged: character %d (%q) cannot appear in it; was it changed on the way?", int(bad)+len(Version)+2, body[bad])
		}
		return Payload{}, errors.New("the link is cut off or damaged: copy the whole link again")
	}
	data, err := inflate(z)
	if err != nil {
		return Payload{}, err
	}
	if version == EditVersion {
		return parseEdit(data, from)
	}
	return parse(data)
}

// inflate decompresses at most MaxDecoded bytes and refuses the rest.
func inflate(z []byte) ([]byte, error) {
	in := bytes.NewReader(z)
	r := flate.NewReader(in)
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, MaxDecoded+1))
	switch {
	case len(data) > MaxDecoded:
		return nil, fmt.Errorf("the link unpacks to more than %s, the most a scenario link may carry: refused", size(MaxDecoded))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errors.New("the link is cut off: copy the whole link again")
	case err != nil:
		return nil, errors.New("the link is damaged: its compressed data is corrupt")
	case in.Len() > 0:
		// flate reads a bytes.Reader one byte at a time, so whatever is
		// left was never part of the compressed stream.
		return nil, errors.New("the link is damaged: it has extra data after the scenario")
	}
	return data, nil
}

// parse reads the JSON payload.
func parse(data []byte) (Payload, error) {
	var p Payload
	if err := decodeJSON(data, &p); err != nil {
		return Payload{}, err
	}
	if err := p.validate(); err != nil {
		return Payload{}, fmt.Errorf("the link is damaged: %w", err)
	}
	return p, nil
}

// decodeJSON reads exactly one JSON object of UTF-8 text into v.
func decodeJSON(data []byte, v any) error {
	if !utf8.Valid(data) {
		return errors.New("the link is damaged: its content is not UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the link is damaged: its content is not a dbquirks scenario (%v)", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("the link is damaged: it has extra data after the scenario")
	}
	return nil
}

// validate checks what both Encode and Decode require. The fields other
// than Source end up in notices and URLs, so they are held to short, plain
// forms.
func (p Payload) validate() error {
	switch {
	case strings.TrimSpace(p.Source) == "":
		return errors.New("the scenario source is empty")
	case !utf8.ValidString(p.Source):
		return errors.New("the scenario source is not UTF-8 text")
	case !plain(p.Base, 100, "-_."):
		return fmt.Errorf("%q is not a scenario id", p.Base)
	case !plain(p.Engine, 40, ".-+_"):
		return fmt.Errorf("%q is not an engine version", p.Engine)
	case p.Digest != "" && !isDigest(p.Digest):
		return fmt.Errorf("%q is not a result digest", p.Digest)
	}
	return nil
}

// plain reports whether s is at most max ASCII letters, digits and the given
// punctuation.
func plain(s string, max int, punct string) bool {
	if len(s) > max {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(punct, c) >= 0) {
			return false
		}
	}
	return true
}

// isVersion reports whether s looks like a format version: v and digits.
func isVersion(s string) bool {
	if len(s) < 2 || len(s) > 10 || s[0] != 'v' {
		return false
	}
	for _, c := range []byte(s[1:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isBase64URL(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// size prints a byte count the way the messages use it.
func size(n int) string {
	if n%1024 == 0 {
		return strconv.Itoa(n/1024) + " KiB"
	}
	return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB"
}
