package scenario

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/wire"
	"go.yaml.in/yaml/v3"
)

// splitFrontMatter separates a leading "---" YAML block from the Markdown
// body. It returns the YAML text, the line on which the YAML starts, and the
// byte offset at which the body starts. A source without front matter is
// all body.
func splitFrontMatter(s *source) (yamlText string, yamlLine, bodyStart int) {
	if s.line(1) != "---" {
		return "", 0, 0
	}
	for n := 2; n <= len(s.start); n++ {
		if s.line(n) == "---" {
			end := len(s.text)
			if n < len(s.start) {
				end = s.start[n]
			}
			return s.text[s.start[1]:s.start[n-1]], 2, end
		}
	}
	s.errorAt(1, 1, "front matter opened with --- is never closed by a line holding only ---")
	return "", 0, len(s.text)
}

// frontMatter decodes the YAML front matter into meta, reporting unknown or
// malformed keys at their position.
type frontMatter struct {
	s      *source
	offset int // add to YAML line numbers to get source lines
	// newlines[i] is how many of the source's line breaks ("\n") come
	// before the YAML's line i+1. The YAML parser also breaks lines at a
	// lone "\r" (and at NEL, LS and PS), which the source does not, so its
	// line numbers are mapped through this (yamlLines).
	newlines []int
}

// Topics are the topics a scenario may have, in the order the gallery
// shows them.
var Topics = []string{"text", "numbers", "transactions", "schema", "types"}

func (f *frontMatter) parse(text string, meta *wire.Meta) {
	f.newlines = yamlLines(text)
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(text), &root); err != nil {
		line, msg := yamlErrorLine(err.Error())
		f.s.errorAt(f.line(line), 1, "front matter: %s", msg)
		return
	}
	if len(root.Content) == 0 {
		return
	}
	top := root.Content[0]
	if !f.kind(top, yaml.MappingNode, "the front matter") {
		return
	}
	f.fields(top, "front matter", map[string]func(*yaml.Node){
		"title":       func(n *yaml.Node) { meta.Title = f.shortText(n, MaxTitleChars, "a title", "title") },
		"summary":     func(n *yaml.Node) { meta.Summary = f.shortText(n, MaxSummaryChars, "a summary", "summary") },
		"topic":       func(n *yaml.Node) { meta.Topic = f.oneOf(n, Topics...) },
		"tags":        func(n *yaml.Node) { meta.Tags = f.list(n) },
		"backend":     func(n *yaml.Node) { meta.Backend = f.word(n) },
		"storage":     func(n *yaml.Node) { meta.Storage = f.oneOf(n, StorageMemdb, StorageMVCC) },
		"django":      func(n *yaml.Node) { f.django(n, &meta.Django) },
		"links":       func(n *yaml.Node) { meta.Links = f.links(n) },
		"connections": func(n *yaml.Node) { meta.Connections = f.connections(n) },
		"flips":       func(n *yaml.Node) { meta.Flips = f.flips(n) },
	})
}

// yamlErrorLine pulls the line number out of a yaml.v3 error such as
// "yaml: line 3: mapping values are not allowed in this context".
func yamlErrorLine(msg string) (int, string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return n, tail
			}
		}
	}
	return 1, msg
}

func (f *frontMatter) errorAt(n *yaml.Node, format string, args ...any) {
	f.s.errorAt(f.line(n.Line), n.Column, format, args...)
}

// line is the source line of the YAML's line n.
func (f *frontMatter) line(n int) int {
	if len(f.newlines) == 0 || n < 1 {
		return 1 + f.offset
	}
	return 1 + f.newlines[min(n, len(f.newlines))-1] + f.offset
}

// yamlLines counts, for each line as the YAML parser numbers them, the
// "\n" before its start. The parser breaks lines at "\r\n", "\r", "\n",
// NEL, LS and PS.
func yamlLines(text string) []int {
	out := []int{0}
	nl := 0
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\n':
			nl++
		case text[i] == '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
				nl++
			}
		case strings.HasPrefix(text[i:], "\u0085"):
			i++
		case strings.HasPrefix(text[i:], "\u2028"), strings.HasPrefix(text[i:], "\u2029"):
			i += 2
		default:
			continue
		}
		out = append(out, nl)
	}
	return out
}

