// Package chromium holds how the project starts Debian's headless
// Chromium, for the browser tests and make bench alike: one set of flags,
// so that neither reaches the network on its own (this machine's closed
// network refuses it) and both see the same browser.
package chromium

import "github.com/chromedp/chromedp"

// Options are the exec allocator's options for a headless Chromium at
// path with the profile folder profile, in a 1280×900 window.
func Options(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
}
