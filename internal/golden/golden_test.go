package golden

import "testing"

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
