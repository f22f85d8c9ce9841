package view

import (
	"slices"
	"strings"

	"github.com/dbquirks/dbquirks/internal/report"
	"github.com/dbquirks/dbquirks/internal/scenario"
)

// topicOrder is the gallery's order of the topics: the parser's; any other
// topic follows, alphabetically, and a scenario without one goes last under
// "Other".
var topicOrder = scenario.Topics

// topicTitles are the headings of the known topics.
var topicTitles = map[string]string{
	"text":         "Text",
	"numbers":      "Numbers",
	"transactions": "Transactions and locking",
	"schema":       "Schema",
	"types":        "Types",
	"":             "Other",
}

// Gallery is the gallery's body: one card per scenario, grouped by topic.
// base is the site's base path and ends in "/".
func Gallery(base string, entries []Entry) string {
	var w writer
	w.raw(`<div class="gallery" data-testid="gallery">
<header class="page-head">
<h1 class="page-title">Database quirks that bite Django developers</h1>
<p class="lede">Each scenario runs real SQLite in your browser: read why it happens, change the SQL, run it again.</p>
</header>
<div class="gallery-tools" data-testid="gallery-tools"></div>`)
	topics := groupByTopic(entries)
	for _, t := range topics {
		w.raw("\n<section class=\"topic\"")
		w.attr("data-topic", t.Topic)
		w.attr("aria-labelledby", t.Anchor)
		w.raw(">\n<h2 class=\"topic-title\"")
		w.attr("id", t.Anchor)
		w.raw(">")
		w.text(t.Title)
		w.raw("</h2>\n<ul class=\"cards\">")
		for _, e := range t.Entries {
			writeCard(&w, base, e)
		}
		w.raw("\n</ul>\n</section>")
	}
	if len(topics) == 0 {
		w.raw("\n<p class=\"empty\">No scenarios yet.</p>")
	}
	w.raw("\n<p class=\"gallery-empty\" data-testid=\"gallery-empty\" hidden>No scenario matches.</p>\n</div>\n")
	return w.String()
}

func writeCard(w *writer, base string, e Entry) {
	w.raw("\n<li class=\"card\" data-testid=\"card\"")
	w.attr("data-id", e.ID)
	w.raw(">\n<h3 class=\"card-title\"><a class=\"card-link\"")
	w.attr("href", base+"s/"+e.ID+"/")
	w.raw(` dir="auto">`) // isolated, without bidi controls: see report.PlainTitle
	w.text(report.PlainTitle(e.Meta.Title))
	w.raw("</a></h3>\n")
	w.elem("p", "card-summary", e.Meta.Summary)
	w.raw("\n<p class=\"card-meta\">")
	if e.Meta.Backend != "" {
		w.elem("span", "badge backend", e.Meta.Backend)
	}
	for _, tag := range e.Meta.Tags {
		w.raw(" ")
		w.elem("span", "tag", tag)
	}
	w.raw("</p>\n")
	writeCardLanes(w, e.Lanes)
	w.raw("</li>")
}

// writeCardLanes says which engines answer the scenario's steps: SQLite
// live in the page, and each recorded lane.
func writeCardLanes(w *writer, lanes []string) {
	w.raw(`<p class="card-lanes" data-testid="card-lanes"><span class="lane-chip live">SQLite, live</span>`)
	for _, l := range lanes {
		w.raw(` <span class="lane-chip">`)
		w.text(l)
		w.raw(`, recorded</span>`)
	}
	w.raw("</p>\n")
}

type topicView struct {
	Topic   string // "" for scenarios without one
	Anchor  string // the heading's id
	Title   string
	Entries []Entry
}

// groupByTopic keeps the entries' order within each topic.
func groupByTopic(entries []Entry) []topicView {
	byTopic := map[string][]Entry{}
	var topics []string
	for _, e := range entries {
		t := strings.ToLower(strings.TrimSpace(e.Meta.Topic))
		if _, seen := byTopic[t]; !seen {
			topics = append(topics, t)
		}
		byTopic[t] = append(byTopic[t], e)
	}
	slices.SortFunc(topics, func(a, b string) int {
		ra, rb := topicRank(a), topicRank(b)
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	out := make([]topicView, len(topics))
	for i, t := range topics {
		out[i] = topicView{Topic: t, Anchor: topicAnchor(t), Title: topicTitle(t), Entries: byTopic[t]}
	}
	return out
}

func topicRank(t string) int {
	if i := slices.Index(topicOrder, t); i >= 0 {
		return i
	}
	if t == "" {
		return len(topicOrder) + 1
	}
	return len(topicOrder)
}

func topicTitle(t string) string {
	if title, ok := topicTitles[t]; ok {
		return title
	}
	r := []rune(t)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// topicAnchor is the id of a topic's heading in the gallery, which a
// scenario's breadcrumb links to. Only [a-z0-9-] are kept, so that the id
// and the link's fragment are the same text, escaped or not.
func topicAnchor(t string) string {
	if t == "" {
		return "topic-other"
	}
	return "topic-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, t)
}
