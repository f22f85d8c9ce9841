package wire

// Play is what one run of a scenario's source gives a page, in one
// crossing of the bridge: the parsed document, its mistakes, the
// transcript, the results' digest and the markup of everything a reader
// sees (internal/view). The site build bakes the same markup into the pages.
type Play struct {
	// Run names this play for the functions that work on its results
	// afterwards (exports, CSV): the module keeps the last few plays. 0 when
	// nothing was kept (the command line, the build).
	Run int `json:"run"`
	// Document is the parsed scenario; nil when the source has mistakes.
	Document *Document `json:"document"`
	// Diagnostics are the source's mistakes; empty when it parsed.
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Transcript is the run; nil when the source has mistakes.
	Transcript *Transcript `json:"transcript"`
	// Digest is the results' digest that a permalink records
	// (internal/permalink.ResultDigest); "" when the run was stopped, so that
	// a link made from it never claims results differ.
	Digest string `json:"digest"`
	// HTML is the markup of the run; nil when the source has mistakes or
	// none was asked for.
	HTML *HTML `json:"html"`
}

// HTML is a run's markup, written by internal/view. Every string is safe
// to insert as HTML: all text in it is escaped, and the only markup from a
// scenario is the parser's sanitised prose.
type HTML struct {
	// Article is the whole <article data-testid="scenario"> as a scenario
	// page has it, results included; "" when the page said it shows an
	// article of the played document's shape (play.Options.Shown), which
	// then needs only Steps and Summary.
	Article string `json:"article"`
	// Steps are the contents of each step's result area
	// ([data-testid=step-result]), the same bytes as in Article.
	Steps []StepHTML `json:"steps"`
	// Summary is the content of the run's summary
	// ([data-testid=run-summary]), the same bytes as in Article.
	Summary string `json:"summary"`
	// SummaryHash is view.AreaHash of Summary, as the summary's element
	// in Article has it (data-hash).
	SummaryHash string `json:"summaryHash"`
}

// StepHTML is the content of one step's result area.
type StepHTML struct {
	// Index is the step's 1-based number.
	Index int `json:"index"`
	// Result is the markup inside the step's result area.
	Result string `json:"result"`
	// Hash is view.AreaHash of Result, as the area's element in Article
	// has it (data-hash): a page leaves an area written with the same hash
	// as it is.
	Hash string `json:"hash"`
}
