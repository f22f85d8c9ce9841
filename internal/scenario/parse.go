package scenario

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/wire"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the one goldmark configuration used both to find steps and to
// render prose. Raw HTML stays off (goldmark's default): scenarios arrive
// from links anyone can craft.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 1000))),
	// Before goldmark's own (1000): inline code gets its break points.
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(codeSpanRenderer{}, 100))),
)

// Parse reads a scenario from its Markdown source. file names the scenario
// in diagnostics, and its base name without ".md" becomes the id. The error,
// when not nil, is [Diagnostics].
func Parse(file string, src []byte) (*Scenario, error) {
	if len(src) > MaxSourceBytes {
		// Reading on would cost what the limit is there to prevent.
		s := newSource(file, string(src[:MaxSourceBytes+1]))
		s.errorAtOffset(MaxSourceBytes, "this scenario is %s; a scenario may be at most %s, and this line passes it (dbquirks source-size limit)",
			byteSize(len(src)), byteSize(MaxSourceBytes))
		return nil, s.err()
	}
	s := newSource(file, string(src))
	if at := invalidUTF8(src); at >= 0 {
		// Everything after would be misread; one clear message is better.
		s.errorAtOffset(at, "this is not UTF-8 text: save the scenario as UTF-8")
		return nil, s.err()
	}
	sc := &Scenario{
		ID:     strings.TrimSuffix(path.Base(strings.ReplaceAll(file, `\`, "/")), ".md"),
		File:   file,
		Source: s.text,
	}
	yamlText, yamlLine, bodyStart := splitFrontMatter(s)
	if yamlText != "" {
		fm := &frontMatter{s: s, offset: yamlLine - 1}
		fm.parse(yamlText, &sc.Meta)
	}
	sc.finishMeta(s)

	sc.body = src[bodyStart:]
	p := &bodyParser{sc: sc, s: s, base: bodyStart, cursors: map[string]string{}}
	p.walk(markdown.Parser().Parse(text.NewReader(sc.body)))
	if len(sc.Steps) == 0 && s.err() == nil {
		line, _ := s.position(bodyStart)
		s.errorAt(line, 1, "this scenario has no steps: add a fenced block that starts with ```sql")
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	sc.Meta.Django.NoteHTML = renderMarkdown(sc.Meta.Django.NoteHTML)
	return sc, nil
}

// invalidUTF8 returns the offset of the first byte that is not part of
// valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// finishMeta fills defaults: memdb storage, a title, and the default
// connection first in the list.
func (sc *Scenario) finishMeta(s *source) {
	m := &sc.Meta
	if m.Storage == "" {
		m.Storage = StorageMemdb
	}
	if m.Title == "" {
		m.Title = sc.ID
	}
	i := slices.IndexFunc(m.Connections, func(c wire.Connection) bool { return c.Name == DefaultConn })
	switch {
	case i < 0:
		m.Connections = slices.Insert(m.Connections, 0, wire.Connection{Name: DefaultConn})
	case i > 0:
		def := m.Connections[i]
		m.Connections = slices.Insert(slices.Delete(m.Connections, i, i+1), 0, def)
	}
}

// bodyParser walks the top level of the Markdown body: fenced sql blocks
// become steps, a rows block after a step becomes its expected rows, and
// everything else is prose explaining the next step.
type bodyParser struct {
	sc      *Scenario
	s       *source
	base    int               // offset of the body in the source
	cursors map[string]string // open cursor name -> its connection
	prose   []ast.Node
	last    ast.Node // the previous top-level node, to attach rows blocks
	quirks  []quirkMark
	// laneAnchor is the 1-based step that lane blocks attach to: the step
	// just read, until prose comes between (lanes.go).
	laneAnchor int
}

func (p *bodyParser) walk(doc ast.Node) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if fc, ok := n.(*ast.FencedCodeBlock); ok {
			switch string(fc.Language(p.sc.body)) {
			case "sql":
				if !p.laneBlock(fc) {
					p.step(fc)
				}
				p.last = n
				continue
			case "rows":
				if !p.laneRows(fc) {
					p.rows(fc)
				}
				p.last = nil
				continue
			}
		}
		p.laneAnchor = 0
		p.refuseNestedSteps(n)
		p.prose = append(p.prose, n)
		p.last = n
	}
	p.sc.prose = append(p.sc.prose, p.prose)
	p.checkQuirks()
}

// refuseNestedSteps reports sql blocks inside lists or quotes: they would
// look like steps but could not run in order.
func (p *bodyParser) refuseNestedSteps(n ast.Node) {
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := c.(*ast.FencedCodeBlock); ok && entering && c != n {
			if lang := string(fc.Language(p.sc.body)); lang == "sql" || lang == "rows" {
				p.s.errorAtOffset(p.infoOffset(fc), "a %s block must start at the left margin, not inside a list or quote", lang)
			}
		}
		return ast.WalkContinue, nil
	})
}

func (p *bodyParser) infoOffset(fc *ast.FencedCodeBlock) int {
	return p.base + fc.Info.Segment.Start
}

