package browsertest

import (
	"slices"
	"strings"
	"testing"
)

func TestGalleryListsEveryScenario(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	cards := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=card]')].map(c => c.dataset.id)`)
	slices.Sort(cards)
	if !slices.Equal(cards, env.ids) {
		t.Errorf("gallery cards:\n %v\nscenarios:\n %v", cards, env.ids)
	}
	links := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=card] a.card-link')].map(a => a.getAttribute('href'))`)
	for _, id := range env.ids {
		if !slices.Contains(links, "/s/"+id+"/") {
			t.Errorf("no card links to /s/%s/", id)
		}
	}
	if kind := eval[string](tb, `document.documentElement.dataset.kind`); kind != "gallery" {
		t.Errorf("data-kind = %q", kind)
	}
}

// TestGallerySearch types a scenario's id into the search and expects that
// card to stay and some others to hide; nonsense hides every card.
func TestGallerySearch(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.waitFor("the search box", `document.querySelector('[data-testid=gallery-search]')`)
	id := env.ids[len(env.ids)-1]
	tb.setValue(`[data-testid=gallery-search]`, id)
	tb.waitFor("the filter to apply", `document.querySelectorAll('[data-testid=card][hidden]').length > 0`)
	visible := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=card]:not([hidden])')].map(c => c.dataset.id)`)
	if !slices.Contains(visible, id) || len(visible) >= len(env.ids) {
		t.Errorf("search %q shows %v", id, visible)
	}
	tb.setValue(`[data-testid=gallery-search]`, "zzqx-no-such-scenario")
	tb.waitFor("every card to hide", `document.querySelectorAll('[data-testid=card]:not([hidden])').length === 0`)
	if hidden := eval[bool](tb, `document.querySelector('[data-testid=gallery-empty]').hidden`); hidden {
		t.Error("nothing matches, but the empty message is hidden")
	}
	if count := eval[string](tb, `document.querySelector('[data-testid=gallery-count]').textContent`); !strings.HasPrefix(strings.TrimSpace(count), "0 ") {
		t.Errorf("count = %q", count)
	}
	// The address keeps the search (once typing pauses), for reload and Back.
	tb.waitFor("the search in the address", `new URLSearchParams(location.search).get('q') === 'zzqx-no-such-scenario'`)
}
