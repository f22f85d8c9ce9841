package browsertest

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/scenario"
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

// TestGallerySearchesTheBody: the search looks in a scenario's Django code,
// prose and SQL, not only its title, summary and tags: "postgres" shows
// every scenario whose text mentions PostgreSQL.
func TestGallerySearchesTheBody(t *testing.T) {
	tags := regexp.MustCompile(`<[^>]*>`)
	var want []string
	for _, id := range env.ids {
		src, err := os.ReadFile(filepath.Join(env.scenarios, id+".md"))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenario.Parse(id+".md", src)
		if err != nil {
			t.Fatal(err)
		}
		doc := sc.Document()
		m := doc.Meta
		parts := []string{id, m.Title, m.Summary, m.Backend, strings.Join(m.Tags, " "), m.Django.ORM, m.Django.SQL, m.Django.NoteHTML, doc.EpilogueHTML}
		for _, ds := range doc.Steps {
			parts = append(parts, ds.ExplanationHTML, ds.SQL)
		}
		if strings.Contains(strings.ToLower(tags.ReplaceAllString(strings.Join(parts, " "), " ")), "postgres") {
			want = append(want, id)
		}
	}
	if len(want) < 5 {
		t.Fatalf("only %d scenarios mention PostgreSQL: %v; the test proves little", len(want), want)
	}
	tb := newTab(t)
	tb.open("")
	tb.waitFor("the search box", `document.querySelector('[data-testid=gallery-search]')`)
	tb.setValue(`[data-testid=gallery-search]`, "postgres")
	// Most scenarios discuss PostgreSQL, so no card may hide: the address
	// takes the search once it is applied.
	tb.waitFor("the search in the address", `new URLSearchParams(location.search).get('q') === 'postgres'`)
	got := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=card]:not([hidden])')].map(c => c.dataset.id)`)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("search \"postgres\" shows %v, want %v", got, want)
	}
}

// TestGalleryFiltersByBackend picks each backend in the Backend filter and
// expects exactly the scenarios whose front matter names it, in the page
// and in the address (so a link to ?backend=… opens filtered). Every card
// names its lanes: SQLite, live, then one chip per recording on disk.
func TestGalleryFiltersByBackend(t *testing.T) {
	byBackend := map[string][]string{}
	recorded := map[string][]string{} // id: the products of its recordings
	for _, id := range env.ids {
		src, err := os.ReadFile(filepath.Join(env.scenarios, id+".md"))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenario.Parse(id+".md", src)
		if err != nil {
			t.Fatal(err)
		}
		b := sc.Document().Meta.Backend
		byBackend[b] = append(byBackend[b], id)
		for lane, product := range map[string]string{scenario.LanePostgres: "PostgreSQL", scenario.LaneMariaDB: "MariaDB"} {
			if _, err := os.Stat(filepath.Join(env.scenarios, "recorded", id+"."+lane+".json")); err == nil {
				recorded[id] = append(recorded[id], product)
			}
		}
		slices.Sort(recorded[id])
	}
	if len(byBackend) < 3 || len(byBackend["postgresql"]) == 0 {
		t.Fatalf("backends %v: the test needs several, PostgreSQL among them", slices.Collect(maps.Keys(byBackend)))
	}

	tb := newTab(t)
	tb.open("")
	tb.waitFor("the backend filter", `document.querySelector('[data-testid=filter-backend]')`)
	options := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=filter-backend] option')].map(o => o.value).filter(Boolean)`)
	if want := slices.Sorted(maps.Keys(byBackend)); !slices.Equal(options, want) {
		t.Errorf("backend options %v, want %v", options, want)
	}
	visible := func() []string {
		got := eval[[]string](tb, `[...document.querySelectorAll('[data-testid=card]:not([hidden])')].map(c => c.dataset.id)`)
		slices.Sort(got)
		return got
	}
	for _, backend := range options {
		tb.setValue(`[data-testid=filter-backend]`, backend)
		tb.waitFor("the backend in the address", fmt.Sprintf(`new URLSearchParams(location.search).get('backend') === %s`, jsString(backend)))
		if got := visible(); !slices.Equal(got, byBackend[backend]) {
			t.Errorf("backend %s shows %v, want %v", backend, got, byBackend[backend])
		}
	}

	tb.open("?backend=postgresql")
	tb.waitFor("the filter from the address", `document.querySelector('[data-testid=filter-backend]')?.value === 'postgresql'`)
	if got := visible(); !slices.Equal(got, byBackend["postgresql"]) {
		t.Errorf("?backend=postgresql shows %v, want %v", got, byBackend["postgresql"])
	}

	chips := eval[map[string][]string](tb, `Object.fromEntries([...document.querySelectorAll('[data-testid=card]')].map(c =>
		[c.dataset.id, [...c.querySelectorAll('[data-testid=card-lanes] .lane-chip')].map(s => s.textContent)]))`)
	for _, id := range env.ids {
		got := chips[id]
		if len(got) == 0 || got[0] != "SQLite, live" {
			t.Errorf("%s: lanes %q, want SQLite, live first", id, got)
			continue
		}
		var products []string
		for _, chip := range got[1:] {
			products = append(products, strings.Fields(chip)[0])
			if !strings.HasSuffix(chip, ", recorded") {
				t.Errorf("%s: lane chip %q does not say it is recorded", id, chip)
			}
		}
		slices.Sort(products)
		if !slices.Equal(products, recorded[id]) {
			t.Errorf("%s: recorded lane chips %q, want one each for %v", id, got[1:], recorded[id])
		}
	}
}
