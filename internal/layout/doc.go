// Package layout holds the tests that keep docs/architecture.md's import
// table true and the repository's top level to the entries the developers'
// guide names; it has no code.
package layout