// step turns a fenced sql block into a Step.
func (p *bodyParser) step(fc *ast.FencedCodeBlock) {
	infoStart := p.infoOffset(fc)
	line, _ := p.s.position(infoStart)
	if len(p.sc.Steps) == MaxSteps {
		p.s.errorAt(line, 1, "a scenario may have at most %d steps, and this is step %d (dbquirks steps limit)", MaxSteps, MaxSteps+1)
	}
	info := string(fc.Info.Segment.Value(p.sc.body))
	opts := strings.TrimSpace(strings.TrimPrefix(info, "sql"))
	optsStart := infoStart + strings.Index(info, opts)
	st := Step{
		Index: len(p.sc.Steps) + 1,
		Line:  line,
		Conn:  DefaultConn,
		Kind:  Exec,
		SQL:   strings.TrimRight(string(fc.Lines().Value(p.sc.body)), "\n"),
		Info:  opts,
	}
	p.applyOptions(&st, opts, optsStart)
	p.sc.prose = append(p.sc.prose, p.prose)
	p.prose = nil
	p.sc.Steps = append(p.sc.Steps, st)
	p.laneAnchor = st.Index
}

func (p *bodyParser) applyOptions(st *Step, info string, at int) {
	opts, err := splitOptions(info)
	if err != nil {
		p.s.errorAtOffset(at+err.offset, "%s", err.msg)
		return
	}
	seen := map[string]bool{}
	set := map[string]option{}
	for _, o := range opts {
		where := at + o.col
		if p.laneOption(st, o, where) {
			continue
		}
		switch _, known := stepOptions[o.key]; {
		case !known:
			msg := "unknown option " + strconv.Quote(o.key)
			if s := suggest(o.key); s != "" {
				msg += " (did you mean " + strconv.Quote(s) + "?)"
			}
			p.s.errorAtOffset(where, "%s", msg)
		case seen[o.key]:
			p.s.errorAtOffset(where, "option %q given twice", o.key)
		case o.flag != flagOptions[o.key]:
			if o.flag {
				p.s.errorAtOffset(where, "option %q needs a value: %s=...", o.key, o.key)
			} else {
				p.s.errorAtOffset(where, "option %s takes no value", o.key)
			}
		default:
			set[o.key] = o
		}
		seen[o.key] = true
	}
	p.applyConn(st, set, at)
	p.applyCursor(st, set, at)
	p.applyParams(st, set, at)
	p.applyExpect(st, set, at)
	if o, ok := set["quirk"]; ok {
		st.Quirk = true
		p.quirks = append(p.quirks, quirkMark{step: st.Index, at: at + o.col})
	}
}

// quirkMark remembers where a step was marked quirk: whether it proves
// anything is known only after a rows block that may follow it.
type quirkMark struct{ step, at int }

// checkQuirks reports quirk steps that state nothing the engine checks.
func (p *bodyParser) checkQuirks() {
	for _, q := range p.quirks {
		if !p.sc.Steps[q.step-1].Proves() {
			p.s.errorAtOffset(q.at, "the step marked quirk needs an expectation that proves it: expect=, rows=, changes=, busy=, txn= or a rows block")
		}
	}
}

func (p *bodyParser) applyConn(st *Step, set map[string]option, at int) {
	o, ok := set["conn"]
	if !ok {
		return
	}
	for _, c := range p.sc.Meta.Connections {
		if c.Name == o.value {
			st.Conn = o.value
			return
		}
	}
	names := make([]string, len(p.sc.Meta.Connections))
	for i, c := range p.sc.Meta.Connections {
		names[i] = c.Name
	}
	p.s.errorAtOffset(at+o.col, "unknown connection %q (declared in the front matter: %s)", o.value, strings.Join(names, ", "))
}

// applyCursor works out the step's kind from its cursor options and body,
// and keeps track of which cursors are open so that a fetch from a cursor
// that was never opened is caught before anything runs.
func (p *bodyParser) applyCursor(st *Step, set map[string]option, at int) {
	cur, hasCursor := set["cursor"]
	fetch, hasFetch := set["fetch"]
	_, hasClose := set["close"]
	body := strings.TrimSpace(st.SQL) != ""
	if hasFetch {
		st.Fetch = p.fetchCount(fetch, at)
	}
	if !hasCursor {
		if hasFetch || hasClose {
			p.s.errorAtOffset(at, "fetch and close need a cursor: add cursor=NAME")
		}
		if !body {
			p.s.errorAt(st.Line, 1, "this sql step is empty")
		}
		return
	}
	if !isIdent(cur.value) {
		p.s.errorAtOffset(at+cur.col, "cursor name %q must be a letter or '_' followed by letters, digits or '_'", cur.value)
		return
	}
	st.Cursor = cur.value
	openOn, open := p.cursors[st.Cursor]
	switch {
	case body && hasClose:
		p.s.errorAtOffset(at+cur.col, "a step that closes a cursor has no SQL: close it in a step of its own")
	case body && open:
		p.s.errorAtOffset(at+cur.col, "cursor %q is already open: close it first", st.Cursor)
	case body:
		st.Kind = Open
		p.cursors[st.Cursor] = st.Conn
	case !open:
		p.s.errorAtOffset(at+cur.col, "no cursor %q is open here: open it with cursor=%s on a step whose SQL is a query", st.Cursor, st.Cursor)
	case hasClose && hasFetch:
		p.s.errorAtOffset(at+fetch.col, "a step either fetches or closes, not both")
	case hasClose:
		st.Kind = Close
		delete(p.cursors, st.Cursor)
	case hasFetch:
		st.Kind = Fetch
	default:
		p.s.errorAtOffset(at+cur.col, "a step on an open cursor needs fetch=N, fetch=all or close")
	}
	if open && !body {
		if _, explicit := set["conn"]; explicit && st.Conn != openOn {
			p.s.errorAtOffset(at+cur.col, "cursor %q belongs to connection %s", st.Cursor, openOn)
		}
		st.Conn = openOn
	}
}

