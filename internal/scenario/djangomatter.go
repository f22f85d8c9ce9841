package scenario

import (
	"strings"
	"unicode"

	"github.com/dbquirks/dbquirks/internal/wire"
	"go.yaml.in/yaml/v3"
)

// The front matter's django mapping: the Django side of a quirk, which the
// page shows and make test-django runs.

// DjangoDatabaseFile is the one value of django.database: make test-django
// runs the ORM code on an SQLite database in a file, which every connection
// opens, instead of an in-memory one only the first connection sees. A
// scenario whose ORM code runs two connections in threads needs it.
const DjangoDatabaseFile = "file"

func (f *frontMatter) django(n *yaml.Node, d *wire.Django) {
	if !f.kind(n, yaml.MappingNode, "django") {
		return
	}
	var app, raises, database, orm *yaml.Node
	f.fields(n, "django", map[string]func(*yaml.Node){
		"versions": func(n *yaml.Node) { d.Versions = f.text(n) },
		"app":      func(n *yaml.Node) { d.App, app = f.pythonName(n, "an app label"), n },
		"models":   func(n *yaml.Node) { d.Models = f.models(n) },
		"orm":      func(n *yaml.Node) { d.ORM, d.ORMPoint = f.orm(n); orm = n },
		"raises":   func(n *yaml.Node) { d.Raises, raises = f.exception(n), n },
		"database": func(n *yaml.Node) { d.Database, database = f.oneOf(n, DjangoDatabaseFile), n },
		"sql":      func(n *yaml.Node) { d.SQL = strings.TrimRight(f.text(n), "\n") },
		"note":     func(n *yaml.Node) { d.NoteHTML = f.text(n) }, // Markdown until rendered
	})
	// app, raises and database describe how the models and the ORM code
	// run (make test-django); without models nothing runs them.
	for _, k := range []*yaml.Node{app, raises, database} {
		if k != nil && d.Models == "" {
			f.errorAt(k, "this key needs django.models: only a scenario with models is run by make test-django")
		}
	}
	// The point stands for code that runs; code nothing runs is short
	// enough to show whole.
	if len(d.ORMPoint) > 0 && d.Models == "" {
		f.errorAt(orm, "%q markers need django.models: the point is cut from code make test-django runs", PointOpen)
	}
}

// orm is django.orm without its point markers, and the point they mark
// (ormpoint.go); their mistakes are reported on their lines.
func (f *frontMatter) orm(n *yaml.Node) (string, []wire.LineRange) {
	whole, point, problems := cutPoint(strings.TrimRight(f.text(n), "\n"))
	for _, p := range problems {
		f.codeErrorAt(n, p.line, "django.orm: %s", p.msg)
	}
	return whole, point
}

// models is django.models, where a point marker means the author meant
// django.orm.
func (f *frontMatter) models(n *yaml.Node) string {
	code := strings.TrimRight(f.text(n), "\n")
	for i, l := range strings.Split(code, "\n") {
		if m := pointMarker(l); m == markerOpen || m == markerClose {
			f.codeErrorAt(n, i+1, "django.models: point markers belong in django.orm, the code whose point they mark")
		}
	}
	return code
}

// codeErrorAt reports a mistake on line (counted from 1) of the trimmed
// text of code node n. In a literal block ("|") the text's lines are the
// source's, and the mistake is reported on its own line; in any other
// style the lines are folded or escaped, and it is reported at the node.
func (f *frontMatter) codeErrorAt(n *yaml.Node, line int, format string, args ...any) {
	if n.Style&yaml.LiteralStyle == 0 {
		f.errorAt(n, format, args...)
		return
	}
	trimmed := n.Value[:len(n.Value)-len(strings.TrimLeftFunc(n.Value, unicode.IsSpace))]
	at := f.line(n.Line + strings.Count(trimmed, "\n") + line)
	text := f.s.line(at)
	f.s.errorAt(at, len(text)-len(strings.TrimLeft(text, " \t"))+1, format, args...)
}

// pythonName is a Python identifier in lower case: an app label.
func (f *frontMatter) pythonName(n *yaml.Node, what string) string {
	v := f.text(n)
	if !isPythonName(v) || strings.ToLower(v) != v {
		f.errorAt(n, "%q is not %s: lower-case letters, digits and '_', not starting with a digit", v, what)
		return ""
	}
	return v
}

// exception is an exception's class name, optionally dotted and followed by
// ": " and a part of its message ("IntegrityError: UNIQUE constraint").
func (f *frontMatter) exception(n *yaml.Node) string {
	v := f.text(n)
	name, _, _ := strings.Cut(v, ": ")
	for part := range strings.SplitSeq(name, ".") {
		if !isPythonName(part) {
			f.errorAt(n, "%q does not start with an exception's class name (IntegrityError, or IntegrityError: part of the message)", v)
			return ""
		}
	}
	return v
}

func isPythonName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
