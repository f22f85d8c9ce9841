// session.js: the state of one scenario on the page, and the only code that
// changes it. The Markdown source is the one state that matters: step edits
// are spliced into it, it is what runs, what a draft saves and what a link
// shares. Around it: the document whose steps are on screen, the results
// shown (their markup, run handle and digest) and the source they came
// from, the notices, the view mode, the link the page was opened with.
//
// The state is a frozen object, replaced by each change; views read it and
// draw. Every method says what it changed ("document", "results", "mistakes", "source",
// "notices", "view", "running", "target", "link") to the listeners, once
// per method even when it changes several things.

import * as drafts from "./drafts.js";
import { spliceStepSQL, shiftLines, normalize } from "./splice.js";
import { sameStructure } from "./marks.js";
import { isolatedTitle } from "./bidi.js";

/**
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 * @typedef {import("./wire.js").Transcript} Transcript
 * @typedef {import("./wire.js").Diagnostic} Diagnostic
 * @typedef {import("./wire.js").LinkPayload} LinkPayload
 * @typedef {import("./wire.js").PlayResult} PlayResult
 * @typedef {import("./wire.js").StepHTML} StepHTML
 * @typedef {"document"|"results"|"mistakes"|"source"|"notices"|"view"|"running"|"target"|"link"} Change
 * @typedef {{source: string, document: ScenarioDocument, transcript: Transcript|null, digest: string, html: string|null}} Original
 * @typedef {{
 *   id: string, custom: boolean, persist: boolean, original: Original,
 *   doc: ScenarioDocument, source: string, docSource: string, article: {html: string|null, baked: boolean},
 *   transcript: Transcript|null, resultKind: "prerendered"|"live", resultSource: string|null,
 *   results: {steps: StepHTML[], summary: string, summaryHash: string}|null, run: number|string|null, digest: string,
 *   diagnostics: {list: Diagnostic[], message: string}|null,
 *   running: boolean, view: "steps"|"source", shared: LinkPayload|null, pendingLink: string|null,
 *   failed: boolean, notices: readonly {kind: string, text: string}[], target: number|null,
 *   draftName: string, draftBase: string, tabConflict: boolean}} State
 * doc: the document whose steps are on screen. source: what Run runs and the
 * draft saves. docSource: the source doc describes, "" when unknown (edited
 * as a whole and not parsed yet). article: the markup of the article to
 * draw, a new object each time it must be drawn anew (html null: no
 * markup yet, a custom scenario before its first run; baked: it is the one
 * the page was served with). results: the markup of the results a run put
 * in the article drawn, null when none did since. resultSource: the source
 * the results shown came from; run: their handle for the exports (null for
 * the baked ones); digest: theirs, "" for a stopped run. pendingLink: a
 * link an embed opens on its first Run. failed: a link that could not be
 * read left nothing to show or run. draftName: where the draft is kept
 * (drafts.js): the id, or the link's name once a link is open. draftBase:
 * the text the draft is an edit of (the original, or the link's source).
 * tabConflict: another tab changed the draft while this one holds other
 * edits; nothing is saved until the person chooses which to keep.
 */

/** CUSTOM is the id of a scenario that came from a link and has no page. */
export const CUSTOM = "custom";

/** placeholder is what a custom scenario's page shows until its link is read. */
export function placeholder() {
  return {
    id: CUSTOM, source: "", epilogueHtml: "", steps: [],
    meta: { title: "Shared scenario", summary: "Opening the scenario this link holds…", topic: "", tags: [], backend: "", storage: "", django: { versions: "", orm: "", sql: "" }, links: [], connections: [] },
  };
}

export class Session {
  /** @type {State} */
  #state;
  /** @type {Set<(changes: Set<Change>, s: State) => void>} */
  #listeners = new Set();
  /** The draft's text as this tab last saved or read it (draftBase when
   * there was none): storage holding anything else means another tab
   * changed it since. */
  #stored = "";

