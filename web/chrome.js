// chrome.js: the scenario page's controls: the toolbar (Run, Stop, Reset,
// Source, Share, and the engine's status), the source view, and the list of
// a scenario's mistakes. The page moves them into each article it renders,
// so they keep their state (and focus) across re-renders. Controls draws
// them from the session's state (web/session.js).

import { h, clear } from "./dom.js";

/**
 * @typedef {{toolbar: HTMLElement, run: HTMLButtonElement, stop: HTMLButtonElement, reset: HTMLButtonElement,
 *   source: HTMLButtonElement, share: HTMLButtonElement, open: HTMLAnchorElement, draft: HTMLElement, hint: HTMLElement,
 *   runPostgres: HTMLButtonElement, laneStatus: HTMLElement,
 *   announcer: HTMLElement,
 *   status: HTMLElement, editor: HTMLTextAreaElement, sourceView: HTMLElement, diagnostics: HTMLElement,
 *   flip: HTMLSelectElement, flipBox: HTMLElement,
 *   article: HTMLElement|null}} Chrome
 */

/**
 * buildChrome makes the controls; embeds get "Open in dbquirks" instead of
 * Source and Share.
 * @param {{embed: boolean, openHref: string}} opts
 * @returns {Chrome}
 */
export function buildChrome({ embed, openHref }) {
  const btn = (testid, label, title, cls = "btn") => /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: cls, "data-testid": testid, title }, label));
  // The symbols are decoration: screen readers say the word only.
  const glyph = (g) => h("span", { class: "glyph", "aria-hidden": "true" }, g);
  const run = btn("run", [glyph("▶"), " Run"], `Run the whole scenario from a fresh database (${RUN_KEYS})`, "btn primary");
  const stop = btn("stop", [glyph("■"), " Stop"], "Stop the running scenario");
  stop.disabled = true;
  // The live PostgreSQL lane: nothing of PGlite loads until this is pressed.
  const runPostgres = btn("run-postgres", [glyph("▶"), h("span", { class: "wide-only" }, " Run on"), " PostgreSQL"], "Load PostgreSQL (PGlite, about 4 MB compressed) in your browser and run the scenario's steps on it, your edits included");
  const laneStatus = h("span", { class: "lane-status", "data-testid": "lane-status", role: "status", "aria-live": "polite", hidden: true });
  const reset = btn("reset", [glyph("↺"), " Reset"], "Return to the original scenario");
  const source = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "btn", "data-testid": "source-toggle", "aria-pressed": "false", "aria-controls": "source-view" }, "Source"));
  const share = btn("share", "Share", "Link, embed and export this scenario");
  const open = /** @type {HTMLAnchorElement} */ (h("a", { class: "btn", "data-testid": "open-full", href: openHref, target: "_blank", rel: "noopener" },
    "Open in dbquirks", glyph("↗"), h("span", { class: "sr-only" }, " (opens in a new tab)")));
  const draft = h("span", { class: "draft-state", "data-testid": "draft-state", "aria-live": "polite" });
  // Says what a control did when nothing visible near the focus does
  // (a step's link copied).
  const announcer = h("span", { class: "sr-only", role: "status", "aria-live": "polite" });
  // What a first-time visitor cannot guess: the SQL boxes are editable.
  const hint = h("span", { class: "toolbar-hint" }, `Edit any SQL below, then Run (${RUN_KEYS}).`);
  const status = /** @type {HTMLElement} */ (document.querySelector("[data-testid=engine-status]")) ||
    h("p", { class: "engine-status", "data-testid": "engine-status", role: "status", "aria-live": "polite" });
  status.hidden = false;
  // A second SQLite lane: the same steps with one setting the scenario
  // offers flipped (its front matter's "flips"). Hidden when it offers none.
  const flip = /** @type {HTMLSelectElement} */ (h("select", { class: "flip-select", "data-testid": "flip" }));
  const flipBox = h("label", { class: "flip-box", title: "Play the steps again with one setting changed, beside the scenario as written", hidden: true },
    "Compare with ", flip);
  const toolbar = h("div", { class: "toolbar-inner" },
    h("div", { class: "toolbar-buttons" }, run, stop, runPostgres, reset, embed ? open : [source, share], flipBox),
    h("div", { class: "toolbar-info" }, draft, hint, status, laneStatus, announcer));
  const editor = /** @type {HTMLTextAreaElement} */ (h("textarea", {
    class: "source-editor", "data-testid": "source-editor", spellcheck: "false", autocapitalize: "off",
    autocomplete: "off", "aria-label": "Markdown source of the scenario", rows: "24",
  }));
  const sourceView = h("section", { class: "source-view", id: "source-view", "data-testid": "source-view", hidden: true, "aria-label": "Scenario source" },
    h("p", { class: "source-help" }, "The whole scenario as Markdown (format: scenarios/README.md). Run parses and runs it."),
    editor);
  const diagnostics = h("div", { class: "diagnostics", "data-testid": "diagnostics", role: "alert", hidden: true });
  return { toolbar, run, stop, runPostgres, laneStatus, reset, source, share, open, draft, hint, status, announcer, editor, sourceView, diagnostics, flip, flipBox, article: null };
}

