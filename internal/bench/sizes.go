package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"

	"github.com/andybalholm/brotli"
)

// Sizes are one set of files' bytes as stored and as a host would send
// them: gzip at its best level, brotli at brotliQuality.
type Sizes struct {
	Raw, Gzip, Brotli int
}

func (s Sizes) add(o Sizes) Sizes {
	return Sizes{s.Raw + o.Raw, s.Gzip + o.Gzip, s.Brotli + o.Brotli}
}

// measureFiles adds up the sizes of files.
func measureFiles(paths ...string) (Sizes, error) {
	var total Sizes
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return total, fmt.Errorf("measuring %s: %w", p, err)
		}
		s, err := measure(b)
		if err != nil {
			return total, fmt.Errorf("measuring %s: %w", p, err)
		}
		total = total.add(s)
	}
	return total, nil
}

func measure(b []byte) (Sizes, error) {
	var gz, br bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return Sizes{}, err
	}
	if err := zw.Close(); err != nil {
		return Sizes{}, err
	}
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotliQuality, LGWin: 24})
	if _, err := bw.Write(b); err != nil {
		return Sizes{}, err
	}
	if err := bw.Close(); err != nil {
		return Sizes{}, err
	}
	return Sizes{Raw: len(b), Gzip: gz.Len(), Brotli: br.Len()}, nil
}

// brotliQuality is quick enough for every file of every run (seconds for
// the module); the site's own .br files are written by the brotli command at
// quality 11 when it is installed, and the report gives their size too.
const brotliQuality = 6
