package export

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbquirks/dbquirks/internal/lane"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// DjangoTest writes a Python module with one Django test that replays the
// scenario's SQL through connection.cursor() and asserts what the scenario
// claims: the errors it expects (with SQLite's message when t has it), the
// rows of its rows blocks, row counts, changes and transaction states.
//
// A scenario that opens transactions itself, uses several connections or
// sets pragmas that do nothing inside a transaction cannot run inside
// TestCase's wrapping transaction; it gets a TransactionTestCase, and the
// module's comments say why and what settings it needs. What cannot be
// reproduced at all (dbquirks' sandbox refusals, its virtual busy clock) is
// said in a comment where it happens. t may be nil; with it, the test follows
// the statements exactly as SQLite split them and the errors as they came.
// sc is the caller's parsed scenario: a scenario with mistakes has no test.
// lanes are the other engines' answers (recorded PostgreSQL and MariaDB),
// written as comments after each step.
func DjangoTest(sc *scenario.Scenario, t *wire.Transcript, lanes []lane.Lane, permalink string) string {
	if sc == nil {
		sc = &scenario.Scenario{}
	}
	g := newPyGen(sc, t)
	g.lanes = lanes
	g.plan()
	g.method() // first, to learn what the imports must be
	body := g.b.String()
	g.b.Reset()
	g.header(permalink)
	g.class(body)
	return g.b.String()
}

// pyGen writes the Python module.
type pyGen struct {
	b       strings.Builder
	t       *wire.Transcript
	sc      *scenario.Scenario
	results map[int]*wire.Step
	lanes   []lane.Lane

	multi       bool              // more than one connection
	transaction bool              // needs TransactionTestCase
	why         []string          // why TransactionTestCase
	vars        map[string]string // connection or cursor name -> Python variable
	used        map[string]bool   // Python names already given out
	excs        map[string]bool   // exception classes the test uses
	usesRaw     bool              // the test calls sqlite3 directly
	usesDates   bool              // the test uses django.utils.dateparse
}

func newPyGen(sc *scenario.Scenario, t *wire.Transcript) *pyGen {
	g := &pyGen{sc: sc, t: t, results: stepResults(t), vars: map[string]string{}, used: map[string]bool{}, excs: map[string]bool{}}
	for name := range pyReserved {
		g.used[name] = true
	}
	return g
}

func (g *pyGen) line(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteString("\n")
}

// comment writes text as comment lines, wrapped near 88 columns.
func (g *pyGen) comment(indent int, text string) {
	width := 88 - 4*indent - 2
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(commentSafe(para))
		if len(words) == 0 {
			g.line(indent, "#")
			continue
		}
		cur := ""
		for _, w := range words {
			if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
				g.line(indent, "# %s", cur)
				cur = ""
			}
			if cur != "" {
				cur += " "
			}
			cur += w
		}
		g.line(indent, "# %s", cur)
	}
}

// The module's first two lines are fixed. Python takes a source encoding
// from a "coding" comment on line 1 or 2 (PEP 263), so a title there saying
// "coding: utf-7" would make the interpreter decode the rest of the file as
// UTF-7, where "+AAo-" is a line break: summary text would run as code.
// Line 1 declares UTF-8 itself, and line 2 holds nothing from the scenario.
const (
	pyCodingLine = "# -*- coding: utf-8 -*-"
	pySecondLine = "# A Django test that replays a dbquirks scenario."
)

func (g *pyGen) header(permalink string) {
	m := g.sc.Meta
	g.line(0, "%s", pyCodingLine)
	g.line(0, "%s", pySecondLine)
	g.line(0, "#")
	g.comment(0, m.Title)
	if m.Summary != "" {
		g.comment(0, m.Summary)
	}
	g.line(0, "#")
	if permalink != "" {
		g.comment(0, "Run it in the browser: "+permalink)
	}
	ver := "Exported from dbquirks."
	if g.t != nil {
		ver = "Exported from dbquirks " + g.t.Engine.Version + ", which ran it on SQLite " + g.t.Engine.SQLite + "."
	}
	g.comment(0, ver+" Results can differ between SQLite versions: python -c \"import sqlite3; print(sqlite3.sqlite_version)\" shows yours.")
	g.line(0, "#")
	g.comment(0, "Put this file in an app's tests and run: python manage.py test")
	if g.transaction {
		g.line(0, "#")
		g.comment(0, "This is a TransactionTestCase, not a TestCase, because "+strings.Join(g.why, "; ")+
			". It cleans up after itself: it drops the tables it made and closes its connections.")
	}
	if g.multi || g.sc.Meta.Storage == scenario.StorageMVCC {
		g.settingsNote()
	}
	g.line(0, "")
}

