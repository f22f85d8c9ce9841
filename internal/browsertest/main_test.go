package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dbquirks/dbquirks/internal/catalog"
	"github.com/dbquirks/dbquirks/internal/chromium"
	"github.com/dbquirks/dbquirks/internal/devserver"
	"github.com/dbquirks/dbquirks/internal/site"
)

// env is what every test shares: one build, one server, one browser.
var env struct {
	repo      string          // the repository's root
	scenarios string          // a copy of scenarios/, taken when the tests start
	url       string          // the site, served at "/"
	xssURL    string          // the hostile-content site, served under /xss/
	siteDir   string          // the built site, for other servers
	ids       []string        // the built-in scenarios
	browser   context.Context // the browser; each test opens its own tab
	output    string          // test-output/, for screenshots
	wasmGets  atomic.Int64    // requests for .wasm files: an engine started
}

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	chromium := os.Getenv("DBQUIRKS_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		return 1, fmt.Errorf("the browser tests need Chromium (%v): install it with `apt-get install chromium` or set DBQUIRKS_CHROMIUM; they fail rather than skip", err)
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		return 1, err
	}
	env.repo = repo
	tmp, err := os.MkdirTemp("", "dbquirks-browsertest-")
	if err != nil {
		return 1, err
	}
	defer os.RemoveAll(tmp)
	// A copy, so that the site and the native transcripts come from the
	// same files even if someone saves a scenario while the tests run.
	env.scenarios = filepath.Join(tmp, "scenarios")
	if err := os.CopyFS(env.scenarios, os.DirFS(filepath.Join(repo, "scenarios"))); err != nil {
		return 1, err
	}
	if env.ids, err = catalog.IDs(env.scenarios); err != nil {
		return 1, err
	}

	srvURL, stop, err := serve(tmp)
	if err != nil {
		return 1, err
	}
	defer stop()
	env.url, env.xssURL = srvURL+"/", srvURL+"/xss/"

	if env.output, err = outputDir(repo); err != nil {
		return 1, err
	}
	browser, closeBrowser, err := startBrowser(chromium, filepath.Join(tmp, "profile"))
	if err != nil {
		return 1, err
	}
	defer closeBrowser()
	env.browser = browser
	return m.Run(), nil
}

// serve builds the site at "/" and the hostile-content site under "/xss/"
// (which also proves a sub-path works) and serves both on a free port.
func serve(tmp string) (url string, stop func(), err error) {
	main, err := site.Build(site.Options{Root: env.repo, Scenarios: env.scenarios, Out: filepath.Join(tmp, "site"), Log: os.Stderr})
	if err != nil {
		return "", nil, fmt.Errorf("building the site: %w", err)
	}
	xss, err := site.Build(site.Options{
		Root: env.repo, Scenarios: filepath.Join("testdata", "xss"),
		Out: filepath.Join(tmp, "xss"), Base: "/xss/",
	})
	if err != nil {
		return "", nil, fmt.Errorf("building the hostile-content site: %w", err)
	}
	env.siteDir = main.Out
	mux := http.NewServeMux()
	mux.Handle("/xss/", devserver.Handler(xss.Out, xss.Base))
	mux.Handle("/", devserver.Handler(main.Out, main.Base))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			env.wasmGets.Add(1)
		}
		mux.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// outputDir makes test-output/ and keeps it out of git by itself.
func outputDir(repo string) (string, error) {
	dir := filepath.Join(repo, "test-output")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(ignore, []byte("# written by the browser tests\n*\n"), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// startBrowser starts one headless Chromium for the whole test binary, with
// a fresh profile and nothing that reaches the network on its own.
func startBrowser(path, profile string) (context.Context, func(), error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromium.Options(path, profile)...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	// The first Run starts the browser; it must have no timeout, or the
	// timeout would end the browser.
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return browser, func() { cancelBrowser(); cancelAlloc() }, nil
}
