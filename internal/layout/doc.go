// Package layout holds the test that keeps docs/architecture.md's import
// table true; it has no code.
package layout