/**
 * showFlips lists the flips the scenario shown offers, keeping the one
 * chosen while the scenario still offers it, and returns the flip now
 * chosen ("" for none).
 * @param {Chrome} ui
 * @param {{name: string, label: string}[]} flips
 * @param {string} chosen
 */
export function showFlips(ui, flips, chosen) {
  const offered = flips.some((f) => f.name === chosen) ? chosen : "";
  const options = [{ name: "", label: "the scenario only" }, ...flips];
  const shown = [...ui.flip.options];
  // Every Run reports the flips: the list is rebuilt only when they change.
  if (shown.length !== options.length || options.some((f, i) => shown[i].value !== f.name || shown[i].text !== f.label)) {
    clear(ui.flip);
    ui.flip.append(...options.map((f) => h("option", { value: f.name }, f.label)));
  }
  if (ui.flip.value !== offered) ui.flip.value = offered;
  ui.flipBox.hidden = flips.length === 0;
  return offered;
}

/**
 * Controls keeps the controls in step with the session: the draft state,
 * Run and Stop while a run lasts, the source view, the list of mistakes.
 */
export class Controls {
  /**
   * @param {Chrome} ui
   * @param {import("./session.js").Session} session
   * @param {{openHref: () => string, goTo: (line: number, column: number) => void}} on
   */
  constructor(ui, session, on) {
    this.ui = ui;
    this.session = session;
    this.on = on;
    /** Run had the focus when the run started */
    this.fromRun = false;
    /** the mistakes on screen, drawn once each */
    this.shown = null;
    session.subscribe((changes) => this.update(changes));
  }

  /** @param {Set<string>} changes */
  update(changes) {
    const s = this.session.state;
    if (changes.has("running")) this.showRunning(s.running);
    if (changes.has("view") || changes.has("document")) this.showView();
    if (changes.has("mistakes") || changes.has("results") || changes.has("document")) this.showMistakes();
    this.ui.open.href = this.on.openHref();
    this.showDraftState();
  }

  showDraftState() {
    const s = this.session.state, ui = this.ui;
    const edited = this.session.edited;
    ui.draft.textContent = !edited ? (s.custom ? "As shared" : "Original scenario")
      : !s.persist ? "Edited"
      : s.tabConflict ? "Edited · not saved: another tab changed the draft"
      : s.source !== s.draftBase ? "Edited · draft saved" : "Edited · as shared";
    ui.draft.dataset.state = edited ? "draft" : "original";
    ui.hint.hidden = edited;
    // "Original scenario" only matters next to an edit; the hint takes its place.
    // An embed of a scenario from scratch (a <pre> of SQL) was never shared
    // for its reader: "As shared" would be noise.
    ui.draft.hidden = !edited && (!s.custom || !s.persist);
  }

  /** showRunning swaps Run and Stop. A disabled button loses focus to the
   * page: whoever pressed Run with the keyboard finds Stop under their
   * finger, and Run again after. */
  showRunning(running) {
    const ui = this.ui;
    if (running) {
      this.fromRun = document.activeElement === ui.run;
      ui.stop.disabled = false;
      if (this.fromRun) ui.stop.focus();
      ui.run.disabled = true;
      ui.runPostgres.disabled = true;
      return;
    }
    ui.run.disabled = false;
    ui.runPostgres.disabled = false;
    const toRun = document.activeElement === ui.stop || (this.fromRun && document.activeElement === document.body);
    ui.stop.disabled = true;
    if (toRun) ui.run.focus();
  }

  /** showView shows the source editor or not; entering it, the editor
   * holds the source with the caret at the top. */
  showView() {
    const s = this.session.state, ui = this.ui;
    const src = s.view === "source";
    if (ui.editor.value !== s.source) {
      // Setting the value puts the caret at the end: start at the top.
      ui.editor.value = s.source;
      ui.editor.setSelectionRange(0, 0);
      ui.editor.scrollTop = 0;
    }
    ui.sourceView.hidden = !src;
    ui.source.setAttribute("aria-pressed", String(src));
    ui.source.textContent = src ? "Steps" : "Source";
  }

