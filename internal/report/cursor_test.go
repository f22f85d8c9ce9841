package report

import "testing"

func TestCursorAction(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		cursor string
		fetch  int
		want   string
	}{
		{"open, prepared only", "open", "it", 0, "open cursor it, fetch 0 rows"},
		{"open, one row", "open", "it", 1, "open cursor it, fetch 1 row"},
		{"open, all", "open", "it", -1, "open cursor it, fetch all rows"},
		{"fetch some", "fetch", "it", 2, "fetch 2 rows from cursor it"},
		{"fetch all", "fetch", "c2", -1, "fetch all rows from cursor c2"},
		{"close", "close", "it", 0, "close cursor it"},
		{"marked-up name", "close", "`it`", 0, "close cursor `it`"},
		{"exec step", "exec", "", 0, ""},
		{"no kind", "", "it", 3, ""},
	}
	for _, tt := range tests {
		if got := CursorAction(tt.kind, tt.cursor, tt.fetch); got != tt.want {
			t.Errorf("%s: CursorAction(%q, %q, %d) = %q, want %q", tt.name, tt.kind, tt.cursor, tt.fetch, got, tt.want)
		}
	}
}
