package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// quirkEdit is a scenario's source with one step edited, as a reader
// trying a variation would: a comment added to the first SQL line of the
// step marked quirk or, when that step has no SQL of its own (a fetch from
// a cursor, whose next line is its closing fence), of the last step before
// it that has. It returns the edited source and the step's number.
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
	var withSQL *scenario.Step
	for i := range sc.Steps {
		st := &sc.Steps[i]
		if st.SQL != "" {
			withSQL = st
		}
		if st.Quirk && withSQL != nil {
			lines := strings.Split(string(src), "\n")
			lines[withSQL.Line] += " -- edited"
			return string(src), strings.Join(lines, "\n"), withSQL.Index
		}
	}
	t.Fatalf("%s has no step marked quirk with SQL at or before it", id)
	return "", "", 0
}

// TestEditLinkOfEveryScenario makes, with the page's engine, the link to a
// one-step edit of every catalogue scenario: each is under 1,000
// characters, and each opens with the changed step marked, named in the
// notice and in view. (That every link decodes to its edited source exactly
// is checked natively too, in internal/permalink.)
//
// Opening a link costs a fresh engine: the page compiles the module, and
// the first run compiles, function by function, the code it reaches (most
// of a cold run; see wasm/calls.go's warm-up). The tabs are in the test
// browser's own profile, not a fresh context (which keeps no compiled
// code), so that the browser's cache of compiled WebAssembly serves every
// page; each link waits for no more than its page's first run, which is
// when it marks the changes. Most of a link's time is its page's engine
// start, in the browser's compiler threads and the worker, so linkTabs tabs
// open the links side by side.
func TestEditLinkOfEveryScenario(t *testing.T) {
	tb := newTab(t)
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
	// A link's page runs fast only from the browser's cache of the engine's
	// compiled code, which the browser writes some seconds after the
	// engine's code was optimized: pages closed as soon as they ran never
	// get there (6 to 17 s per link measured, 2.9 to 4.3 s with the cache).
	// So this page runs the warm-up again and stays a few seconds; without
	// the cache the loop is slower, not wrong.
	eval[bool](tb, `window.__dbquirks.warm.then(() => window.__dbquirks.engineCall("warmup")).then(() => window.__dbquirks.engineCall("warmup")).then(() => true)`)
	time.Sleep(10 * time.Second)
	start := time.Now()
	// Every tab takes every linkTabs-th scenario, so that no two links in
	// a row are to the same page (which would only change its fragment).
	t.Run("open", func(t *testing.T) {
		for i := range linkTabs {
			t.Run(fmt.Sprintf("tab%d", i+1), func(t *testing.T) {
				t.Parallel()
				tb := newTab(t)
				for j := i; j < len(env.ids); j += linkTabs {
					checkEditLink(t, tb, env.ids[j], links[env.ids[j]])
				}
			})
		}
	})
	t.Logf("opened %d links in %d tabs in %v", len(env.ids), linkTabs, time.Since(start).Round(time.Second))
}

// linkTabs is how many tabs open the edit links at once: two keep both of
// a two-core machine busy while one tab's page waits on the other's.
const linkTabs = 2

// checkEditLink opens link, id's quirkEdit, and checks that the page shows
// the edited source with the changed step marked, named and in view.
func checkEditLink(t *testing.T, tb *tab, id, link string) {
	t.Helper()
	_, edited, step := quirkEdit(t, id)
	tb.open(link)
	tb.waitFor(id+"'s changed steps", `Array.isArray(window.__dbquirks?.sharedChanged)`)
	if got := eval[string](tb, `window.__dbquirks.lastDocument?.source ?? ''`); got != edited {
		t.Errorf("%s: the link opened %d bytes, not the edited source", id, len(got))
		return
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
