package view

import (
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestSearchText(t *testing.T) {
	doc := &wire.Document{
		Meta: wire.Meta{Title: "T", Django: wire.Django{ORM: "Order.objects.filter(name__icontains=x)", NoteHTML: "<p>PostgreSQL uses <code>UPPER</code>.</p>"}},
		Steps: []wire.DocStep{
			{ExplanationHTML: "<p>First&nbsp;para</p><p>second &amp; <em>MariaDB</em></p>", SQL: "SELECT\n  1"},
		},
		EpilogueHTML: "<h2>Why</h2><p>Because.</p>",
	}
	got := SearchText(doc)
	for _, want := range []string{"order.objects.filter(name__icontains=x)", "postgresql uses upper .", "para second & mariadb", "select 1", "why because."} {
		if !strings.Contains(got, want) {
			t.Errorf("SearchText = %q, lacks %q", got, want)
		}
	}
	if strings.ContainsAny(got, "<>") {
		t.Errorf("SearchText kept markup: %q", got)
	}
}