func (f *frontMatter) kind(n *yaml.Node, want yaml.Kind, what string) bool {
	if n.Kind == want {
		return true
	}
	names := map[yaml.Kind]string{yaml.MappingNode: "a mapping of keys to values", yaml.SequenceNode: "a list", yaml.ScalarNode: "a single value"}
	f.errorAt(n, "%s must be %s", what, names[want])
	return false
}

// fields calls handle[key] for every key of mapping n, and reports keys it
// does not know and keys given twice.
func (f *frontMatter) fields(n *yaml.Node, where string, handle map[string]func(*yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		h, ok := handle[k.Value]
		switch {
		case !ok:
			f.errorAt(k, "unknown key %q in %s (known: %s)", k.Value, where, strings.Join(slices.Sorted(maps.Keys(handle)), ", "))
		case seen[k.Value]:
			f.errorAt(k, "key %q given twice in %s", k.Value, where)
		default:
			h(v)
		}
		seen[k.Value] = true
	}
}

func (f *frontMatter) text(n *yaml.Node) string {
	if !f.kind(n, yaml.ScalarNode, "this value") {
		return ""
	}
	if len(n.Value) > MaxValueBytes {
		f.errorAt(n, "this value is %s; a front-matter value may be at most %s (dbquirks value-size limit)",
			byteSize(len(n.Value)), byteSize(MaxValueBytes))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// shortText is a text value of at most max characters; what and limit
// name it in the diagnostic.
func (f *frontMatter) shortText(n *yaml.Node, max int, what, limit string) string {
	v := f.text(n)
	if c := utf8.RuneCountInString(v); c > max {
		f.errorAt(n, "%s may be at most %d characters, and this one has %d (dbquirks %s limit)", what, max, c, limit)
		return ""
	}
	return v
}

// word is a value without spaces: a backend name, a pragma value.
func (f *frontMatter) word(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return f.text(n) // reports the value's shape once
	}
	v := f.text(n)
	if !isWord(v) {
		f.errorAt(n, "%q must be a single word of letters, digits, '_', '-', '.' or '+'", v)
	}
	return v
}

func (f *frontMatter) oneOf(n *yaml.Node, allowed ...string) string {
	v := f.text(n)
	if slices.Contains(allowed, v) {
		return v
	}
	f.errorAt(n, "%q is not one of: %s", v, strings.Join(allowed, ", "))
	return ""
}

func (f *frontMatter) list(n *yaml.Node) []string {
	if !f.kind(n, yaml.SequenceNode, "this value") {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		out = append(out, f.text(item))
	}
	return out
}

func (f *frontMatter) links(n *yaml.Node) []wire.Link {
	if !f.kind(n, yaml.SequenceNode, "links") {
		return nil
	}
	var out []wire.Link
	for _, item := range n.Content {
		if !f.kind(item, yaml.MappingNode, "each link") {
			continue
		}
		var l wire.Link
		var title *yaml.Node
		var hasURL bool // a bad url was reported already
		f.fields(item, "a link", map[string]func(*yaml.Node){
			"title": func(n *yaml.Node) { l.Title, title = f.text(n), n },
			"url":   func(n *yaml.Node) { l.URL, hasURL = f.url(n), true },
		})
		switch {
		case title == nil || !hasURL:
			f.errorAt(item, "a link needs both a title and a url")
		case l.Title == "" && title.Kind == yaml.ScalarNode: // other shapes were reported
			f.errorAt(title, "a link's title is empty")
		}
		out = append(out, l)
	}
	return out
}

func (f *frontMatter) url(n *yaml.Node) string {
	v := f.text(n)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		f.errorAt(n, "%q is not an http or https address", v)
		return ""
	}
	return v
}

