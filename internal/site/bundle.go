package site

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// bundle is what esbuild produced: every output file by its path under the
// output's assets/ folder, and the file each entry point became.
type bundle struct {
	files   map[string][]byte // "assets/app-HASH.js" -> contents
	entries map[string]string // "web/app.js" -> "assets/app-HASH.js"
}

// The page's entry points. The page script is an ES module; the worker is
// a classic script because it loads wasm_exec.js with importScripts, which
// module workers do not have (and so that a SharedWorker can run it too).
var (
	pageEntries   = []string{"web/app.js", "web/app.css"}
	workerEntries = []string{"web/worker.js"}
	// The live PostgreSQL lane's worker is a module worker: PGlite is an
	// ES module. Nothing the page loads imports it (pglite.go).
	moduleWorkerEntries = []string{pgliteWorkerEntry}
)

// bundleWeb bundles, minifies and content-hashes the page's JavaScript and
// CSS with esbuild. Files the CSS or JS refer to (fonts, images) become
// hashed assets too, addressed from base.
func bundleWeb(root, base string) (*bundle, error) {
	b := &bundle{files: map[string][]byte{}, entries: map[string]string{}}
	if err := b.add(root, base, pageEntries, api.FormatESModule); err != nil {
		return nil, err
	}
	if err := b.add(root, base, workerEntries, api.FormatIIFE); err != nil {
		return nil, err
	}
	if err := b.add(root, base, moduleWorkerEntries, api.FormatESModule, nodeOnly); err != nil {
		return nil, err
	}
	return b, nil
}

// nodeOnly stands in for the Node modules PGlite imports for its Node
// builds (behind its own checks that it runs under Node): an empty
// CommonJS module, so the browser's bundle neither fails to resolve them
// nor imports a module no browser has.
var nodeOnly = api.Plugin{Name: "node-only", Setup: func(pb api.PluginBuild) {
	pb.OnResolve(api.OnResolveOptions{Filter: `^(node:.*|fs|fs/promises|path|stream|stream/promises|util|zlib|ws)$`},
		func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: a.Path, Namespace: "node-only"}, nil
		})
	pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "node-only"},
		func(api.OnLoadArgs) (api.OnLoadResult, error) {
			empty := "module.exports = {};"
			return api.OnLoadResult{Contents: &empty, Loader: api.LoaderJS}, nil
		})
}}

func (b *bundle) add(root, base string, entries []string, format api.Format, plugins ...api.Plugin) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	res := api.Build(api.BuildOptions{
		AbsWorkingDir:     abs,
		EntryPoints:       entries,
		Bundle:            true,
		Format:            format,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2022,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Sourcemap:         api.SourceMapLinked,
		LegalComments:     api.LegalCommentsLinked,
		Outdir:            filepath.Join(abs, "assets"),
		EntryNames:        "[name]-[hash]",
		AssetNames:        "[name]-[hash]",
		PublicPath:        base + "assets/",
		Loader: map[string]api.Loader{
			".svg": api.LoaderFile, ".png": api.LoaderFile, ".webp": api.LoaderFile,
			".woff2": api.LoaderFile, ".woff": api.LoaderFile,
		},
		Plugins: plugins,
		// The tests link web/pglite into a fixture: keep its paths as linked.
		PreserveSymlinks: true,
		Metafile:         true,
		LogLevel:         api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return esbuildError(res.Errors)
	}
	for _, f := range res.OutputFiles {
		rel, err := filepath.Rel(abs, f.Path)
		if err != nil {
			return err
		}
		b.files[filepath.ToSlash(rel)] = f.Contents
	}
	var meta struct {
		Outputs map[string]struct {
			EntryPoint string `json:"entryPoint"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return fmt.Errorf("esbuild metafile: %w", err)
	}
	for out, o := range meta.Outputs {
		if o.EntryPoint != "" && path.Ext(out) != ".map" {
			b.entries[o.EntryPoint] = out
		}
	}
	for _, e := range entries {
		if b.entries[e] == "" {
			return fmt.Errorf("esbuild produced no output for %s", e)
		}
	}
	return nil
}

// esbuildError turns esbuild's messages into one error that names file,
// line and column like every other diagnostic of the build.
func esbuildError(msgs []api.Message) error {
	var sb strings.Builder
	for i, m := range msgs {
		if i > 0 {
			sb.WriteByte('\n')
		}
		if l := m.Location; l != nil {
			fmt.Fprintf(&sb, "%s:%d:%d: %s\n    %s", l.File, l.Line, l.Column+1, m.Text, l.LineText)
		} else {
			sb.WriteString(m.Text)
		}
	}
	return fmt.Errorf("bundling web/: %s", sb.String())
}