  /**
   * @param {{id: string, document: ScenarioDocument, transcript: Transcript|null, digest?: string}} sc
   * @param {{persist: boolean, target?: number|null, html?: string|null}} opts persist: keep
   *   drafts (embeds do not); html: the markup of the article the page was served with
   */
  constructor(sc, { persist, target = null, html = null }) {
    const source = sc.document.source;
    /** @type {Original} */
    const original = { source, document: sc.document, transcript: sc.transcript || null, digest: sc.digest || "", html };
    this.#state = Object.freeze({
      id: sc.id, custom: sc.id === CUSTOM, persist, original,
      doc: sc.document, source, docSource: source, article: { html, baked: true },
      transcript: original.transcript, resultKind: "prerendered", resultSource: source,
      results: null, run: null, digest: original.digest,
      diagnostics: null, running: false, view: "steps", shared: null, pendingLink: null,
      failed: false, notices: [], target,
      draftName: sc.id, draftBase: source, tabConflict: false,
    });
    this.#stored = source;
  }

  /** @returns {State} */
  get state() {
    return this.#state;
  }

  /** edited: the source is not the original scenario's. */
  get edited() {
    return this.#state.source !== this.#state.original.source;
  }

  /** known: the steps on screen are those of the source (it was not edited as a whole since). */
  get known() {
    return this.#state.docSource === this.#state.source;
  }

  /** resultsFresh: the results shown are a live run of the source as it is. */
  get resultsFresh() {
    const s = this.#state;
    return s.resultKind === "live" && !!s.transcript && s.resultSource === s.source;
  }

  /** subscribe calls fn after every change, with what changed. */
  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** #set applies a change and tells the listeners. */
  #set(changes, patch) {
    this.#state = Object.freeze({ ...this.#state, ...patch });
    const set = new Set(changes);
    for (const fn of this.#listeners) fn(set, this.#state);
  }

  // ---- Notices ---------------------------------------------------------

  /** notice shows (or replaces) the notice of a kind; text is plain text. */
  notice(kind, text) {
    this.#set(["notices"], { notices: withNotice(this.#state.notices, kind, text) });
  }

  dropNotice(...kinds) {
    const notices = this.#state.notices.filter((n) => !kinds.includes(n.kind));
    if (notices.length !== this.#state.notices.length) this.#set(["notices"], { notices });
  }

  // ---- Drafts ---------------------------------------------------------

  /** restoreDraft shows the saved draft of this scenario (or of the link
   * open), if there is one. It reports whether a run of that draft took the
   * engine down last time: then the draft shows in the source view, with a
   * notice, not to be run until the person says so. */
  restoreDraft() {
    this.#stored = this.#inStorage();
    const patch = this.#draftPatch();
    if (!patch) return false;
    const crashed = drafts.crashedBefore(this.#state.draftName, patch.source);
    if (crashed) {
      patch.view = "source";
      patch.notices = withNotice(patch.notices, "crashed", "A run of this draft stopped the engine last time (out of memory?), so it was not run again: check it here, then press Run, or Reset.");
    }
    this.#set(crashed ? ["document", "source", "notices", "view"] : ["document", "source", "notices"], patch);
    return crashed;
  }

  /** #draftPatch shows the stored draft, null when there is none. */
  #draftPatch() {
    const s = this.#state;
    const d = drafts.restore(s.draftName, s.draftBase, s.draftBase === s.original.source ? s.original.document : null);
    if (!d) return null;
    // Step edits only: the edited SQL shows at once, its results stale.
    const shown = d.doc ? { doc: d.doc, docSource: d.source } : { docSource: "" };
    return { source: d.source, ...shown, notices: withNotice(s.notices, "draft", d.notice) };
  }

  /** #inStorage is the draft's text in storage now, draftBase for none. */
  #inStorage(s = this.#state) {
    const d = drafts.load(s.draftName);
    return d ? d.source : s.draftBase;
  }

  /** #saved is the patch that keeps the draft in step with source (when
   * s keeps drafts): a notice when the browser refused to save it. A draft
   * another tab changed since this tab last saw it is not overwritten
   * unseen: the patch marks the conflict instead, and nothing is saved
   * until the person has chosen (keepThisTab, loadOtherTab). */
  #saved(s, source, doc, docSource) {
    if (!s.persist || s.tabConflict) return {};
    if (this.#inStorage(s) !== this.#stored) return { tabConflict: true, notices: withNotice(s.notices, "tabs", OTHER_TAB) };
    return this.#write(s, source, doc, docSource);
  }

  /** #write saves source as the draft, an edit of what this tab saw stored. */
  #write(s, source, doc, docSource) {
    if (drafts.keep(s.draftName, s.draftBase, source, docSource === source ? doc : null, drafts.contentKey(this.#stored))) {
      this.#stored = source;
      return {};
    }
    return { notices: withNotice(s.notices, "storage", "Your browser refused to save the draft (storage full or disabled): keep this tab open, or copy the source.") };
  }

  // ---- Other tabs ------------------------------------------------------

  /** otherTabChanged: another tab changed this scenario's draft. When
   * nothing of this tab's is lost by showing the other tab's text, that is
   * done (with a notice): this tab holds no edits, or the other tab's
   * draft is an edit of exactly what this tab shows and saved. Otherwise
   * neither is dropped: tabConflict asks the person to choose. */
  otherTabChanged() {
    const s = this.#state;
    if (!s.persist || s.tabConflict) return;
    const d = drafts.load(s.draftName);
    const other = d ? d.source : s.draftBase;
    const builtOnThis = !!d && s.source === this.#stored && d.prev === drafts.contentKey(this.#stored);
    if (other === s.source) {
      this.#stored = other;
    } else if (s.source === s.draftBase || builtOnThis) {
      this.loadOtherTab();
    } else {
      this.#set(["notices"], { tabConflict: true, notices: withNotice(s.notices, "tabs", OTHER_TAB) });
    }
  }

  /** keepThisTab saves this tab's text as the draft, over the other tab's
   * (the person chose it; that tab still shows its own, and is asked in
   * turn: this draft is not an edit of its text). */
  keepThisTab() {
    const s = { ...this.#state, tabConflict: false, notices: this.#state.notices.filter((n) => n.kind !== "tabs") };
    this.#set(["notices"], { tabConflict: false, notices: s.notices, ...this.#write(s, s.source, s.doc, s.docSource) });
  }

  /** loadOtherTab shows the draft another tab saved (or, when it reset
   * the scenario, the text the draft is an edit of). */
  loadOtherTab() {
    const s = this.#state;
    this.#stored = this.#inStorage(s);
    const patch = this.#draftPatch() || {
      source: s.draftBase, ...(s.draftBase === s.original.source ? { doc: s.original.document, docSource: s.draftBase } : { docSource: "" }),
    };
    const notices = (patch.notices || s.notices).filter((n) => n.kind !== "draft");
    this.#set(["document", "source", "notices"], {
      ...patch, tabConflict: false,
      notices: withNotice(notices, "tabs", "This tab now shows the edit made in another tab." + (patch.docSource === "" ? " Its steps show once it runs." : "")),
    });
  }

  // ---- Edits ---------------------------------------------------------

  /** editStep splices a step's new SQL into the source and saves the draft.
   * It does nothing while the steps are not the source's (not known). */
  editStep(index, sql) {
    const s = this.#state;
    const steps = s.doc.steps || [];
    const st = steps[index - 1];
    if (!st || !this.known) return;
    let out;
    try {
      out = spliceStepSQL(s.source, st.line, sql);
    } catch (err) {
      // The step's line no longer points at its fence: never guess.
      this.notice("splice", "This edit could not be placed in the scenario (" + (err instanceof Error ? err.message : err) + "). Use the Source view, or Reset.");
      return;
    }
    const lines = shiftLines(steps.map((x) => x.line), st.line, out.delta);
    const text = normalize(sql);
    const doc = {
      ...s.doc, source: out.source, shape: undefined, // no longer the engine's document
      steps: steps.map((x, i) => (x.index === index ? { ...x, sql: text } : lines[i] === x.line ? x : { ...x, line: lines[i] })),
    };
    this.#set(["source", "notices"], { source: out.source, docSource: out.source, doc, ...this.#saved(s, out.source, doc, out.source) });
  }

  /** editSource replaces the whole source (the Source view): the steps on
   * screen no longer describe it until it runs. */
  editSource(source) {
    const s = this.#state;
    this.#set(["source", "notices"], { source, ...this.#saved(s, source, s.doc, s.docSource) });
  }

  /** load replaces the source (an embed's parent sent it); a link not
   * opened yet is dropped, never opened. */
  load(source) {
    const s = this.#state;
    this.#set(["document", "source", "notices", "link"], {
      source, docSource: "", pendingLink: null,
      notices: s.pendingLink ? s.notices.filter((n) => n.kind !== "link") : s.notices,
    });
  }

  /** reset returns to the original scenario and its recorded results. */
  reset() {
    const s = this.#state;
    if (s.pendingLink) return; // a link not opened yet: this is the starting point
    // Under a conflict the stored draft is the other tab's, not this one's.
    if (s.persist && !s.tabConflict) {
      drafts.discard(s.draftName);
      drafts.runEnded(s.draftName);
      this.#stored = s.draftBase;
    }
    const o = s.original;
    this.#set(["document", "source", "notices"], {
      source: o.source, docSource: o.source, doc: o.document, article: { html: o.html, baked: false },
      transcript: o.transcript, resultKind: "prerendered", resultSource: o.source,
      results: null, run: null, digest: o.digest, diagnostics: null,
      notices: s.notices.filter((n) => !["draft", "splice", "link", "results-differ", "crashed", "tabs"].includes(n.kind)),
    });
  }

  // ---- Views and targets ---------------------------------------------

  /** setView shows the steps or the source. Back on the steps after
   * source edits, they are drawn again, read-only until the source runs. */
  setView(view) {
    this.#set(view === "steps" && !this.known ? ["view", "document"] : ["view"], { view });
  }

  /** point marks the step the address points at. */
  point(target) {
    this.#set(["target"], { target });
  }

  // ---- Runs ---------------------------------------------------------

  setRunning(running) {
    this.#set(["running"], { running });
  }

  /**
   * showRun puts a play of source on the page. When its document has the
   * steps and prose on screen, only the results change; otherwise the
   * article is drawn anew from its markup. When the person typed while it
   * ran, their text stays and what changed since is marked stale.
   * @param {string} source
   * @param {PlayResult} play one with no mistakes
   */
  showRun(source, play) {
    const s = this.#state;
    const doc = /** @type {ScenarioDocument} */ (play.document);
    const html = /** @type {import("./wire.js").PlayHTML} */ (play.html);
    const patch = {
      transcript: play.transcript, resultKind: "live", resultSource: source, run: play.run, digest: play.digest,
      results: { steps: html.steps, summary: html.summary, summaryHash: html.summaryHash }, diagnostics: null,
    };
    if (s.custom && s.original.source === source && !s.original.document.steps?.length && html.article) {
      // A custom scenario's first run is what Reset returns to.
      patch.original = { source, document: doc, transcript: play.transcript, digest: play.digest, html: html.article };
    }
    const typed = source !== s.source;
    // Step edits made during the run keep the steps; a source edit made
    // during it left the steps unknown, and read-only: they may go.
    // No article came back when the engine was told the one on screen has
    // this document's shape (Shown): then the steps on screen are the
    // played ones, whatever was typed.
    const resultsOnly = !html.article || (typed ? this.known && (s.doc.steps || []).length === (doc.steps || []).length : sameStructure(s.doc, doc));
    if (resultsOnly) {
      this.#set(["results"], typed ? patch : { ...patch, doc, docSource: source });
      return;
    }
    this.#set(["document"], { ...patch, doc, docSource: source, article: { html: html.article, baked: false }, results: null });
  }

  /** setRun records the handle of a play of the results shown again (the
   * module forgot theirs: a restarted engine), for the exports. */
  setRun(run) {
    this.#set([], { run });
  }

  /** showMistakes lists what is wrong with the source; nothing ran. */
  showMistakes(list, message) {
    this.#set(["mistakes"], { diagnostics: { list, message } });
  }

  // ---- Links ---------------------------------------------------------

  /** awaitLink notes a link the first Run opens (an embed's), and says so. */
  awaitLink(link) {
    const s = this.#state;
    const text = s.custom
      ? "Press Run to open and run the scenario this link holds."
      : `This holds an edited version of “${isolatedTitle(s.original.document.meta.title)}”: press Run to open and run it. Until then the original's recorded results are shown.`;
    const doc = s.custom ? { ...s.doc, shape: undefined, meta: { ...s.doc.meta, summary: "A scenario carried in this embed's link." } } : s.doc;
    const article = s.custom ? { html: null, baked: false } : s.article;
    this.#set(["document", "link", "notices"], { pendingLink: link, docSource: "", doc, article, notices: withNotice(s.notices, "link", text) });
  }

  /** openingLink: the link is being read now; it is no longer pending. */
  openingLink() {
    this.#set(["link", "notices"], { pendingLink: null, notices: withNotice(this.#state.notices, "link", "Opening the scenario this link holds…") });
  }

  /**
   * openShared shows the scenario a link holds. From now on the drafts are
   * the link's own, named by its content (drafts.linkName), edits of its
   * source: a draft of another link, or of the scenario it came from, is
   * neither shown nor replaced. restoreDraft shows one of this link's.
   * @param {LinkPayload} p
   */
  openShared(p) {
    const s = this.#state;
    const original = s.custom ? { ...s.original, source: p.source, document: { ...s.original.document, source: p.source } } : s.original;
    let notices = s.notices.filter((n) => n.kind !== "link");
    // An embed of a scenario from scratch (a <pre> of SQL on a blog) travels
    // in a link its reader never saw: nothing to say about it.
    if (!s.custom || s.persist) notices = withNotice(notices, "shared", sharedText(s, p, null));
    const docSource = p.source === s.doc.source ? p.source : "";
    this.#stored = p.source;
    this.#set(["document", "source", "notices", "link"], {
      shared: p, original, notices, source: p.source, docSource, draftName: drafts.linkName(p.source), draftBase: p.source,
    });
  }

  /** sharedChanges says, once the shared scenario ran, which steps the
   * link changed: their numbers, in order. */
  sharedChanges(changed) {
    const s = this.#state;
    if (!s.shared || (s.custom && !s.persist)) return;
    this.#set(["notices"], { notices: withNotice(s.notices, "shared", sharedText(s, s.shared, changed)) });
  }

  /** linkFailed shows that a custom scenario's link could not be read:
   * there is nothing to run, only the way back to the gallery. */
  linkFailed() {
    const p = placeholder();
    const doc = { ...p, meta: { ...p.meta, title: "This link cannot be opened", summary: "Ask whoever sent it for the whole link, or browse all the quirks." } };
    this.#set(["document"], {
      failed: true, doc, article: { html: null, baked: false },
      original: { source: "", document: doc, transcript: null, digest: "", html: null },
    });
  }
}

