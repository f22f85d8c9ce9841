package render

import (
	"slices"
	"strings"

	"github.com/dbquirks/dbquirks/internal/scenario"
)

// topicOrder is the gallery's order of the topics: the parser's; any other
// topic follows, alphabetically, and a scenario without one goes last under
// "Other".
var topicOrder = scenario.Topics

// topicTitles are the headings of the known topics. web/render.js has the
// same table.
var topicTitles = map[string]string{
	"text":         "Text",
	"numbers":      "Numbers",
	"transactions": "Transactions and locking",
	"schema":       "Schema",
	"types":        "Types",
	"":             "Other",
}

type galleryView struct {
	Base   string
	Topics []topicView
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
