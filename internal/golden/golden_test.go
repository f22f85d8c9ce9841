package golden

import (
	"reflect"
	"testing"
)

func TestFirstDifference(t *testing.T) {
	for _, c := range []struct{ want, got, say string }{
		{"a\nb\n", "a\nc\n", "line 2:\n  want: b\n  got:  c"},
		{"a\n", "a\nb\n", "line 2:\n  want: \n  got:  b"},
		{"a\nb", "a", "line 2:\n  want: b\n  got:  "},
		{"a\n", "a\r\n", "line 1:\n  want: a\n  got:  a\r"},
		{"a", "a", "(same lines, different bytes)"},
	} {
		if got := FirstDifference(c.want, c.got); got != c.say {
			t.Errorf("FirstDifference(%q, %q) = %q, want %q", c.want, c.got, got, c.say)
		}
	}
}

func TestTimeless(t *testing.T) {
	for _, tc := range []struct {
		name      string
		a, b      string
		wantEqual bool
	}{
		{"times at any depth", `{"elapsedMs":1,"steps":[{"elapsedMs":2,"rows":[1]}]}`, `{"elapsedMs":9,"steps":[{"elapsedMs":8,"rows":[1]}]}`, true},
		{"anything else differs", `{"elapsedMs":1,"rows":[1]}`, `{"elapsedMs":1,"rows":[2]}`, false},
		{"numbers keep their digits", `{"rowid":9223372036854775807}`, `{"rowid":9223372036854776000}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			equal := reflect.DeepEqual(Timeless(t, []byte(tc.a)), Timeless(t, []byte(tc.b)))
			if equal != tc.wantEqual {
				t.Errorf("Timeless(%s) == Timeless(%s) is %v, want %v", tc.a, tc.b, equal, tc.wantEqual)
			}
		})
	}
	type step struct {
		ElapsedMs float64 `json:"elapsedMs"`
		SQL       string  `json:"sql"`
	}
	if got, want := Timeless(t, step{3, "SELECT 1"}), Timeless(t, []byte(`{"sql":"SELECT 1"}`)); !reflect.DeepEqual(got, want) {
		t.Errorf("a Go value: got %v, want %v", got, want)
	}
}
