package view

import (
	"reflect"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
	"github.com/dbquirks/dbquirks/internal/wire"
)

// TestORMPointGolden: a Django side whose ORM code marks its point shows
// the point, with … for the code left out, and the whole code, without the
// markers, in a <details>.
func TestORMPointGolden(t *testing.T) {
	src := "---\ndjango:\n  versions: \"5.2\"\n  models: |\n    class Item(models.Model):\n        stock = models.IntegerField()\n  orm: |\n" +
		"    import threading\n\n    def buy():\n        # point\n        with transaction.atomic():\n            item = Item.objects.get(pk=1)\n            item.save()\n        # end point\n        done.set()\n\n" +
		"    # point\n    buy()  # <raises> & \"fails\"\n    # end point\n    assert done.is_set()\n" +
		"  sql: SELECT 1\n---\n```sql\nSELECT 1\n```\n"
	sc, err := scenario.Parse("point.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var w writer
	writeDjango(&w, sc.Meta.Django)
	expectGolden(t, "django-point", []byte(w.String()))
}

func TestPointLines(t *testing.T) {
	code := []string{"a()", "", "def f():", "    b()", "    c()", "", "d()"}
	tests := []struct {
		name  string
		point []wire.LineRange
		want  []shownLine
		ok    bool
	}{
		{"no point", nil, nil, false},
		{"the middle, indented", []wire.LineRange{{From: 4, To: 4}},
			[]shownLine{{text: "", elided: true, leftOut: 2}, {text: "    b()"}, {text: "    ", elided: true, leftOut: 2}}, true},
		{"two stretches; blank lines are not counted", []wire.LineRange{{From: 1, To: 1}, {From: 7, To: 7}},
			[]shownLine{{text: "a()"}, {text: "", elided: true, leftOut: 3}, {text: "d()"}}, true},
		{"a gap of blank lines is shown as it is", []wire.LineRange{{From: 1, To: 1}, {From: 3, To: 7}},
			[]shownLine{{text: "a()"}, {text: ""}, {text: "def f():"}, {text: "    b()"}, {text: "    c()"}, {text: ""}, {text: "d()"}}, true},
		{"out of order", []wire.LineRange{{From: 4, To: 4}, {From: 1, To: 1}}, nil, false},
		{"overlapping", []wire.LineRange{{From: 1, To: 3}, {From: 3, To: 4}}, nil, false},
		{"past the end", []wire.LineRange{{From: 7, To: 8}}, nil, false},
		{"before the start", []wire.LineRange{{From: 0, To: 1}}, nil, false},
		{"backwards", []wire.LineRange{{From: 4, To: 3}}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := pointLines(code, tt.point)
			if ok != tt.ok || (ok && !reflect.DeepEqual(got, tt.want)) {
				t.Errorf("pointLines(%v) = %+v %v, want %+v %v", tt.point, got, ok, tt.want, tt.ok)
			}
		})
	}
}