  showMistakes() {
    const d = this.session.state.diagnostics;
    if (!d) clear(this.ui.diagnostics).hidden = true;
    else if (this.shown !== d) showDiagnostics(this.ui.diagnostics, d.list, d.message, this.on.goTo);
    this.shown = d;
  }
}

/** RUN_KEYS names the Run shortcut the way this computer's keyboard does. */
export const RUN_KEYS = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform || "") ? "⌘+Enter" : "Ctrl+Enter";

/**
 * showStatus puts the engine's state in the status line, with a progress
 * bar while the module downloads.
 * @param {HTMLElement} el
 * @param {import("./engine.js").EngineStatus} s
 */
export function showStatus(el, s) {
  el.dataset.state = s.state;
  el.dataset.ready = String(!!s.ready);
  clear(el).append(h("span", { class: "status-text" }, s.message));
  if (s.state === "loading") {
    const p = /** @type {HTMLProgressElement} */ (h("progress", { "data-testid": "engine-progress", "aria-label": "Engine download" }));
    if (s.total) {
      p.max = s.total;
      p.value = Math.min(s.loaded || 0, s.total);
    }
    el.append(p);
  }
}

/**
 * showLaneStatus says what the live PostgreSQL lane is doing, with a
 * progress bar of the bytes while PGlite downloads.
 * @param {HTMLElement} el
 * @param {import("./livepg.js").LaneStatus} s
 */
export function showLaneStatus(el, s) {
  el.hidden = false;
  el.dataset.state = s.state;
  clear(el).append(h("span", { class: "status-text" }, s.message));
  if (s.state === "loading" && s.total) {
    const p = /** @type {HTMLProgressElement} */ (h("progress", { "data-testid": "lane-progress", "aria-label": "PostgreSQL download" }));
    p.max = s.total;
    p.value = Math.min(s.loaded || 0, s.total);
    el.append(p);
  }
}

/**
 * showDiagnostics lists a scenario's mistakes; each names its line and
 * column and, clicked, calls goTo with them.
 * @param {HTMLElement} box
 * @param {{line:number, column:number, message:string, text?:string}[]} diags
 * @param {string} message shown when there is no list
 * @param {(line: number, column: number) => void} goTo
 */
export function showDiagnostics(box, diags, message, goTo) {
  clear(box).append(
    h("p", { class: "diag-title" }, "The scenario has mistakes; nothing ran. Fix them and Run again:"),
    h("ul", null, diags.map((d) => h("li", { "data-line": d.line, "data-column": d.column },
      h("button", { type: "button", class: "link", onclick: () => goTo(d.line, d.column) },
        `line ${d.line}, column ${d.column}`), ": " + d.message,
      d.text ? h("pre", { class: "diag-text" }, h("code", null, d.text)) : null))));
  if (!diags.length) box.append(h("p", null, message));
  box.hidden = false;
  // The person may be far down the source: bring the list to them.
  box.scrollIntoView({ block: "nearest" });
}

/**
 * caretIndex is the string index of a 1-based line and column in text. The
 * parser counts columns in bytes of UTF-8, a textarea in UTF-16 units.
 * @param {string} text
 * @param {number} line
 * @param {number} column
 */
export function caretIndex(text, line, column) {
  const lines = text.split("\n");
  let at = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i].length + 1;
  const enc = new TextEncoder();
  let bytes = 0;
  for (const ch of lines[line - 1] || "") {
    if (bytes >= column - 1) break;
    bytes += enc.encode(ch).length;
    at += ch.length;
  }
  return Math.min(at, text.length);
}

/**
 * scrollToLine scrolls a textarea so that a 1-based line sits near its top.
 * Long lines wrap, so the offset is measured on a hidden copy of the
 * textarea's text box rather than counted in lines.
 * @param {HTMLTextAreaElement} ta
 * @param {number} line
 */
export function scrollToLine(ta, line) {
  const cs = getComputedStyle(ta);
  const mirror = document.createElement("div");
  // Only through the CSSOM: the page's CSP allows no style attributes.
  for (const p of ["fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "tabSize"]) {
    mirror.style[p] = cs[p];
  }
  mirror.style.position = "absolute";
  mirror.style.visibility = "hidden";
  mirror.style.whiteSpace = "pre-wrap";
  mirror.style.overflowWrap = "break-word";
  mirror.style.boxSizing = "content-box";
  mirror.style.padding = "0";
  mirror.style.width = (ta.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)) + "px";
  mirror.textContent = ta.value.split("\n").slice(0, Math.max(0, line - 1)).join("\n") + "\n";
  document.body.append(mirror);
  const above = line > 1 ? mirror.getBoundingClientRect().height : 0;
  mirror.remove();
  const lh = parseFloat(cs.lineHeight) || 20;
  ta.scrollTop = Math.max(0, above - 2 * lh);
}
