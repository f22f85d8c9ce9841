package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// quirkEdit is a scenario's source with one step edited, as a reader
// trying a variation would: a comment added to the first SQL line of the
// step marked quirk. It returns the edited source and the step's number.
func quirkEdit(t *testing.T, id string) (original, edited string, step int) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(env.scenarios, id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(id+".md", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sc.Steps {
		if st.Quirk {
			lines := strings.Split(string(src), "\n")
			lines[st.Line] += " -- edited"
			return string(src), strings.Join(lines, "\n"), st.Index
		}
	}
	t.Fatalf("%s has no step marked quirk", id)
	return "", "", 0
}

// TestEditLinkOfEveryScenario makes, with the page's engine, the link to a
// one-step edit of every catalogue scenario: each is under 1,000
// characters. Three of them (the first, middle and last scenario) are
// opened: each opens with the changed step marked, named in the notice and
// in view. (Opening one costs a fresh engine, up to a minute on a loaded
// two-core machine; that every link decodes to its edited source exactly
// is checked natively for all of them, in internal/permalink.)
func TestEditLinkOfEveryScenario(t *testing.T) {
	tb := editTab(t)
	tb.open("s/" + env.ids[0] + "/")
	tb.waitLive()
	links := map[string]string{}
	for _, id := range env.ids {
		original, edited, _ := quirkEdit(t, id)
		frag := eval[string](tb, fmt.Sprintf(`window.__dbquirks.engineCall("linkEncode", %s, %s, "", %s).then((r) => r.fragment)`,
			jsString(edited), jsString(id), jsString(original)))
		links[id] = env.url + "s/" + id + "/#" + frag
		if n := len(links[id]); n >= 1000 || !strings.HasPrefix(frag, "v2.") {
			t.Errorf("%s: the link to a one-step edit is %d characters (%.12s…), want a v2 link under 1,000", id, n, frag)
		}
	}
	for _, id := range []string{env.ids[0], env.ids[len(env.ids)/2], env.ids[len(env.ids)-1]} {
		_, edited, step := quirkEdit(t, id)
		tb.open("about:blank")
		tb.open(links[id])
		tb.waitLive()
		tb.waitFor("the changed steps", `Array.isArray(window.__dbquirks.sharedChanged)`)
		if got := eval[string](tb, `window.__dbquirks.lastDocument.source`); got != edited {
			t.Errorf("%s: the link opened %d bytes, not the edited source", id, len(got))
			continue
		}
		if got := eval[string](tb, `JSON.stringify(window.__dbquirks.sharedChanged)`); got != fmt.Sprintf("[%d]", step) {
			t.Errorf("%s: changed steps %s, want [%d]", id, got, step)
		}
		marked := eval[string](tb, `JSON.stringify([...document.querySelectorAll('[data-testid=step][data-edited]')].map((li) => Number(li.dataset.step)))`)
		if marked != fmt.Sprintf("[%d]", step) {
			t.Errorf("%s: steps marked edited %s, want [%d]", id, marked, step)
		}
		if notice := noticeText(tb, "shared"); !strings.Contains(notice, fmt.Sprintf("step %d changed", step)) {
			t.Errorf("%s: the notice %q does not name step %d", id, notice, step)
		}
		top := eval[float64](tb, fmt.Sprintf(`document.querySelector('[data-testid=step][data-step="%d"]').getBoundingClientRect().top`, step))
		if height := eval[float64](tb, `innerHeight`); top < 0 || top > height/2 {
			t.Errorf("%s: step %d is at %.0f px of a %.0f px window, want it brought into view", id, step, top, height)
		}
	}
}
