package permalink

import (
	"os"
	"testing"
)

func BenchmarkEncode(b *testing.B) {
	src, _ := os.ReadFile("testdata/busy.md")
	p := Payload{Source: string(src)}
	for b.Loop() {
		Encode(p)
	}
}

func BenchmarkDecode(b *testing.B) {
	src, _ := os.ReadFile("testdata/busy.md")
	f, _ := Encode(Payload{Source: string(src)})
	for b.Loop() {
		Decode(f)
	}
}
