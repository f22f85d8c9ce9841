package scenario

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// djangoSide is a scenario whose django.orm is orm, a literal block
// starting on line 5, with models unless without says otherwise.
func djangoSide(orm string, withModels bool) string {
	var b strings.Builder
	b.WriteString("---\ndjango:\n")
	if withModels {
		b.WriteString("  models: |\n    class P(models.Model): pass\n")
	} else {
		b.WriteString("  sql: SELECT 1\n  versions: \"5.2\"\n")
	}
	b.WriteString("  orm: |\n")
	for l := range strings.SplitSeq(orm, "\n") {
		if l != "" {
			b.WriteString("    " + l)
		}
		b.WriteString("\n")
	}
	b.WriteString("---\n```sql\nSELECT 1\n```\n")
	return b.String()
}

func TestORMPoint(t *testing.T) {
	tests := []struct {
		name  string
		orm   string
		whole string
		point []wire.LineRange
	}{
		{"no markers", "a()\nb()", "a()\nb()", nil},
		{"one stretch", "setup()\n# point\nquirk()\n# end point\nteardown()",
			"setup()\nquirk()\nteardown()", []wire.LineRange{{From: 2, To: 2}}},
		{"two stretches, indented markers", "def f():\n    # point\n    x = 1\n    # end point\n    y = 2\nz = 3\n# point\nf()\n# end point",
			"def f():\n    x = 1\n    y = 2\nz = 3\nf()", []wire.LineRange{{From: 2, To: 2}, {From: 5, To: 5}}},
		{"blank lines at a stretch's ends are left out", "a()\n# point\n\nb()\n\n# end point\nc()",
			"a()\n\nb()\n\nc()", []wire.LineRange{{From: 3, To: 3}}},
		{"from the first line to the middle", "# point\na()\n# end point\nb()", "a()\nb()", []wire.LineRange{{From: 1, To: 1}}},
		{"the last line", "a()\n# point\nb()\n# end point", "a()\nb()", []wire.LineRange{{From: 2, To: 2}}},
		{"comments that only look like markers", "# pointless\n# the point is\n# endpoints\nx()", "# pointless\n# the point is\n# endpoints\nx()", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dj := mustParse(t, djangoSide(tt.orm, true)).Meta.Django
			if dj.ORM != tt.whole || !reflect.DeepEqual(dj.ORMPoint, tt.point) {
				t.Errorf("orm %q\n got: %q %v\nwant: %q %v", tt.orm, dj.ORM, dj.ORMPoint, tt.whole, tt.point)
			}
		})
	}
}

func TestORMPointMistakes(t *testing.T) {
	// The orm block's first line is line 6 of the source.
	tests := []struct {
		name       string
		orm        string
		withModels bool
		want       string
	}{
		{"never closed", "a()\n# point\nb()", true, `t.md:7:5: django.orm: "# point" is never closed by "# end point"`},
		{"closed, never opened", "a()\n# end point\nb()", true, `t.md:7:5: django.orm: "# end point" without a "# point" before it`},
		{"opened twice", "# point\na()\n    # point\nb()\n# end point\nc()", true, `t.md:8:9: django.orm: "# point" inside the point opened on line 1`},
		{"empty", "a()\n# point\n# end point\nb()", true, `t.md:8:5: django.orm: the point opened on line 2 is empty`},
		{"only blank lines", "a()\n# point\n\n# end point\nb()", true, `t.md:9:5: django.orm: the point opened on line 2 is empty`},
		{"the whole code", "# point\na()\n\nb()\n# end point", true, `t.md:6:5: django.orm: the point is the whole code`},
		{"no space", "a()\n#point\nb()\n# end point", true, `t.md:7:5: django.orm: a point marker is "# point" or "# end point", alone on its line`},
		{"capital", "a()\n# Point\nb()\n# end point", true, `t.md:7:5: django.orm: a point marker is`},
		{"a label", "a()\n# point: the fix\nb()\n# end point", true, `t.md:7:5: django.orm: a point marker is`},
		{"a dash", "a()\n# point\nb()\n# end-point", true, `t.md:9:5: django.orm: a point marker is`},
		{"without models", "a()\n# point\nb()\n# end point", false, `t.md:5:8: "# point" markers need django.models`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expectDiag(t, djangoSide(tt.orm, tt.withModels), tt.want) })
	}
}

func TestPointMarkersOutsideORM(t *testing.T) {
	src := "---\ndjango:\n  models: |\n    class P(models.Model):\n        # point\n        pass\n  orm: P.objects.all()\n---\n```sql\nSELECT 1\n```\n"
	expectDiag(t, src, `t.md:5:9: django.models: point markers belong in django.orm`)
	// In a style other than a literal block the lines are the YAML's to
	// fold: the mistake is reported at the value.
	quoted := "---\ndjango:\n  models: x\n  orm: \"a()\\n# point\\nb()\"\n---\n```sql\nSELECT 1\n```\n"
	expectDiag(t, quoted, `t.md:4:8: django.orm: "# point" is never closed`)
}

// FuzzCutPoint: whatever the code, the point lies inside the code left,
// in order, no marker is left in it, and code without a marker line is
// left as it was.
func FuzzCutPoint(f *testing.F) {
	for _, s := range []string{"a\n# point\nb\n# end point\nc", "# point\n\n# end point", "# end point\n# point", "#point\n  # point\n x\n # end point"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		whole, point, problems := cutPoint(code)
		lines := strings.Split(whole, "\n")
		last := 0
		for _, r := range point {
			if r.From <= last || r.To < r.From || r.To > len(lines) {
				t.Fatalf("point %v of %d lines, after line %d", point, len(lines), last)
			}
			last = r.To
		}
		for _, l := range lines {
			if m := pointMarker(l); m == markerOpen || m == markerClose {
				t.Fatalf("a marker is left in %q", whole)
			}
		}
		marked := false
		for l := range strings.SplitSeq(code, "\n") {
			marked = marked || pointMarker(l) != notMarker
		}
		if !marked && (whole != strings.TrimRight(code, "\n") || point != nil || problems != nil) {
			t.Fatalf("code without markers changed: %q → %q %v %v", code, whole, point, problems)
		}
		for _, p := range problems {
			if p.line < 1 || p.line > strings.Count(code, "\n")+1 {
				t.Fatalf("problem outside the code: %+v", p)
			}
		}
	})
}
