package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// copyOf is the text a reader copies from the element a selector finds
// (all of it selected), or null when it is missing or not shown.
func copyOf(selector string) string {
	return `(() => {
	const el = document.querySelector(` + jsString(selector) + `);
	if (!el || !el.checkVisibility()) return null; // inside a closed <details> it has boxes, but is not shown
	getSelection().selectAllChildren(el);
	const copied = getSelection().toString();
	getSelection().removeAllRanges();
	return copied;
})()`
}

// TestORMCodeShowsItsPoint: each scenario whose long ORM code marks its
// point shows the point first, a "…" line for each stretch it leaves out,
// and the whole code one click away, with script and without (the baked
// page), on a wide screen and a phone. What a reader copies from the point
// is lines of the whole code, in order, with the line that meets the quirk
// and without the harness line; what they copy from the whole code is
// exactly the code make test-django runs, markers left out; and opening it
// never makes the page scroll sideways.
func TestORMCodeShowsItsPoint(t *testing.T) {
	scenarios := []struct{ id, shows, leavesOut string }{
		{"sqlite-database-locked", "def buy():  # the view, with Django's defaults: Python's 5 s timeout, DEFERRED", "def another_request(wrote, done):  # a thread: its own connection"},
		{"sqlite-wal-readers", "with transaction.atomic():  # a long report", "def save_elsewhere(stock):  # another process: a thread, its own connection"},
		{"sqlite-json1", `assert names(Product.objects.filter(attrs__active=True)) == {"lamp", "chair"}  # also "true"`, "def names(products):"},
	}
	for _, scn := range scenarios {
		whole := ormAsRun(t, scn.id)
		wholeLines := strings.Split(whole, "\n")
		for _, script := range []bool{true, false} {
			for _, sc := range firstScreens {
				t.Run(fmt.Sprintf("%s %s script %v", scn.id, sc.name, script), func(t *testing.T) {
					tb := newTab(t)
					tb.do("sizing the window", chromedp.EmulateViewport(sc.w, sc.h, emulateMobile(sc.mobile)))
					if !script {
						if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
							t.Fatal(err)
						}
					}
					tb.open("s/" + scn.id + "/")
					if script {
						tb.waitLive() // the section as it stands after a live run
					}

					point := eval[*string](tb, copyOf(`[data-testid=orm-point]`))
					if point == nil {
						t.Fatal("the page shows no point of the ORM code")
					}
					lines := strings.Split(*point, "\n")
					var shown []string
					elided := 0
					for _, l := range lines {
						if strings.TrimSpace(l) == "…" {
							elided++
							continue
						}
						shown = append(shown, l)
					}
					if !isSubsequence(shown, wholeLines) {
						t.Errorf("the point copies as lines that are not the whole code's, in order:\n%s", *point)
					}
					if elided == 0 || elided != eval[int](tb, `document.querySelectorAll('[data-testid=orm-point] [data-testid=orm-elided]').length`) {
						t.Errorf("the point marks %d stretches left out as \"…\" lines:\n%s", elided, *point)
					}
					if !slices.Contains(shown, scn.shows) || slices.Contains(shown, scn.leavesOut) {
						t.Errorf("the point does not show %q without %q:\n%s", scn.shows, scn.leavesOut, *point)
					}
					if 2*len(lines) > len(wholeLines) { // a point is short
						t.Errorf("the point has %d lines, more than half the whole code's %d", len(lines), len(wholeLines))
					}

					if got := eval[*string](tb, copyOf(`[data-testid=orm-whole] pre`)); got != nil {
						t.Errorf("the whole code is shown before it is asked for")
					}
					tb.do("opening the whole code", chromedp.Click(chromedp.CSS(`[data-testid=orm-whole] > summary`), chromedp.NodeVisible))
					got := eval[*string](tb, copyOf(`[data-testid=orm-whole] pre`))
					switch {
					case got == nil:
						t.Fatal("a click on its summary does not show the whole code")
					case *got != whole:
						t.Errorf("the whole code copies as\n%s\nwant the code make test-django runs:\n%s", *got, whole)
					}
					if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(sc.w) {
						t.Errorf("with the whole code open the page is %d px wide and scrolls sideways", w)
					}
					if script {
						// The figure's top, below the sticky toolbar, for a person to look at.
						eval[bool](tb, `(() => {
							const toolbar = document.querySelector('[data-testid=toolbar]').getBoundingClientRect().height;
							scrollTo(0, document.querySelector('[data-testid=orm-code]').getBoundingClientRect().top + scrollY - toolbar - 8);
							return true;
						})()`)
						tb.screenshot("orm-point-" + scn.id + "-" + sc.name)
					}
				})
			}
		}
	}
}

// ormAsRun is scenario id's django.orm as make test-django runs it, read
// apart from the parser: the lines of the literal block under "  orm: |",
// less their four spaces of indentation and the point's marker lines. It
// fails the test when the scenario marks no point.
func ormAsRun(t *testing.T, id string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(env.scenarios, id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(src), "\n  orm: |\n")
	if !ok {
		t.Fatalf("%s has no literal block for django.orm", id)
	}
	var kept []string
	markers := 0
	for l := range strings.SplitSeq(block, "\n") {
		code, indented := strings.CutPrefix(l, "    ")
		if !indented && strings.TrimSpace(l) != "" {
			break // the next key
		}
		if m := strings.TrimSpace(code); m == "# point" || m == "# end point" {
			markers++
			continue
		}
		kept = append(kept, code)
	}
	if markers == 0 {
		t.Fatalf("%s marks no point in its ORM code: the test proves nothing", id)
	}
	return strings.TrimSpace(strings.Join(kept, "\n"))
}

// isSubsequence reports whether every line of part is in whole, in order.
func isSubsequence(part, whole []string) bool {
	i := 0
	for _, l := range whole {
		if i < len(part) && part[i] == l {
			i++
		}
	}
	return i == len(part)
}
