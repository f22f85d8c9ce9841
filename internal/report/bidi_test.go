package report

import (
	"encoding/json"
	"os"
	"testing"
	"unicode"
)

// bidiCase is one case of testdata/bidi-titles.json, which web/bidi.js's
// test reads too: the page and the Go side strip the same characters.
type bidiCase struct{ Name, Title, Plain string }

func bidiCases(t *testing.T) []bidiCase {
	t.Helper()
	b, err := os.ReadFile("testdata/bidi-titles.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []bidiCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("testdata/bidi-titles.json: %v", err)
	}
	return cases
}

func TestPlainAndIsolatedTitle(t *testing.T) {
	for _, tc := range bidiCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			if got := PlainTitle(tc.Title); got != tc.Plain {
				t.Errorf("PlainTitle(%q) = %q, want %q", tc.Title, got, tc.Plain)
			}
			if got, want := IsolatedTitle(tc.Title), "\u2068"+tc.Plain+"\u2069"; got != want {
				t.Errorf("IsolatedTitle(%q) = %q, want %q", tc.Title, got, want)
			}
		})
	}
}

// TestBidiCasesHoldEveryControl keeps the shared cases complete: every
// character of Unicode's Bidi_Control appears in a title, so the page's
// list (web/bidi.js) cannot miss one the Go side strips.
func TestBidiCasesHoldEveryControl(t *testing.T) {
	seen := map[rune]bool{}
	for _, tc := range bidiCases(t) {
		for _, r := range tc.Title {
			seen[r] = true
		}
	}
	for _, rng := range unicode.Bidi_Control.R16 {
		for r := rune(rng.Lo); r <= rune(rng.Hi); r += rune(rng.Stride) {
			if !seen[r] {
				t.Errorf("no case holds U+%04X, a bidi control", r)
			}
		}
	}
}
