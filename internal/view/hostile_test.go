package view

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/dbquirks/dbquirks/internal/wire"
)

const payload = `<img src=x onerror=alert(1)></script><script>alert(2)</script>`

// controls is a value with characters a reader would not see: a NUL, a
// terminal's window-title sequence ended by BEL, a right-to-left override.
const controls = "a\x00b\x1b]0;pwned\x07c\u202etxt.exe"

// TestHostileIsEscaped feeds attacker-controlled text into every field the
// page shows (scenario prose and metadata go through the parser; the fields
// the parser would refuse are set directly) and checks that the output holds
// only the tags and attributes the templates write.
func TestHostileIsEscaped(t *testing.T) {
	doc, tr := load(t, "hostile")
	doc.Meta.Topic = payload
	doc.Meta.Backend = payload
	doc.Meta.Storage = payload
	doc.Meta.Tags = append(doc.Meta.Tags, payload)
	doc.Meta.Links = append(doc.Meta.Links,
		wire.Link{Title: payload, URL: "javascript:alert(1)"},
		wire.Link{Title: "data", URL: "data:text/html,<script>alert(1)</script>"},
		wire.Link{Title: "spaced", URL: " JaVaScRiPt:alert(1)"})
	doc.Meta.Connections[0].Name = payload
	// The ORM code's point, its … lines and the whole code in <details>.
	doc.Meta.Django.ORM = "  " + payload + "\n" + payload + "\n" + payload
	doc.Meta.Django.ORMPoint = []wire.LineRange{{From: 2, To: 2}}
	doc.Steps[0].Conn = payload
	doc.Steps[0].Info = payload
	doc.Steps[0].Expect = []string{payload}
	doc.Steps[0].Cursor = payload

	st := &tr.Steps[0]
	st.Conn = payload
	st.Params = []wire.Param{{Name: payload, Value: wire.TextValue(payload)}}
	s := &st.Statements[0]
	s.Columns[0].DeclType = payload
	s.Rows = append(s.Rows, []wire.Value{wire.TextValue(strings.Repeat(payload, 5)), wire.BlobValue([]byte(payload))},
		// A value that would be invisible (NUL) or act on a terminal or
		// a copy of the text (ESC, BEL, a right-to-left override).
		[]wire.Value{wire.TextValue(controls), wire.TextValue(controls)})
	s.Truncated = payload
	s.Note = payload
	s.Busy = &wire.Busy{TimeoutMs: 1}
	s.Error = &wire.Error{Code: payload, Extended: payload + "x", Message: payload, Limit: payload, Note: payload}
	st.Error = &wire.Error{Code: "DBQUIRKS", Message: payload}
	st.States = append(st.States, wire.ConnState{Name: payload, Txn: payload, Cursors: []string{payload}})
	st.Checks = append(st.Checks, wire.Check{Kind: "rows", Want: payload, Got: payload})
	tr.Connections[0].Error = &wire.Error{Code: "SQLITE_ERROR", Message: payload}
	tr.Connections[0].Pragmas = []wire.Setting{{Name: payload, Value: payload}}
	tr.Stopped = &wire.Stop{Reason: "cancelled", Message: payload}
	tr.Engine.Version = payload

	var b bytes.Buffer
	b.WriteString(Scenario("/", payload, doc, tr, nil, Prerendered))
	expectOnlyOurMarkup(t, b.String())
	if i := strings.IndexAny(b.String(), "\x00\x07\x1b"); i >= 0 {
		t.Errorf("a control character reached the markup raw: %q", excerpt(b.String()[max(0, i-40):]))
	}

	b.Reset()
	b.WriteString(Gallery("/", []Entry{{ID: payload, Meta: doc.Meta}}))
	expectOnlyOurMarkup(t, b.String())
}

var (
	tagRE  = regexp.MustCompile(`^<(/?)([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>`)
	attrRE = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

// allowedTags are the elements the templates and goldmark's safe output
// write (wbr: where a line of code may break, scenario.WriteCode).
var allowedTags = map[string]bool{
	"a": true, "article": true, "code": true, "details": true, "div": true, "em": true, "figcaption": true,
	"figure": true, "h1": true, "h2": true, "h3": true, "header": true, "li": true, "nav": true, "ol": true,
	"p": true, "pre": true, "section": true, "span": true, "strong": true, "summary": true, "table": true,
	"tbody": true, "td": true, "th": true, "thead": true, "tr": true, "ul": true, "wbr": true,
}

func expectOnlyOurMarkup(t *testing.T, out string) {
	t.Helper()
	for i := 0; i < len(out); i++ {
		if out[i] != '<' {
			continue
		}
		rest := out[i:]
		if strings.HasPrefix(rest, "<!-- raw HTML omitted -->") {
			continue
		}
		m := tagRE.FindStringSubmatch(rest)
		if m == nil {
			t.Errorf("unexpected markup at %q", excerpt(rest))
			continue
		}
		if !allowedTags[m[2]] {
			t.Errorf("unexpected element <%s> at %q", m[2], excerpt(rest))
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
			name, value := a[1], a[2]
			if strings.HasPrefix(name, "on") || name == "src" || name == "style" {
				t.Errorf("unexpected attribute %s at %q", name, excerpt(rest))
			}
			if name == "href" && !safeHref(value) {
				t.Errorf("unsafe link %q", value)
			}
		}
	}
}

func safeHref(v string) bool {
	for _, p := range []string{"/", "#", "http://", "https://"} {
		if strings.HasPrefix(v, p) {
			return !strings.HasPrefix(v, "//")
		}
	}
	return false
}

func excerpt(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}

// TestTitleBidiControlsStayInTheirHeading writes a title holding a
// right-to-left override wherever a title leaves its own heading: a
// gallery card, the pager, a snippet for other sites' pages. There its
// bidi controls are dropped (report.PlainTitle, the rule web/bidi.js
// applies in the page) and its element isolates it (dir="auto"), so it
// cannot reorder the text around it.
func TestTitleBidiControlsStayInTheirHeading(t *testing.T) {
	doc, tr := load(t, "locked")
	doc.Meta.Title = "Invoice \u202efdp.exe\u202c \u2067x"
	entries := []Entry{{ID: "a", Meta: doc.Meta}, {ID: "b", Meta: doc.Meta}, {ID: "c", Meta: doc.Meta}}
	for name, out := range map[string]string{
		"gallery": Gallery("/", entries),
		"pager":   Pager("/", "b", entries),
		"snippet": Snippet("https://example.org/", "a", doc, tr),
	} {
		if i := strings.IndexFunc(out, func(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }); i >= 0 {
			t.Errorf("%s: a bidi control at %q", name, out[max(0, i-60):min(len(out), i+20)])
		}
		if !strings.Contains(out, `dir="auto">Invoice fdp.exe x<`) {
			t.Errorf("%s: the title is not isolated without its controls:\n%s", name, out)
		}
	}
}