func (p *bodyParser) fetchCount(o option, at int) int {
	if o.value == "all" {
		return FetchAll
	}
	n, ok := count(o.value)
	if !ok || n > MaxFetch {
		p.s.errorAtOffset(at+o.col, "fetch=%s: use a number of rows up to %d, or all", o.value, MaxFetch)
	}
	return int(n)
}

func (p *bodyParser) applyParams(st *Step, set map[string]option, at int) {
	o, ok := set["params"]
	if !ok {
		return
	}
	params, err := parseLiterals(o.value, true)
	if err != nil {
		le := err.(*literalError)
		p.s.errorAtOffset(at+o.valCol+le.offset, "params: %s", le.msg)
		return
	}
	st.Params = params
}

func (p *bodyParser) applyExpect(st *Step, set map[string]option, at int) {
	add := func(kind, want string, o option) {
		line, _ := p.s.position(at + o.col)
		st.Expect = append(st.Expect, Expectation{Kind: kind, Want: want, Line: line})
	}
	if o, ok := set["expect"]; ok {
		if errorCodeWant(o.value) {
			add("error", o.value, o)
		} else {
			p.s.errorAtOffset(at+o.col, "expect=%s: use ok or an SQLite result code name such as SQLITE_BUSY or SQLITE_CONSTRAINT_UNIQUE", o.value)
		}
	} else {
		st.Expect = append(st.Expect, Expectation{Kind: "error", Want: "ok", Line: st.Line, Implicit: true})
	}
	for _, k := range []struct{ opt, kind string }{{"rows", "rowCount"}, {"changes", "changes"}} {
		if o, ok := set[k.opt]; ok {
			if _, valid := count(o.value); valid {
				add(k.kind, o.value, o)
			} else {
				p.s.errorAtOffset(at+o.col, "%s=%s: use a whole number", k.opt, o.value)
			}
		}
	}
	if o, ok := set["busy"]; ok {
		if _, valid := count(o.value); valid || o.value == "refused" || o.value == "none" {
			add("busy", o.value, o)
		} else {
			p.s.errorAtOffset(at+o.col, "busy=%s: use the virtual milliseconds waited, refused (no wait at all) or none (no lock met)", o.value)
		}
	}
	if o, ok := set["txn"]; ok {
		if o.value == "none" || o.value == "read" || o.value == "write" {
			add("txn", o.value, o)
		} else {
			p.s.errorAtOffset(at+o.col, "txn=%s: use none, read or write", o.value)
		}
	}
}

// rows reads a rows block: the exact rows the step before it must return,
// one per line, in SQL literal notation.
func (p *bodyParser) rows(fc *ast.FencedCodeBlock) {
	at := p.infoOffset(fc)
	fence, ok := p.last.(*ast.FencedCodeBlock)
	if !ok || string(fence.Language(p.sc.body)) != "sql" || len(p.sc.Steps) == 0 {
		p.s.errorAtOffset(at, "a rows block must come right after the sql step whose rows it lists")
		return
	}
	if extra := strings.TrimSpace(strings.TrimPrefix(string(fc.Info.Segment.Value(p.sc.body)), "rows")); extra != "" {
		p.s.errorAtOffset(at, "a rows block takes no options, found %q", extra)
	}
	st := &p.sc.Steps[len(p.sc.Steps)-1]
	line, _ := p.s.position(at)
	exp := Expectation{Kind: "rows", Line: line, Rows: [][]wire.Value{}}
	var wants []string
	lines := fc.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw := strings.TrimRight(string(seg.Value(p.sc.body)), "\r\n")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		vals, err := parseLiterals(raw, false)
		if err != nil {
			p.s.errorAtOffset(p.base+seg.Start+err.(*literalError).offset, "rows: %s", err.(*literalError).msg)
			continue
		}
		row := make([]wire.Value, len(vals))
		lits := make([]string, len(vals))
		for j, v := range vals {
			row[j], lits[j] = v.Value, v.Value.Literal()
		}
		exp.Rows = append(exp.Rows, row)
		wants = append(wants, strings.Join(lits, ", "))
	}
	exp.Want = strings.Join(wants, "\n")
	st.Expect = append(st.Expect, exp)
}
