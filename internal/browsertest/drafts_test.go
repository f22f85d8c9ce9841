package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The draft tests open two tabs of one browser context (one person's
// browser: the same storage) on the same scenario, and links whose
// scenarios are drafted one after another, and check that no edit is lost
// or shown as another's.

// draftHolds is a JavaScript test that a stored draft of the page's kind
// ("draft:<id>" or "draft:link:…") holds text.
func draftHolds(prefix, text string) string {
	return fmt.Sprintf(`Object.keys(localStorage).some(k => k.startsWith(%s) && localStorage.getItem(k).includes(%s))`,
		jsString("dbquirks:draft:"+prefix), jsString(text))
}

// TestDraftEditedInTwoTabs edits one scenario in two tabs. A tab without
// edits of its own shows the other's edit and says so; a tab whose edit
// another tab's action would replace (here: a Reset there) asks which to
// keep instead of losing either, and what it keeps reaches the other tab.
func TestDraftEditedInTwoTabs(t *testing.T) {
	a := editTab(t)
	id, _, _ := openEditable(a)
	b := a.sibling()
	b.open("s/" + id + "/")
	b.waitLive()

	const fromA = "SELECT 'typed in tab A' AS a"
	editLast(a, fromA)
	b.waitFor("tab B to show tab A's edit", lastSQL+`.value === `+jsString(fromA))
	if text := noticeText(b, "tabs"); !strings.Contains(text, "another tab") {
		t.Errorf("tab B took tab A's edit without saying so (notice %q)", text)
	}

	const fromB = "SELECT 'typed in tab B' AS b"
	editLast(b, fromB)
	a.waitFor("tab A to show tab B's edit of its own", lastSQL+`.value === `+jsString(fromB))

	// Reset in tab B discards the draft tab A holds too: tab A must ask,
	// not let the edit go.
	b.click("reset")
	b.waitFor("the reset dialog", `document.querySelector('[data-testid=reset-dialog]')?.open`)
	b.click("reset-confirm")
	a.waitFor("tab A to ask which edit to keep", `document.querySelector('[data-testid=tabs-dialog]')?.open`)
	if got := eval[string](a, lastSQL+`.value`); got != fromB {
		t.Errorf("while asking, tab A shows %q, want its edit %q", got, fromB)
	}
	a.click("tabs-keep")
	a.waitFor("tab A's edit saved again", draftHolds(id, "typed in tab B"))
	b.waitFor("tab B, without edits after its Reset, to show the edit kept", lastSQL+`.value === `+jsString(fromB))

	// What was kept is the draft: a reload shows it.
	b.open("s/" + id + "/")
	b.waitFor("the kept edit after a reload", fmt.Sprintf(`(%s || {}).value === %s`, lastSQL, jsString(fromB)))
}

// TestLinkDraftsAreTheirOwn edits the scenario of link A, then opens
// link B: B shows its own scenario with no word of A's draft, and A's
// edits are still there when link A is opened again.
func TestLinkDraftsAreTheirOwn(t *testing.T) {
	link := func(name string) string {
		return craftLink(t, map[string]string{"source": "---\ntitle: Link " + name + "\n---\n\nA step.\n\n```sql\nSELECT 'link " + name + "' AS x\n```\n"})
	}
	linkA, linkB := link("A"), link("B")
	tb := editTab(t)
	openLinked := func(fragment string) {
		t.Helper()
		tb.open("about:blank") // a fresh load, not a hash change
		tb.open("#" + fragment)
		// Either the page runs the link, or it stops to ask about a draft.
		waitPatiently(tb, "the link to run", `!!document.querySelector('dialog[open]') || (window.__dbquirks && window.__dbquirks.runs > 0)`)
		if eval[bool](tb, `!!document.querySelector('dialog[open]')`) {
			t.Fatalf("opening a link asks: %s", eval[string](tb, `document.querySelector('dialog[open]').textContent`))
		}
	}

	openLinked(linkA)
	const edited = "SELECT 'my edit of link A' AS x"
	editLast(tb, edited)
	tb.waitFor("link A's draft to be saved", draftHolds("link:", "my edit of link A"))

	openLinked(linkB)
	if got := eval[string](tb, lastSQL+`.value`); got != "SELECT 'link B' AS x" {
		t.Errorf("link B shows %q, not its own step", got)
	}
	if text := noticeText(tb, "draft"); text != "" {
		t.Errorf("link B speaks of a draft: %q", text)
	}
	if !eval[bool](tb, draftHolds("link:", "my edit of link A")) {
		t.Error("opening link B lost the draft of link A")
	}

	openLinked(linkA)
	if got := eval[string](tb, lastSQL+`.value`); got != edited {
		t.Errorf("link A opened again shows %q, want the edit %q", got, edited)
	}
	if text := noticeText(tb, "draft"); !strings.Contains(text, "restored") {
		t.Errorf("link A's restored draft is not said (notice %q)", text)
	}
}

// waitPatiently waits, like tab.waitFor, until expr is true, for pages
// that open a link: each load compiles the engine and has it read the
// link, and on a loaded machine the renderer then answers no evaluation
// for tens of seconds. A poll that gets no answer is tried again, up to
// twice the wait limit in all (a guard, not a speed requirement).
func waitPatiently(tb *tab, what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(2 * waitLimit)
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waiting for %s (%s): last %v, %v\npage: %s", what, expr, ok, err, tb.describe())
		}
		time.Sleep(500 * time.Millisecond)
	}
}
