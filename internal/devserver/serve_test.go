package devserver

import (
	"net"
	"strings"
	"testing"

	"github.com/dbquirks/dbquirks/internal/site"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want string
	}{
		{"one", []string{"web/app.js"}, "web/app.js"},
		{"three, all named", []string{"a.go", "b.go", "c.go"}, "a.go, b.go, c.go"},
		{"more, counted", []string{"a.go", "b.go", "c.go", "d.go", "e.go"}, "a.go, b.go, c.go and 2 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summarize(tt.in); got != tt.want {
				t.Errorf("summarize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestStartFailedBuildFreesTheAddress: when the first build fails there is
// nothing to serve, and the listener must not stay open behind the error.
func TestStartFailedBuildFreesTheAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Start(ln, site.Options{Root: t.TempDir(), NoCache: true})
	if err == nil || !strings.Contains(err.Error(), "is not the dbquirks repository") {
		t.Fatalf("Start in an empty folder: err = %v, want the build's complaint", err)
	}
	again, err := net.Listen("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("the address is still taken after the failed build: %v", err)
	}
	again.Close()
}
