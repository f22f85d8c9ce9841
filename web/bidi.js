// bidi.js: a scenario's title where it leaves its heading. A title comes
// from whoever wrote the scenario, a link's author included, and may hold
// bidirectional controls (a right-to-left override makes "fdp.exe" read
// "exe.pdf"). In the page's own text it is isolated, so it cannot reorder
// what surrounds it; in plain text that leaves the page (the window title,
// snippets to copy) the controls are dropped, since no isolate survives
// every place such text is pasted. The built pages and the exports follow
// the same rules in Go (internal/report's PlainTitle and IsolatedTitle);
// both are tested against internal/report/testdata/bidi-titles.json.

// The embedding, override and isolate controls and the directional marks:
// Unicode's Bidi_Control, as Go's unicode.Bidi_Control.
const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** plainTitle is a title without bidirectional controls. */
export function plainTitle(title) {
  return String(title).replace(CONTROLS, "");
}

/** isolatedTitle is a title without bidirectional controls, in a
 * first-strong isolate: a right-to-left title stays right-to-left without
 * turning the sentence around it. */
export function isolatedTitle(title) {
  return "\u2068" + plainTitle(title) + "\u2069";
}
