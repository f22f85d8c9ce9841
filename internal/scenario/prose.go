package scenario

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Document returns the scenario as a page shows it: metadata, each step's
// explanation as HTML, and the prose after the last step.
func (sc *Scenario) Document() wire.Document {
	d := wire.Document{ID: sc.ID, Meta: sc.Meta, Source: sc.Source}
	for i, st := range sc.Steps {
		d.Steps = append(d.Steps, wire.DocStep{
			Index:           st.Index,
			Line:            st.Line,
			Conn:            st.Conn,
			Kind:            string(st.Kind),
			Cursor:          st.Cursor,
			Fetch:           st.Fetch,
			SQL:             st.SQL,
			Info:            st.Info,
			Expect:          st.expectNotes(),
			Quirk:           st.Quirk,
			ExplanationHTML: sc.renderNodes(sc.prose[i]),
		})
	}
	if n := len(sc.prose); n > 0 {
		d.EpilogueHTML = sc.renderNodes(sc.prose[n-1])
	}
	d.Shape = shape(&d)
	return d
}

// shape is wire.Document.Shape: a digest of the fields the page compares
// to decide whether an article can stay (web/marks.js sameStructure): the
// front matter, and each step's index, line, connection, kind, cursor,
// fetch, SQL, options line, explanation and quirk mark, and the epilogue.
func shape(d *wire.Document) string {
	type step struct {
		Index, Line, Fetch      int
		Conn, Kind, Cursor, SQL string
		Info, ExplanationHTML   string
		Quirk                   bool
	}
	steps := make([]step, len(d.Steps))
	for i, s := range d.Steps {
		steps[i] = step{s.Index, s.Line, s.Fetch, s.Conn, s.Kind, s.Cursor, s.SQL, s.Info, s.ExplanationHTML, s.Quirk}
	}
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(struct {
		Meta     wire.Meta
		Steps    []step
		Epilogue string
	}{d.Meta, steps, d.EpilogueHTML}); err != nil {
		panic(err) // strings, numbers and booleans always encode
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// expectNotes lists the step's explicit expectations in scenario notation.
func (st Step) expectNotes() []string {
	var out []string
	for _, e := range st.Expect {
		switch {
		case e.Implicit:
		case e.Kind == "rows":
			out = append(out, "rows:\n"+e.Want)
		default:
			out = append(out, wire.OptionFor(e.Kind)+"="+e.Want)
		}
	}
	return out
}

func (sc *Scenario) renderNodes(nodes []ast.Node) string {
	var b bytes.Buffer
	for _, n := range nodes {
		if err := markdown.Renderer().Render(&b, sc.body, n); err != nil {
			b.WriteString("<p>(this part of the explanation could not be rendered)</p>")
		}
	}
	return b.String()
}

// renderMarkdown renders a piece of Markdown from the front matter.
func renderMarkdown(md string) string {
	if md == "" {
		return ""
	}
	src := []byte(md)
	doc := markdown.Parser().Parse(text.NewReader(src))
	var b bytes.Buffer
	if err := markdown.Renderer().Render(&b, src, doc); err != nil {
		return ""
	}
	return b.String()
}

// codeSpanRenderer renders inline code as goldmark does, plus the break
// points of CodePieces, so that code wider than a phone's line wraps where
// an editor would.
type codeSpanRenderer struct{}

func (codeSpanRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindCodeSpan, renderCodeSpan)
}

func renderCodeSpan(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var code strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		var v []byte
		switch c := c.(type) {
		case *ast.Text:
			v = c.Segment.Value(src)
		case *ast.String:
			v = c.Value
		}
		// A line ending inside the span reads as a space (CommonMark).
		if s, ok := bytes.CutSuffix(v, []byte("\n")); ok {
			code.Write(s)
			code.WriteByte(' ')
			continue
		}
		code.Write(v)
	}
	w.WriteString("<code>")
	WriteCode(w, code.String(), codeEscaper)
	w.WriteString("</code>")
	return ast.WalkSkipChildren, nil
}

// codeEscaper escapes what goldmark escapes in inline code.
var codeEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// safeLinks is a goldmark AST transformer that keeps only links a reader
// can follow safely: http, https and mailto addresses, and links within the
// site. goldmark already drops javascript: and friends; this list is
// stricter, because browsers forgive a lot (tabs inside a scheme, leading
// spaces) and a permalink can carry any Markdown.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var unsafe []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if !SafeURL(string(l.Destination)) {
				unsafe = append(unsafe, n)
			}
		case *ast.Image:
			if !SafeURL(string(l.Destination)) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if !SafeURL(string(l.URL(reader.Source()))) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		unwrap(n, reader.Source())
	}
}

// unwrap replaces a link by its text.
func unwrap(n ast.Node, src []byte) {
	parent := n.Parent()
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(src)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// SafeURL reports whether u, read the way a browser reads it, is an http,
// https or mailto address or a relative link.
func SafeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.TrimLeftFunc(u, func(r rune) bool { return r <= ' ' })
	parsed, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch strings.ToLower(parsed.Scheme) {
	case "http", "https", "mailto":
		return true
	case "":
		return true
	}
	return false
}
