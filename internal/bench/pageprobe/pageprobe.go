// Package pageprobe holds what the bench tools (make bench, paintab,
// startab) share in driving a scenario page in Chromium: the script that
// presses Run like a reader who came to run the scenario, where a profile
// keeps the compiled WebAssembly code, and the repeatable flag their
// command lines take.
package pageprobe

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
)

// PressRunAtOnce clicks Run as soon as the page has it, noting when in
// window.__benchPressed: a reader who came to run the scenario. Install it
// to run before the page's own scripts.
const PressRunAtOnce = `(() => {
	const press = () => {
		const run = document.querySelector("[data-testid=run]");
		if (run) { window.__benchPressed = performance.now(); run.click(); } else requestAnimationFrame(press);
	};
	requestAnimationFrame(press);
})()`

// CodeCacheSize is the size of the compiled WebAssembly code Chromium keeps
// in the profile at dir for later visits (V8 writes it once enough of the
// module is optimised: internal/bench/notes.md); 0 when there is none.
func CodeCacheSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(filepath.Join(dir, "Default", "Code Cache", "wasm"), func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}

// List is a flag given once per value (-site a=DIR -site b=DIR).
type List []string

func (l *List) String() string     { return strings.Join(*l, ",") }
func (l *List) Set(v string) error { *l = append(*l, v); return nil }
