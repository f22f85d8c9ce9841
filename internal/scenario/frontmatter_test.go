package scenario

import (
	"slices"
	"testing"
)

// TestYAMLLines: the YAML parser's lines mapped to the source's, which
// breaks lines at "\n" only.
func TestYAMLLines(t *testing.T) {
	for _, c := range []struct {
		text string
		want []int
	}{
		{"a: 1\nb: 2\n", []int{0, 1, 2}},
		{"a: 1\r\nb: 2", []int{0, 1}},
		{"a: x\r\r\ry\nb: 2", []int{0, 0, 0, 0, 1}},
		{"a: x\u2028y\u0085z\nb", []int{0, 0, 0, 1}},
	} {
		if got := yamlLines(c.text); !slices.Equal(got, c.want) {
			t.Errorf("yamlLines(%q) = %v, want %v", c.text, got, c.want)
		}
	}
	// A front matter error after lone "\r"s is reported on a line the
	// source has (the fuzzer's find: line 62 of 57).
	_, err := Parse("f.md", []byte("---\ntitle: a\rb\rc\rd\nx: [\n---\n"))
	d, ok := err.(Diagnostics)
	if !ok || len(d) == 0 || d[0].Line < 2 || d[0].Line > 7 {
		t.Errorf("the error is at %+v, want a line of the front matter", err)
	}
}
