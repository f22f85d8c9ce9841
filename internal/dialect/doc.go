// Package dialect owns what a step sends to a server other than SQLite and
// how the server's answer reads, with no driver: which statements only
// SQLite understands, the mechanical rewrites for PostgreSQL and MariaDB,
// parameters bound as literals the way Django's drivers bind them, the
// canonical value of PostgreSQL's text output, and the plan of a scenario
// for a lane. The recorder (internal/record) sends that SQL to real
// servers; the page sends the same plan to PGlite, PostgreSQL compiled to
// WebAssembly, and turns its answers into lane steps here (live.go).
package dialect
