package play

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/golden"
)

// TestLastParseParsesAChangedSourceOnly: a Run of the same file and source
// parses nothing, renders no document, and plays what a parse would give;
// another source or file, or a source with mistakes, parses again.
func TestLastParseParsesAChangedSourceOnly(t *testing.T) {
	var cache LastParse
	var last *Outcome
	edited := strings.Replace(source, "SELECT 1", "SELECT 2", 1)
	for _, tc := range []struct {
		what, file, src string
		parses          int64
	}{
		{"the first Run", "t.md", source, 1},
		{"Run again", "t.md", source, 0},
		{"an edit", "t.md", edited, 1},
		{"the first source again", "t.md", source, 1},
		{"another file", "u.md", source, 1},
		{"a source with mistakes", "u.md", "---\n", 1},
		{"a source with mistakes again", "u.md", "---\n", 1},
	} {
		before := Parses()
		cached := Play(t.Context(), tc.file, []byte(tc.src), Options{Parsed: &cache})
		if n := Parses() - before; n != tc.parses {
			t.Errorf("%s: %d parses, want %d", tc.what, n, tc.parses)
		}
		if sameDoc := last != nil && cached.Document != nil && cached.Document == last.Document; sameDoc != (tc.parses == 0) {
			t.Errorf("%s: the document is the last play's: %v, want %v", tc.what, sameDoc, tc.parses == 0)
		}
		last = cached
		fresh := Play(t.Context(), tc.file, []byte(tc.src), Options{})
		if !reflect.DeepEqual(golden.Timeless(t, cached.Play), golden.Timeless(t, fresh.Play)) || !reflect.DeepEqual(cached.Scenario, fresh.Scenario) {
			t.Errorf("%s: the play through the cache differs from a play that parses", tc.what)
		}
	}
}

// TestLastParseOwnsItsSource: a caller that reuses its buffer for another
// source gets that source played, and the kept scenario is not changed.
func TestLastParseOwnsItsSource(t *testing.T) {
	var cache LastParse
	buf := []byte(source)
	first := Play(t.Context(), "t.md", buf, Options{Parsed: &cache})
	want := Play(t.Context(), "t.md", []byte(source), Options{})
	copy(buf, strings.Replace(source, "SELECT 1", "SELECT 2", 1))
	second := Play(t.Context(), "t.md", buf, Options{Parsed: &cache})
	if got := second.Scenario.Steps[1].SQL; got != "SELECT 2" {
		t.Errorf("the rewritten buffer played %q, want SELECT 2", got)
	}
	if !reflect.DeepEqual(first.Scenario, want.Scenario) {
		t.Error("the first play's scenario changed with the caller's buffer")
	}
}
