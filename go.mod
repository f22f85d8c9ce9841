module github.com/dbquirks/dbquirks

go 1.26.0

require (
	github.com/chromedp/cdproto v0.159.0 // internal/browsertest: DevTools protocol types
	github.com/chromedp/chromedp v0.23.0 // internal/browsertest: drives Chromium
	github.com/evanw/esbuild v0.28.2 // internal/site: bundles web/ (never in the wasm module)
	github.com/go-sql-driver/mysql v1.10.2 // internal/record: MariaDB sessions (never in the wasm module)
	github.com/jackc/pgx/v5 v5.13.0 // internal/record: PostgreSQL sessions (never in the wasm module)
	github.com/ncruces/go-sqlite3 v0.35.4
	github.com/yuin/goldmark v1.8.7
	go.yaml.in/yaml/v3 v3.0.6
)

require github.com/andybalholm/brotli v1.3.0 // internal/site: precompressed .br; internal/bench (never in the wasm module)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/ncruces/go-sqlite3-wasm/v5 v5.0.35304 // indirect
	github.com/ncruces/julianday v1.0.0 // indirect
	github.com/ncruces/wbt v1.0.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)
