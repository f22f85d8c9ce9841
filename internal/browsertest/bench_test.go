package browsertest

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkFirstLiveResult opens a scenario in a fresh browser profile
// (nothing cached, nothing compiled) and waits for its first live result;
// then opens it again in the same profile, where the browser may reuse the
// module it compiled. Both include the page's download of the module from
// a local server, so they measure compilation and the engine, not a network.
func BenchmarkFirstLiveResult(b *testing.B) {
	id := env.ids[0]
	var cold, repeat time.Duration
	n := 0
	for b.Loop() {
		tb := newTab(b, chromedp.WithNewBrowserContext())
		start := time.Now()
		tb.open("s/" + id + "/")
		tb.waitLive()
		cold += time.Since(start)
		start = time.Now()
		tb.open("s/" + id + "/")
		tb.waitLive()
		repeat += time.Since(start)
		n++
	}
	b.ReportMetric(float64(cold.Milliseconds())/float64(n), "ms-cold")
	b.ReportMetric(float64(repeat.Milliseconds())/float64(n), "ms-repeat")
}
