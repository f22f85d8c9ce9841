package export

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// checkMarkdownSafe parses md as GitHub-flavoured Markdown, the way a forum
// or a wiki will, and fails if the result holds anything but text the
// exporter meant: raw HTML (inline or a block), an image, a link that is
// not http, https or mailto, or a code block it did not open (every block
// the exporter writes is sql or text). The one HTML allowed is the <br> a
// table cell uses for a line break. A carriage return, a line break to
// Markdown but not to strings.Split, must not appear at all.
func checkMarkdownSafe(t *testing.T, name, md string) {
	t.Helper()
	if strings.Contains(md, "\r") {
		t.Errorf("%s: Markdown holds a carriage return:\n%q", name, md)
	}
	// The heading is the title leaving its page: no bidi control goes with it.
	if head, _, _ := strings.Cut(md, "\n"); strings.IndexFunc(head, func(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }) >= 0 {
		t.Errorf("%s: the heading holds a bidi control: %q", name, head)
	}
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		bad := ""
		switch n := n.(type) {
		case *ast.RawHTML:
			if html := string(n.Segments.Value(src)); html != "<br>" { // cell's own line breaks
				bad = "raw HTML " + html
			}
		case *ast.HTMLBlock:
			bad = "an HTML block " + string(n.Lines().Value(src))
		case *ast.Image:
			bad = "an image"
		case *ast.Link:
			if !safeLink(string(n.Destination)) {
				bad = "a link to " + string(n.Destination)
			}
		case *ast.AutoLink:
			if u := string(n.URL(src)); !safeLink(u) && !(n.AutoLinkType == ast.AutoLinkEmail) {
				bad = "a link to " + u
			}
		case *ast.FencedCodeBlock:
			if lang := string(n.Language(src)); lang != "sql" && lang != "text" {
				bad = "a code block with info " + lang
			}
		case *ast.CodeBlock:
			bad = "an indented code block"
		case *extast.TaskCheckBox:
			bad = "a task check box"
		}
		if bad != "" {
			t.Errorf("%s: the Markdown makes %s:\n%s", name, bad, md)
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
}

// TestMarkdownUntrusted: a scenario's text and results reach the Markdown
// report as text only, whatever they hold.
func TestMarkdownUntrusted(t *testing.T) {
	const img = `<img src=x onerror=alert(1)>`
	hostile := []string{
		img, "&lt;script&gt;", "&#60;img src=x&#62;", "<javascript:alert(1)>", "[x](javascript:alert(1))",
		"![x](https://tracker.example/p.png)", "x\r" + img, "x\r\n\r\n" + img, "    indented", "- [ ] task",
		"1. first", "---", "+ item", "=", "`" + img + "`", "```\n" + img + "\n```", "\\" + img,
	}
	for _, s := range hostile {
		doc := &wire.Document{
			Meta:  wire.Meta{Title: s, Summary: s, Storage: s, Django: wire.Django{Versions: s}, Connections: []wire.Connection{{Name: s}, {Name: "b"}}},
			Steps: []wire.DocStep{{Index: 1, Conn: s, Kind: "open", Cursor: s, SQL: s + "\n" + s}},
		}
		tr := &wire.Transcript{Failures: 1, Storage: s, Engine: wire.Engine{SQLite: s, Version: s}, Stopped: &wire.Stop{Message: s},
			Connections: []wire.Connection{{Name: s, Error: &wire.Error{Message: s}}},
			Steps: []wire.Step{{Index: 1, Params: []wire.Param{{Name: s, Value: wire.TextValue(s)}},
				Statements: []wire.Statement{
					{SQL: s, Columns: []wire.Column{{Name: s, DeclType: s}}, Rows: [][]wire.Value{{wire.TextValue(s)}}, RowCount: 1, Truncated: s, Note: s},
					{SQL: s, Busy: &wire.Busy{}, Error: &wire.Error{Code: s, Extended: s, Message: s, Note: s}},
				},
				States: []wire.ConnState{{Name: s, Txn: s}},
				Checks: []wire.Check{{Kind: "rows", Want: s, Got: s}, {Kind: s, Want: s, Got: s}}}}}
		for _, link := range []string{"", s, "javascript:alert(1)", "https://x.example/#v1." + s} {
			checkMarkdownSafe(t, fmt.Sprintf("%q, link %q", s, link), Markdown(doc, tr, hostileLanes(s, s), link))
		}
	}
}

func TestInlineAndCell(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":             `a\|b`,
		"<img onerror=x>": `&lt;img onerror=x&gt;`,
		"*_`[x](y)`_*":    "\\*\\_\\`\\[x\\](y)\\`\\_\\*",
		"&lt;":            `&amp;lt;`,
		"a\u202eb\x00":    `a\u202eb\u0000`,
	} {
		if got := inline(in); got != want {
			t.Errorf("inline(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cell("one\r\ntwo\nthree|"); got != `one<br>two<br>three\|` {
		t.Errorf("cell: %q", got)
	}
	if got := code("a`b|c"); got != "``a`b\\|c``" {
		t.Errorf("code: %q", got)
	}
	for in, want := range map[string]string{
		"  - item": `\- item`, "+1": `\+1`, "===": `\===`, "12. x": `12\. x`, "3) y": `3\) y`, "2024 was": "2024 was",
	} {
		if got := paragraph(in); got != want {
			t.Errorf("paragraph(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMarkdownTitleWithoutBidiControls: the report's heading is the title
// leaving its page, pasted into a forum post; its bidi controls are
// dropped (report.PlainTitle, as the page's copied snippets do), not shown
// as escapes the author never wrote.
func TestMarkdownTitleWithoutBidiControls(t *testing.T) {
	doc := &wire.Document{Meta: wire.Meta{Title: "Invoice \u202efdp.exe\u202c \u2067quirk"}}
	head, _, _ := strings.Cut(Markdown(doc, nil, nil, ""), "\n")
	if want := "### Invoice fdp.exe quirk"; head != want {
		t.Errorf("heading = %q, want %q", head, want)
	}
}