/** OTHER_TAB says why the draft is no longer saved. */
const OTHER_TAB = "This scenario's draft was changed in another tab, and this tab holds other edits: nothing is saved here until you choose which to keep.";

/**
 * sharedText is the notice of a scenario opened from a link: where it
 * comes from and, once known, which steps it changed.
 * @param {State} s
 * @param {LinkPayload} p
 * @param {number[]|null} changed
 */
function sharedText(s, p, changed) {
  const made = p.engine ? ` It was made with engine ${p.engine}.` : "";
  if (s.custom || (p.base && p.base !== s.id)) return "A scenario shared with a link." + made;
  const title = isolatedTitle(s.original.document.meta.title);
  let what = `An edited version of “${title}”, shared with a link.`;
  if (changed?.length === 1) what = `An edited version of “${title}”, shared with a link: step ${changed[0]} changed (marked “edited”).`;
  else if (changed?.length) what = `An edited version of “${title}”, shared with a link: ${changed.length} steps changed (${listSteps(changed)}, marked “edited”).`;
  return what + made + " Reset returns to the original.";
}

/** listSteps names steps for a sentence: "2, 3 and 5". */
function listSteps(ns) {
  return ns.length === 1 ? String(ns[0]) : ns.slice(0, -1).join(", ") + " and " + ns[ns.length - 1];
}

/** withNotice is notices with the one of kind replaced by text, last. */
function withNotice(notices, kind, text) {
  return [...notices.filter((n) => n.kind !== kind), { kind, text }];
}
