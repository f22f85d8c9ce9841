package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary sources to the parser, seeded with every
// scenario of the catalogue. Whatever the input, Parse returns a scenario
// or diagnostics that point inside the source, and a scenario renders.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../scenarios/*.md")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(string(src))
		}
	}
	f.Add("---\ntitle: x\nconnections:\n  other:\n    busy_timeout: 5\n---\n```sql conn=other quirk rows=1\nSELECT 1\n```\n```rows\n1\n```\n")
	f.Add("```sql cursor=c fetch=2\nSELECT 1\n```\n```sql cursor=c close\n```\n")
	for _, src := range hostileSeeds() {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		sc, err := Parse("f.md", []byte(src))
		if err != nil {
			var d Diagnostics
			if !errors.As(err, &d) || len(d) == 0 {
				t.Fatalf("error is not diagnostics: %v", err)
			}
			lines := strings.Count(src, "\n") + 1
			for _, diag := range d {
				if diag.Line < 1 || diag.Line > lines || diag.Column < 1 || diag.Message == "" {
					t.Fatalf("diagnostic outside the source (%d lines): %+v", lines, diag)
				}
			}
			return
		}
		doc := sc.Document()
		if len(doc.Steps) != len(sc.Steps) {
			t.Fatalf("document has %d steps, scenario %d", len(doc.Steps), len(sc.Steps))
		}
		for _, s := range doc.Steps {
			if strings.Contains(strings.ToLower(s.ExplanationHTML), "<script") {
				t.Fatalf("raw HTML reached the page: %s", s.ExplanationHTML)
			}
		}
	})
}

// FuzzLiterals checks that literal notation read back from a value's
// Literal() gives the same value.
func FuzzLiterals(f *testing.F) {
	for _, s := range []string{"1, 'a', NULL", "x'00ff', 1.5, -3", "'it''s', 1e+21", ":n='x', @m=2, $o=NULL", "0.30000000000000004"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		params, err := parseLiterals(s, true)
		if err != nil {
			return
		}
		for _, p := range params {
			lit := p.Value.Literal()
			back, err := parseLiterals(lit, false)
			if err != nil || len(back) != 1 || back[0].Value != p.Value {
				if !utf8.ValidString(lit) {
					continue
				}
				t.Fatalf("%q: value %+v prints as %q, which reads back as %+v (%v)", s, p.Value, lit, back, err)
			}
		}
	})
}

// hostileSeeds are the links that once hurt the page (issue 17): past the
// limits a link could ask for, and text that must stay text.
func hostileSeeds() []string {
	var conns strings.Builder
	conns.WriteString("---\ntitle: many\nconnections:\n")
	for i := range 10000 {
		fmt.Fprintf(&conns, "  c%d:\n", i)
	}
	conns.WriteString("---\n```sql\nSELECT 1\n```\n")
	return []string{
		conns.String(),
		strings.Repeat("```sql\nSELECT 1\n```\n", 5000),
		"---\ntitle: x\nsummary: " + strings.Repeat("y", 1<<20) + "\n---\n```sql\nSELECT 1\n```\n",
		"---\ntitle: \"# -*- coding: utf-7 -*- \\u202efdp.exe\\u202c\"\nsummary: \"+AAo-import os+AAo-\"\n---\n" +
			"```sql\nPRAGMA locking_mode=EXCLUSIVE\n```\n```sql cursor=c fetch=all\nINSERT INTO t VALUES (1)\n```\n```sql cursor=c fetch=all\n```\n",
		"---\ntitle: \"a\\0b\\e]0;pwned\\a\"\n---\n```sql\nSELECT 'a' || char(0) || 'b', char(27) || '[31m' || char(7)\n```\n",
	}
}
