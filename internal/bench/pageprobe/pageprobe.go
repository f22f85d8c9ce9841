// Package pageprobe holds what the bench tools (make bench, paintab,
// startab, tierab) share in driving a scenario page in Chromium: serving a
// built site, the script that presses Run like a reader who came to run the
// scenario, Chromium's tracing and its file, where a profile keeps the compiled
// WebAssembly code, the repeatable flag their command lines take, and the
// median they print.
package pageprobe

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"github.com/dbquirks/dbquirks/internal/devserver"
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

// Serve serves the built site in dir on a free port of 127.0.0.1, for as
// long as the program runs, and returns the address of its page for the
// scenario id.
func Serve(dir, id string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(ln, devserver.Handler(dir, "/"))
	return "http://" + ln.Addr().String() + "/s/" + id + "/", nil
}

// Trace starts Chromium's tracing of categories in ctx's browser; the
// function it returns ends the tracing and gives every event recorded.
func Trace(ctx context.Context, categories []string) (stop func() ([]json.RawMessage, error), err error) {
	var mu sync.Mutex
	var events []json.RawMessage
	done := make(chan struct{})
	chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			defer mu.Unlock()
			for _, v := range ev.Value {
				if b, err := json.Marshal(v); err == nil {
					events = append(events, b)
				}
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: categories}}); err != nil {
		return nil, err
	}
	return func() ([]json.RawMessage, error) {
		if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
			return nil, err
		}
		<-done
		mu.Lock()
		defer mu.Unlock()
		return events, nil
	}, nil
}

// WriteTrace writes events to file as Chromium's JSON trace format, which
// chrome://tracing and ui.perfetto.dev open.
func WriteTrace(file string, events []json.RawMessage) error {
	b, err := json.Marshal(map[string]any{"traceEvents": events})
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

// Median is the median of f over xs (the upper one of an even count), 0
// for none: the tools print medians of one field of their samples at a
// time.
func Median[T any](xs []T, f func(T) float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = f(x)
	}
	slices.Sort(v)
	return v[len(v)/2]
}
