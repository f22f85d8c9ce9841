package view

import (
	"strings"
	"testing"
)

// TestQuirkFigure: the figure at the top shows the quirk step's SQL and
// the very bytes of its result area, before the Django side and the steps;
// a scenario without a quirk step has no figure.
func TestQuirkFigure(t *testing.T) {
	doc, tr := load(t, "locked")
	out := Scenario("/", "locked", doc, tr, nil, Prerendered)
	var quirk int
	for i, ds := range doc.Steps {
		if ds.Quirk {
			quirk = i
			break
		}
	}
	ds := doc.Steps[quirk]
	if !strings.Contains(out, areaOf("quirk-result", StepResult(doc, tr, nil, ds))) {
		t.Errorf("the quirk figure does not hold step %d's result area", ds.Index)
	}
	fig, django, steps := strings.Index(out, `data-testid="quirk"`), strings.Index(out, `class="django"`), strings.Index(out, `data-testid="steps"`)
	if fig < 0 || django < fig || steps < django {
		t.Errorf("the quirk figure is at %d, the Django side at %d, the steps at %d: want the quirk first", fig, django, steps)
	}

	doc.Steps[quirk].Quirk = false
	if out := Scenario("/", "locked", doc, tr, nil, Prerendered); strings.Contains(out, `data-testid="quirk"`) {
		t.Error("a scenario without a quirk step has a quirk figure")
	}
}
