package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/systeminfo"
	"github.com/chromedp/chromedp"

	"github.com/dbquirks/dbquirks/internal/bench/pageprobe"
	"github.com/dbquirks/dbquirks/internal/chromium"
)

// browser is one headless Chromium with a profile of its own: a new one
// is a cold start (no HTTP cache, no compiled code), a second visit in the
// same one a repeat visit.
type browser struct {
	ctx     context.Context
	cancel  func()
	profile string
}

func startBrowser(path string) (*browser, error) {
	profile, err := os.MkdirTemp("", "dbquirks-bench-profile-")
	if err != nil {
		return nil, err
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromium.Options(path, profile)...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return &browser{ctx: ctx, profile: profile, cancel: func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	}}, nil
}

func (b *browser) close() { b.cancel() }

// wasmCodeCache is the size of the compiled WebAssembly code Chromium keeps
// in b's profile for later visits.
func (b *browser) wasmCodeCache() (int64, error) { return pageprobe.CodeCacheSize(b.profile) }

// visit is one page load in a tab of b, with its network traffic counted.
type visit struct {
	ctx    context.Context
	cancel func()
	mu     sync.Mutex
	urls   map[network.RequestID]string
	bytes  map[network.RequestID]int64 // encoded bytes, headers included
}

// open loads url in a new tab. script, if any, runs in the page before
// the page's own scripts.
func (b *browser) open(url, script string) (*visit, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	v := &visit{ctx: ctx, cancel: cancel, urls: map[network.RequestID]string{}, bytes: map[network.RequestID]int64{}}
	err := chromedp.Listen(ctx, func(ev any) {
		v.mu.Lock()
		defer v.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			v.urls[ev.RequestID] = ev.Request.URL
		case *network.EventLoadingFinished:
			v.bytes[ev.RequestID] = int64(ev.EncodedDataLength)
		}
	})
	if err == nil {
		_, err = chromedp.Call(ctx, network.Enable, network.EnableParams{})
	}
	if err == nil && script != "" {
		_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	}
	if err == nil {
		err = v.run(time.Minute, chromedp.Navigate(url))
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("opening %s: %w", url, err)
	}
	return v, nil
}

func (v *visit) close() { v.cancel() }

func (v *visit) run(limit time.Duration, actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(v.ctx, limit)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// eval evaluates a JavaScript expression, awaiting a Promise.
func evalJS[T any](v *visit, limit time.Duration, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(v.ctx, limit)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// traffic is what the visit has transferred so far: all bytes, and the
// bytes and count of requests whose URL ends in .wasm.
func (v *visit) traffic() (total, wasm int64, wasmRequests int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for id, n := range v.bytes {
		total += n
		if strings.HasSuffix(strings.SplitN(v.urls[id], "?", 2)[0], ".wasm") {
			wasm += n
		}
	}
	for _, u := range v.urls {
		if strings.HasSuffix(strings.SplitN(u, "?", 2)[0], ".wasm") {
			wasmRequests++
		}
	}
	return total, wasm, wasmRequests
}

// rendererMemory is the resident memory of the browser's renderer
// processes, in bytes (Linux: /proc). With one tab open, that is the page's.
func (b *browser) rendererMemory() (int64, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	res, err := chromedp.CallBrowser(ctx, systeminfo.GetProcessInfo, cdp.Empty{})
	if err != nil {
		return 0, err
	}
	var total int64
	for _, p := range res.ProcessInfo {
		if p.Type != "renderer" {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", strconv.FormatInt(p.ID, 10), "status"))
		if err != nil {
			continue // ended meanwhile
		}
		for _, line := range strings.Split(string(status), "\n") {
			if kb, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
				total += n * 1024
			}
		}
	}
	return total, nil
}
