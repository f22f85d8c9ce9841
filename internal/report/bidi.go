package report

import (
	"strings"
	"unicode"
)

// A scenario's title comes from whoever wrote the scenario, a link's author
// included, and may hold bidirectional controls: a right-to-left override
// makes "fdp.exe" read "exe.pdf", and reorders whatever follows it on the
// line. In its own heading that is the author's business; wherever the
// title leaves it (the window title, link previews, an export, a card or
// link in another sentence) it must not reorder the text around it. The
// page applies the same rules in web/bidi.js; both are tested against
// testdata/bidi-titles.json.

// PlainTitle is text without bidirectional controls (Unicode's
// Bidi_Control: the embeddings, overrides and isolates, and the LRM, RLM and
// ALM marks), for plain text that leaves the page: no isolate survives
// every place such text is pasted. Letters of right-to-left scripts stay.
func PlainTitle(title string) string {
	if strings.IndexFunc(title, isBidiControl) < 0 {
		return title
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, title)
}

// IsolatedTitle is PlainTitle in a first-strong isolate (FSI … PDI): a
// right-to-left title stays right-to-left without turning the sentence
// around it. In HTML, an element with dir="auto" isolates the same way.
func IsolatedTitle(title string) string {
	return "\u2068" + PlainTitle(title) + "\u2069"
}

func isBidiControl(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r)
}
