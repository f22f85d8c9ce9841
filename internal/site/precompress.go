package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// precompressed are the kinds of hashed asset worth sending compressed;
// the module is most of the site's bytes.
var precompressed = map[string]bool{".wasm": true, ".js": true, ".css": true}

// brotliOptions are for when the brotli command is missing: pure Go takes
// minutes on the module at quality 9 and more, for 3 % fewer bytes than
// at 6 (measured: 4.57 MB at 6, 4.43 MB at 9, both with a 2^24 window).
// The brotli command's quality 11 writes 3.68 MB, in about a minute.
var brotliOptions = brotli.WriterOptions{Quality: 6, LGWin: 24}

// precompress writes name.gz and name.br beside every hashed script, style
// and module, for hosts that serve precompressed files (dbquirks serve
// does; docs/benchmarks.md lists what static hosts do). A hashed file's
// compressed forms are kept in the cache under its name, which stands for
// its contents: brotli's best quality takes a minute or more on the module.
func (b *builder) precompress() error {
	var names []string
	for name := range b.files {
		if strings.HasPrefix(name, "assets/") && precompressed[path.Ext(name)] {
			names = append(names, name)
		}
	}
	type out struct {
		name   string
		gz, br []byte
		err    error
	}
	results := make([]out, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			r := out{name: name}
			r.gz, r.br, r.err = b.compressed(name, b.files[name])
			results[i] = r
		})
	}
	wg.Wait()
	for _, r := range results {
		if r.err != nil {
			return r.err
		}
		b.files[r.name+".gz"] = r.gz
		b.files[r.name+".br"] = r.br
	}
	return nil
}

func (b *builder) compressed(name string, data []byte) (gz, br []byte, err error) {
	var cached string
	if b.opt.CacheDir != "" {
		cached = filepath.Join(b.opt.CacheDir, "precompressed", path.Base(name))
		gz, errGz := os.ReadFile(cached + ".gz")
		br, errBr := os.ReadFile(cached + ".br")
		if errGz == nil && errBr == nil {
			return gz, br, nil
		}
	}
	if gz, err = gzipBest(data); err != nil {
		return nil, nil, err
	}
	if br, err = brotliBest(data); err != nil {
		return nil, nil, fmt.Errorf("compressing %s: %w", name, err)
	}
	if cached != "" {
		// A cache that cannot be written only costs time.
		if os.MkdirAll(filepath.Dir(cached), 0o755) == nil {
			_ = writeFileAtomic(cached+".gz", gz)
			_ = writeFileAtomic(cached+".br", br)
		}
	}
	return gz, br, nil
}

// brotliBest compresses with the brotli command (Debian's brotli) at its
// best quality when it is installed, else in Go with brotliOptions.
func brotliBest(data []byte) ([]byte, error) {
	if tool, err := exec.LookPath("brotli"); err == nil {
		cmd := exec.Command(tool, "--quality=11", "--stdout", "-")
		cmd.Stdin = bytes.NewReader(data)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s: %v: %s", tool, err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotliOptions)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gzipBest(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
