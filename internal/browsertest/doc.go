// Package browsertest holds the browser tests of the site: Go tests that
// build dist/ once, serve it on 127.0.0.1, and drive Debian's Chromium
// headless with chromedp through what a person does: find a scenario, read
// its pre-rendered results, watch the live run replace them, edit, run,
// stop, reset, reload, switch themes, use a phone-sized screen.
//
// The tests fail, never skip, when the browser is missing: set
// DBQUIRKS_CHROMIUM to use another binary than /usr/bin/chromium.
// Screenshots go to test-output/ at the repository's root.
//
// The tests rely only on the hooks described under "Test hooks" in
// docs/architecture.md (data-testid and data-* attributes and the
// window.__dbquirks handle), never on CSS classes or wording.
package browsertest
