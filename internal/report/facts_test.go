package report

import (
	"testing"

	"github.com/dbquirks/dbquirks/internal/wire"
)

func TestFacts(t *testing.T) {
	cols := []wire.Column{{Name: "x"}}
	rows := func(n int) [][]wire.Value {
		out := make([][]wire.Value, n)
		for i := range out {
			out[i] = []wire.Value{wire.IntegerValue(int64(i))}
		}
		return out
	}
	interrupted := func(limit string) *wire.Error {
		return &wire.Error{Code: "SQLITE_INTERRUPT", Extended: "SQLITE_INTERRUPT", Message: "interrupted", Limit: limit, Note: "stopped"}
	}
	tests := []struct {
		name string
		in   wire.Statement
		want string
	}{
		{"all rows kept", wire.Statement{Columns: cols, Rows: rows(2), RowCount: 2, Done: true}, "2 rows"},
		{"rows past the cap counted", wire.Statement{Columns: cols, Rows: rows(3), RowCount: 10, Done: true}, "3 of 10 rows kept"},
		{"cursor with more to fetch", wire.Statement{Columns: cols, Rows: rows(1), RowCount: 1}, "1 row, more to fetch"},
		{"changes", wire.Statement{Changes: 2}, "2 rows changed"},
		{"nothing to say", wire.Statement{Done: true}, "ok"},
		{"error before the first row", wire.Statement{Columns: cols, Done: true, Error: interrupted("statement-time")}, ""},
		{"statement's own error after rows", wire.Statement{Columns: cols, Rows: rows(1), RowCount: 1, Done: true,
			Error: &wire.Error{Code: "SQLITE_ERROR", Extended: "SQLITE_ERROR", Message: "malformed JSON"}}, "1 row"},
		{"time limit while counting", wire.Statement{Columns: cols, Rows: rows(3), RowCount: 222222, Done: true, CountIncomplete: true,
			Error: interrupted("statement-time")}, "3 of at least 222222 rows kept (counting stopped at the time limit)"},
		{"run-time limit, every row kept", wire.Statement{Columns: cols, Rows: rows(2), RowCount: 2, Done: true, CountIncomplete: true,
			Error: interrupted("run-time")}, "at least 2 rows (counting stopped at the time limit)"},
		{"cancelled while counting", wire.Statement{Columns: cols, Rows: rows(1), RowCount: 1, Done: true, CountIncomplete: true,
			Error: interrupted("cancelled")}, "at least 1 row (counting stopped when the run was cancelled)"},
		{"memory limit while counting", wire.Statement{Columns: cols, Rows: rows(1), RowCount: 7, Done: true, CountIncomplete: true,
			Error: &wire.Error{Code: "SQLITE_NOMEM", Extended: "SQLITE_NOMEM", Message: "out of memory", Limit: "memory", Note: "n"}},
			"1 of at least 7 rows kept (counting stopped at the dbquirks memory limit)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := Facts(tc.in); got != tc.want {
				t.Errorf("Facts = %q, want %q", got, tc.want)
			}
		})
	}
}
