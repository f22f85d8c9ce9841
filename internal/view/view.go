// Package view writes every piece of HTML a reader sees: the gallery, a
// scenario with its results, the pager and the static snippet. It is the one
// view of dbquirks: the site build bakes its output into the pages, and the
// WebAssembly module returns the same functions' output for a live run, so
// the baked and the live markup are the same bytes by construction. The page
// (web/) only inserts it and adds behaviour.
//
// The markup is written with plain Go functions in the style of goldmark's
// renderers, not html/template: the module carries this package, and
// html/template would add about 3 MB to it.
//
// All escaping lives here. Everything that comes from a scenario or a result
// (titles, SQL, values, error messages, names, URLs) goes through text or
// attr below; the only HTML written as it is is goldmark's output in
// wire.Document (ExplanationHTML, EpilogueHTML, Meta.Django.NoteHTML), which
// the scenario parser renders with raw HTML off and unsafe links dropped.
package view

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// Entry is one scenario of the gallery.
type Entry struct {
	ID   string    `json:"id"`
	Meta wire.Meta `json:"meta"`
	// Text is what the gallery's search looks in beyond the metadata: the
	// Django code, the prose and the steps' SQL, lower-cased plain text
	// (SearchText).
	Text string `json:"text,omitempty"`
	// Lanes names the engines that answer the scenario's steps besides the
	// live SQLite: its recorded lanes ("PostgreSQL 15.18", "MariaDB
	// 10.11.19"), shown on its card and searched.
	Lanes []string `json:"lanes,omitempty"`
}

// Results says where a scenario's results come from, which each step
// records in data-result: "prerendered" when the site build ran it, "live"
// when the reader's engine did. Steps without a result say "none".
type Results string

const (
	Prerendered Results = "prerendered"
	Live        Results = "live"
)

// writer is the buffer every function of this package writes into. raw
// writes our own markup; text and attr write untrusted strings escaped.
type writer struct {
	strings.Builder
}

func (w *writer) raw(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

// text writes s escaped for an element's content or a quoted attribute
// value: the five characters HTML gives meaning to become references, and
// NUL, which browsers drop, becomes U+FFFD as html/template does.
func (w *writer) text(s string) {
	escaper.WriteString(w, s)
}

var escaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "\x00", "\uFFFD",
)

// attr writes ` name="value"` with value escaped.
func (w *writer) attr(name, value string) {
	w.raw(" ", name, `="`)
	w.text(value)
	w.raw(`"`)
}

// int writes a number.
func (w *writer) int(n int64) {
	w.WriteString(strconv.FormatInt(n, 10))
}

// elem writes <tag class="cls">text</tag> with text escaped.
func (w *writer) elem(tag, class, text string) {
	w.raw("<", tag)
	if class != "" {
		w.attr("class", class)
	}
	w.raw(">")
	w.text(text)
	w.raw("</", tag, ">")
}

// code writes <code class="cls"> holding code with the places a line of
// it may break (scenario.WriteCode), for a line of code that may be wider
// than a phone's.
func (w *writer) code(class, code string) {
	w.raw(`<code class="`, class, `">`)
	scenario.WriteCode(w, code, escaper)
	w.raw("</code>")
}

// href writes an href attribute for a URL from a scenario, or nothing when
// the URL is not one a reader can follow safely (the parser's rule, the
// same one the prose links go through).
func (w *writer) href(url string) {
	if scenario.SafeURL(url) {
		w.attr("href", url)
	}
}

// visibleControls writes s as text with every control character shown as
// a visible escape (\x00, \x1b, \u2028...), so that a value holding a NUL
// or an escape sequence does not look like a shorter or different one.
// Newlines and tabs stay: they are layout inside a cell.
func (w *writer) visibleControls(s string) {
	start := 0
	for i, r := range s {
		if !isControl(r) {
			continue
		}
		w.text(s[start:i])
		w.raw(`<span class="ctl" title="control character">`)
		w.text(controlEscape(r))
		w.raw(`</span>`)
		start = i + utf8.RuneLen(r)
	}
	w.text(s[start:])
}

func isControl(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == 0x2028 || r == 0x2029 || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f:
		return true // line separators and bidirectional overrides
	case r == utf8.RuneError:
		return false
	}
	return false
}

func controlEscape(r rune) string {
	if r < 0x100 {
		return `\x` + leftPad(strconv.FormatInt(int64(r), 16), 2)
	}
	return `\u` + leftPad(strconv.FormatInt(int64(r), 16), 4)
}

func leftPad(s string, n int) string {
	return strings.Repeat("0", max(0, n-len(s))) + s
}
