package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/engine"
	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

const dir = "../../scenarios"

// TestCatalogue holds every built-in scenario to the catalogue's rules and
// checks that it holds. Its golden transcript is internal/play's
// (testdata/catalogue), next to the code that plays it.
func TestCatalogue(t *testing.T) {
	scs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) == 0 {
		t.Fatal("no scenarios in " + dir)
	}
	for _, sc := range scs {
		t.Run(sc.ID, func(t *testing.T) {
			for _, problem := range catalogueProblems(sc) {
				t.Errorf("%s: %s", sc.File, problem)
			}
			tr := engine.Run(t.Context(), sc, engine.Options{})
			if tr.Failures > 0 || tr.Stopped != nil {
				t.Errorf("%s: %d unmet expectations, stopped %+v (run `dbquirks check scenarios`)", sc.File, tr.Failures, tr.Stopped)
			}
		})
	}
}

// catalogueProblems lists what a built-in scenario lacks: the front matter
// the gallery needs, the Django side, documentation links, and a step that
// proves the quirk.
func catalogueProblems(sc *scenario.Scenario) []string {
	m := sc.Meta
	var out []string
	need := func(ok bool, what string) {
		if !ok {
			out = append(out, what)
		}
	}
	need(m.Title != "" && m.Title != sc.ID, "front matter needs a title")
	need(m.Summary != "" && !strings.Contains(m.Summary, "\n"), "front matter needs a one-line summary")
	need(slices.Contains(scenario.Topics, m.Topic), "front matter needs a topic: one of "+strings.Join(scenario.Topics, ", "))
	need(len(m.Tags) > 0, "front matter needs tags")
	need(m.Backend != "", "front matter needs the backend the quirk is about")
	need(m.Django.Versions != "", "django.versions must name the Django releases checked")
	need(strings.Contains(m.Django.Versions, "5.2") || strings.Contains(m.Django.Versions, "6."), "django.versions must include 5.2 LTS or newer")
	need(strings.TrimSpace(m.Django.ORM) != "", "django.orm must show the ORM code that meets the quirk")
	need(strings.TrimSpace(m.Django.SQL) != "", "django.sql must show the SQL Django sends")
	need(hasLink(m.Links, "https://docs.djangoproject.com/"), "links need the Django documentation (https://docs.djangoproject.com/...)")
	need(hasLink(m.Links, "https://sqlite.org/") || hasLink(m.Links, "https://www.sqlite.org/"), "links need the SQLite documentation (https://sqlite.org/...)")
	need(slices.ContainsFunc(sc.Steps, func(st scenario.Step) bool { return st.Quirk }), "mark the step that shows the quirk with the quirk option")
	if n := numberedProse(sc); n != "" {
		out = append(out, "the prose numbers its parts ("+n+"…) beside steps the page numbers 1, 2, 3: name the steps (\"step 3\") or drop the numbers")
	}
	return out
}

// numberedProse is the start of the first paragraph of prose that numbers
// itself ("<strong>1. …", or a numbered list), "" when none does: beside
// the page's "Step 2", a "1." reads as another count of the same steps.
func numberedProse(sc *scenario.Scenario) string {
	doc := sc.Document()
	prose := []string{doc.EpilogueHTML}
	for _, st := range doc.Steps {
		prose = append(prose, st.ExplanationHTML)
	}
	for _, html := range prose {
		if m := numberedRE.FindString(html); m != "" {
			return m
		}
	}
	return ""
}

var numberedRE = regexp.MustCompile(`<ol[ >]|<p><strong>[0-9]+[.)]`)

func hasLink(links []wire.Link, prefix string) bool {
	return slices.ContainsFunc(links, func(l wire.Link) bool { return strings.HasPrefix(l.URL, prefix) })
}

// TestReadmeExample plays the complete example of the format spec, so the
// spec cannot show a scenario the engine rejects.
func TestReadmeExample(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(spec), "````markdown\n")
	example, _, ok2 := strings.Cut(rest, "\n````\n")
	if !ok || !ok2 {
		t.Fatal("scenarios/README.md has no ````markdown example")
	}
	sc, err := scenario.Parse("example.md", []byte(example+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	tr := engine.Run(t.Context(), sc, engine.Options{})
	if tr.Failures > 0 || tr.Stopped != nil {
		var b bytes.Buffer
		report.Text(&b, tr, report.Options{})
		t.Errorf("the README example fails its own expectations:\n%s", b.String())
	}
	if !slices.ContainsFunc(sc.Steps, func(st scenario.Step) bool { return st.Quirk }) {
		t.Error("the README example should mark its quirk step")
	}
}

// required are the scenarios the catalogue promises (issue 4); more are
// welcome, none of these may go missing.
var required = []string{
	"sqlite-like-ascii-case", "sqlite-like-unicode-case", "sqlite-decimal-real", "sqlite-database-locked",
	"sqlite-iterator-isolation", "sqlite-select-for-update", "sqlite-pyformat-params", "sqlite-json1",
	"sqlite-type-affinity", "sqlite-varchar-length", "sqlite-manual-pk-sequence", "sqlite-rowid-reuse",
	"sqlite-foreign-keys", "sqlite-alter-table", "sqlite-datetime-text", "sqlite-boolean-integer",
	"sqlite-max-variables", "sqlite-unique-null", "sqlite-integer-division", "sqlite-savepoints-ddl",
	"sqlite-collation-nocase", "sqlite-order-nulls", "sqlite-group-concat-order", "mysql-string-number-cast",
	"oracle-empty-string-null", "turso-replica-stale-read", "tortoise-two-pools", "singlestore-unique-keys",
}

func TestRequiredScenariosExist(t *testing.T) {
	ids, err := IDs(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range required {
		if !slices.Contains(ids, id) {
			t.Errorf("the catalogue lacks the required scenario %s", id)
		}
	}
}
