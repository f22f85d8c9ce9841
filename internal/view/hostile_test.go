package view

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

const payload = `<img src=x onerror=alert(1)></script><script>alert(2)</script>`

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
	doc.Steps[0].Conn = payload
	doc.Steps[0].Info = payload
	doc.Steps[0].Expect = []string{payload}
	doc.Steps[0].Cursor = payload

	st := &tr.Steps[0]
	st.Conn = payload
	st.Params = []wire.Param{{Name: payload, Value: wire.TextValue(payload)}}
	s := &st.Statements[0]
	s.Columns[0].DeclType = payload
	s.Rows = append(s.Rows, []wire.Value{wire.TextValue(strings.Repeat(payload, 5)), wire.BlobValue([]byte(payload))})
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

	b.Reset()
	b.WriteString(Gallery("/", []Entry{{ID: payload, Meta: doc.Meta}}))
	expectOnlyOurMarkup(t, b.String())
}

var (
	tagRE  = regexp.MustCompile(`^<(/?)([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>`)
	attrRE = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

// allowedTags are the elements the templates and goldmark's safe output
// write.
var allowedTags = map[string]bool{
	"a": true, "article": true, "code": true, "details": true, "div": true, "em": true, "figcaption": true,
	"figure": true, "h1": true, "h2": true, "h3": true, "header": true, "li": true, "nav": true, "ol": true,
	"p": true, "pre": true, "section": true, "span": true, "strong": true, "summary": true, "table": true,
	"tbody": true, "td": true, "th": true, "thead": true, "tr": true, "ul": true,
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
