package report

// CursorAction says what a cursor step does ("open cursor it, fetch 2
// rows", "fetch all rows from cursor it", "close cursor it"), the same
// words in every view; "" for a step that is not a cursor step. kind is a
// step kind ("open", "fetch", "close"), fetch a row count or -1 for all
// (scenario.FetchAll). cursor is inserted as given, so a caller may pass
// the name already marked up (a Markdown code span, for one).
func CursorAction(kind, cursor string, fetch int) string {
	rows := "all rows"
	if fetch >= 0 {
		rows = Plural(int64(fetch), "row")
	}
	switch kind {
	case "open":
		return "open cursor " + cursor + ", fetch " + rows
	case "fetch":
		return "fetch " + rows + " from cursor " + cursor
	case "close":
		return "close cursor " + cursor
	}
	return ""
}
