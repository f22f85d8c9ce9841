package view

import (
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestSearchText(t *testing.T) {
	doc := &wire.Document{
		Meta: wire.Meta{Title: "T", Django: wire.Django{ORM: "Order.objects.filter(name__icontains=x)", NoteHTML: "<p>PostgreSQL uses <code>UPPER</code>.</p>"}},
		Steps: []wire.DocStep{
			{ExplanationHTML: "<p>First&nbsp;para</p><p>second &amp; <em>MariaDB</em></p>", SQL: "SELECT\n  1"},
			{ExplanationHTML: mustRender(t, "Call `Tag.objects.get(day='2024-12-31')`.")},
		},
		EpilogueHTML: "<h2>Why</h2><p>Because.</p>",
	}
	got := SearchText(doc)
	for _, want := range []string{"order.objects.filter(name__icontains=x)", "postgresql uses upper .", "para second & mariadb", "select 1", "why because.", "call tag.objects.get(day='2024-12-31') ."} {
		if !strings.Contains(got, want) {
			t.Errorf("SearchText = %q, lacks %q", got, want)
		}
	}
	if strings.ContainsAny(got, "<>") {
		t.Errorf("SearchText kept markup: %q", got)
	}
}

// mustRender is the parser's HTML for prose, as a step's explanation.
func mustRender(t *testing.T, prose string) string {
	t.Helper()
	sc, err := scenario.Parse("t.md", []byte(prose+"\n\n```sql\nSELECT 1\n```\n"))
	if err != nil {
		t.Fatal(err)
	}
	return sc.Document().Steps[0].ExplanationHTML
}
