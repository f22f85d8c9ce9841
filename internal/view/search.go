package view

import (
	"html"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// SearchText is the text of a scenario the gallery's search looks in
// beyond its title, summary and tags: the Django code and note, every
// step's explanation and SQL, and the epilogue, as lower-cased plain text
// with runs of white space made one space. A search for "postgres" then
// finds every scenario that discusses PostgreSQL, not only those tagged so.
func SearchText(doc *wire.Document) string {
	parts := []string{doc.Meta.Django.Models, doc.Meta.Django.ORM, doc.Meta.Django.SQL, plainText(doc.Meta.Django.NoteHTML)}
	for _, ds := range doc.Steps {
		parts = append(parts, plainText(ds.ExplanationHTML), ds.SQL)
	}
	parts = append(parts, plainText(doc.EpilogueHTML))
	return strings.Join(strings.Fields(strings.ToLower(strings.Join(parts, " "))), " ")
}

// plainText is the text of the parser's safe HTML: its tags dropped (each
// stands for a space, so words of two paragraphs stay apart, except the
// <wbr> and span that scenario.WriteCode puts inside code: "Tag.objects"
// stays one word) and its entities read.
func plainText(safeHTML string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(safeHTML, '<')
		if open < 0 {
			b.WriteString(safeHTML)
			break
		}
		b.WriteString(safeHTML[:open])
		end := strings.IndexByte(safeHTML[open:], '>')
		if end < 0 {
			break
		}
		if tag := safeHTML[open : open+end+1]; tag != "<wbr>" && tag != `<span class="whole">` && tag != "</span>" {
			b.WriteByte(' ')
		}
		safeHTML = safeHTML[open+end+1:]
	}
	return html.UnescapeString(b.String())
}