func (f *frontMatter) connections(n *yaml.Node) []wire.Connection {
	if !f.kind(n, yaml.MappingNode, "connections") {
		return nil
	}
	var out []wire.Connection
	declared := n.Content
	if over := f.tooManyConnections(n); over >= 0 {
		declared = declared[:2*over] // the rest would only add diagnostics
	}
	for i := 0; i+1 < len(declared); i += 2 {
		k, v := declared[i], declared[i+1]
		if !isIdent(k.Value) {
			f.errorAt(k, "connection name %q must be a letter or '_' followed by letters, digits or '_'", k.Value)
			continue
		}
		for _, c := range out {
			if c.Name == k.Value {
				f.errorAt(k, "connection %q declared twice", k.Value)
			}
		}
		out = append(out, f.connection(k.Value, v))
	}
	return out
}

// tooManyConnections reports the first connection of mapping n past
// MaxConnections, counting the default connection whether it is declared
// or not, and returns its index among the declared ones, or -1.
func (f *frontMatter) tooManyConnections(n *yaml.Node) int {
	keys := len(n.Content) / 2
	total := keys + 1
	for i := 0; i < len(n.Content); i += 2 {
		if n.Content[i].Value == DefaultConn {
			total--
			break
		}
	}
	if total <= MaxConnections {
		return -1
	}
	over := keys - (total - MaxConnections)
	f.errorAt(n.Content[2*over], "a scenario may have at most %d connections, counting %s, and this is connection %d (dbquirks connections limit)",
		MaxConnections, DefaultConn, MaxConnections+1)
	return over
}

func (f *frontMatter) connection(name string, n *yaml.Node) wire.Connection {
	c := wire.Connection{Name: name}
	if n.Kind == yaml.ScalarNode && n.Value == "" { // "other:" with nothing after it
		return c
	}
	if !f.kind(n, yaml.MappingNode, "connection "+name) {
		return c
	}
	f.fields(n, "connection "+name, map[string]func(*yaml.Node){
		"busy_timeout": func(n *yaml.Node) { c.BusyTimeoutMs = f.number(n, 0, MaxBusyTimeoutMs) },
		"pragmas":      func(n *yaml.Node) { c.Pragmas = f.settings(n, "pragmas", nil) },
		"limits":       func(n *yaml.Node) { c.Limits = f.settings(n, "limits", LimitNames) },
		"transaction_mode": func(n *yaml.Node) {
			c.TransactionMode = f.oneOf(n, TransactionModes...)
		},
	})
	return c
}

// settings reads a mapping of names to values, in order; known, when not
// nil, is the list of allowed names.
func (f *frontMatter) settings(n *yaml.Node, what string, known []string) []wire.Setting {
	if !f.kind(n, yaml.MappingNode, what) {
		return nil
	}
	var out []wire.Setting
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !isIdent(k.Value):
			f.errorAt(k, "%q is not a valid name", k.Value)
		case known != nil && !slices.Contains(known, k.Value):
			f.errorAt(k, "unknown limit %q (known: %s)", k.Value, strings.Join(known, ", "))
		case known != nil:
			out = append(out, wire.Setting{Name: k.Value, Value: strconv.FormatInt(f.number(v, 0, 1<<31-1), 10)})
		default:
			out = append(out, wire.Setting{Name: k.Value, Value: f.word(v)})
		}
	}
	return out
}

func (f *frontMatter) number(n *yaml.Node, lo, hi int64) int64 {
	v := f.text(n)
	x, err := strconv.ParseInt(v, 10, 64)
	if err != nil || x < lo || x > hi {
		f.errorAt(n, "%q must be a whole number from %d to %d", v, lo, hi)
	}
	return x
}

// LimitNames are the SQLite run-time limits a scenario may lower, by the
// name sqlite3_limit uses without the SQLITE_LIMIT_ prefix, in lower case.
var LimitNames = []string{
	"length", "sql_length", "column", "expr_depth", "compound_select", "vdbe_op",
	"function_arg", "attached", "like_pattern_length", "variable_number", "trigger_depth",
}