// settingsNote says which DATABASES the test needs: several connections to
// one database file. An in-memory test database would not do: Django
// shares it between connections through SQLite's shared cache, whose table
// locks fail with "database table is locked" instead of waiting.
func (g *pyGen) settingsNote() {
	g.line(0, "#")
	g.comment(0, "It needs a test database in a file (in memory, Django's connections would share one cache, whose table locks behave differently)"+
		map[bool]string{true: ", and every connection of the scenario as a database alias mirroring \"default\":", false: ":"}[g.multi])
	g.line(0, "#")
	g.line(0, "#     DATABASES = {")
	g.line(0, "#         \"default\": {")
	g.line(0, "#             \"ENGINE\": \"django.db.backends.sqlite3\",")
	g.line(0, "#             \"NAME\": BASE_DIR / \"db.sqlite3\",")
	g.line(0, "#             \"TEST\": {\"NAME\": BASE_DIR / \"test-db.sqlite3\"},")
	g.line(0, "#         },")
	for _, c := range g.sc.Meta.Connections[1:] {
		g.line(0, "#         %s: {", commentSafe(pyStr(c.Name)))
		g.line(0, "#             \"ENGINE\": \"django.db.backends.sqlite3\",")
		g.line(0, "#             \"NAME\": BASE_DIR / \"db.sqlite3\",")
		g.line(0, "#             \"TEST\": {\"MIRROR\": \"default\"},")
		g.line(0, "#         },")
	}
	g.line(0, "#     }")
}

func (g *pyGen) class(body string) {
	if g.usesRaw {
		g.line(0, "import sqlite3")
		g.line(0, "")
	}
	var names []string
	if !g.multi {
		names = append(names, "connection")
	}
	if g.multi || g.transaction {
		names = append(names, "connections")
	}
	n := len(names)
	for e := range g.excs {
		names = append(names, e)
	}
	sort.Strings(names[n:])
	g.line(0, "from django.db import %s", strings.Join(names, ", "))
	base := "TestCase"
	if g.transaction {
		base = "TransactionTestCase"
	}
	g.line(0, "from django.test import %s", base)
	if g.usesDates {
		g.line(0, "from django.utils.dateparse import parse_date, parse_datetime, parse_time")
	}
	g.line(0, "")
	g.line(0, "")
	id := g.sc.ID
	if id == "" {
		id = "custom scenario"
	}
	class := identifier(id, "")
	if class == "" || unicode.IsDigit(rune(class[0])) {
		class = "Scenario" + class
	}
	g.line(0, "class %sTests(%s):", class, base)
	if g.multi {
		var aliases []string
		for _, c := range g.sc.Meta.Connections {
			aliases = append(aliases, pyStr(c.Name))
		}
		g.line(1, "databases = {%s}", strings.Join(aliases, ", "))
		g.line(0, "")
	}
	if g.transaction {
		g.cleanup()
	}
	g.line(1, "def test_%s(self):", strings.ToLower(identifier(id, "_")))
	if body == "" {
		g.line(2, "pass") // a scenario without connections or steps
	}
	g.b.WriteString(body)
}

// cleanup writes what a TransactionTestCase needs to leave the test
// database as it found it: Django only empties tables after such a test, so
// the tables the scenario made, its open transactions, its pragmas and (for
// mvcc) WAL mode would otherwise reach the next test.
func (g *pyGen) cleanup() {
	g.line(1, "def setUp(self):")
	g.line(2, "self.schema_before = self.schema()")
	g.line(0, "")
	g.line(1, "def tearDown(self):")
	g.comment(2, "End open transactions, close the scenario's connections (and with them its pragmas), and drop the tables it made.")
	g.line(2, "for alias in self.databases:")
	g.line(3, "raw = connections[alias].connection")
	g.line(3, "if raw is not None and raw.in_transaction:")
	g.line(4, "raw.rollback()")
	g.line(3, "if alias != \"default\":")
	g.line(4, "connections[alias].close()")
	g.line(2, "with connections[\"default\"].cursor() as cursor:")
	g.line(3, "cursor.execute(\"PRAGMA foreign_keys = OFF\")")
	g.line(3, "for kind, name in sorted(self.schema() - self.schema_before, reverse=True):")
	g.line(4, "cursor.execute('DROP %%s IF EXISTS \"%%s\"' %% (kind.upper(), name.replace('\"', '\"\"')))")
	if g.sc.Meta.Storage == scenario.StorageMVCC {
		g.line(3, "cursor.execute(\"PRAGMA journal_mode = DELETE\")")
	}
	g.line(2, "connections[\"default\"].close()")
	g.line(0, "")
	g.line(1, "def schema(self):")
	g.line(2, "with connections[\"default\"].cursor() as cursor:")
	g.line(3, "cursor.execute(")
	g.line(4, "\"SELECT type, name FROM sqlite_master\"")
	g.line(4, "\" WHERE type IN ('table', 'view') AND substr(name, 1, 7) <> 'sqlite_'\"")
	g.line(3, ")")
	g.line(3, "return set(cursor.fetchall())")
	g.line(0, "")
}
