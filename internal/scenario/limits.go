package scenario

// The limits on what a scenario may ask for, in one place. A scenario can
// arrive in a link anyone can craft, and the parser is the first code that
// reads it: a 28 KB link that declared 10,000 connections once made the
// engine open them all and crash at 4.3 GB. Each limit is checked by the
// parser, which names it and the line that passes it in a diagnostic.
//
// Most of these numbers are arbitrary: generous next to the largest
// scenario of the catalogue, small enough that a hostile one cannot hurt a
// browser tab. The engine holds statements to its own limits (time, rows,
// bytes, memory; see engine.Options).
const (
	// MaxSourceBytes is the largest scenario source. Arbitrary: the
	// largest scenario of the catalogue is about 15 KB, and a shared link
	// carries at most 64 KiB (permalink.MaxDecoded).
	MaxSourceBytes = 256 << 10

	// MaxValueBytes is the largest single value of the front matter (the
	// Django ORM code, a note, a pragma's value). Arbitrary.
	MaxValueBytes = 64 << 10

	// MaxTitleChars is the longest title, in characters: it heads the page,
	// the gallery card and the window title. Arbitrary.
	MaxTitleChars = 200

	// MaxSummaryChars is the longest summary, in characters: it is the
	// gallery card's text. Arbitrary.
	MaxSummaryChars = 1000

	// MaxConnections is how many connections a scenario may have, counting
	// the default one. Each is a SQLite instance with its own memory, so
	// this bounds a run's memory; a quirk needs two or three. Arbitrary.
	// The engine refuses a scenario built in Go that passes it too.
	MaxConnections = 16

	// MaxSteps is how many sql steps a scenario may have. Every step runs
	// under the engine's time limits, but each is also a block of the page.
	// Arbitrary: the longest scenario of the catalogue has 25.
	MaxSteps = 200

	// MaxFetch is the largest fetch=N of a cursor step (fetch=all is not
	// counted). Arbitrary; the engine keeps at most its rows-per-step limit.
	MaxFetch = 1_000_000

	// MaxBusyTimeoutMs is the largest busy_timeout of a connection: one
	// hour of the virtual clock, on which nobody waits. Arbitrary.
	MaxBusyTimeoutMs = 3_600_000
)
