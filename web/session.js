// session.js: the state of one scenario on the page, and the only code that
// changes it. The Markdown source is the one state that matters: step edits
// are spliced into it, it is what runs, what a draft saves and what a link
// shares. Around it: the document whose steps are on screen, the results
// shown and the source they came from, the notices, the view mode, the link
// the page was opened with.
//
// The state is a frozen object, replaced by each change; views read it and
// draw. Every method says what it changed ("document", "results", "mistakes", "source",
// "notices", "view", "running", "target", "link") to the listeners, once
// per method even when it changes several things.

import * as drafts from "./drafts.js";
import { spliceStepSQL, shiftLines, normalize } from "./splice.js";

/**
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 * @typedef {import("./wire.js").Transcript} Transcript
 * @typedef {import("./wire.js").Diagnostic} Diagnostic
 * @typedef {import("./wire.js").LinkPayload} LinkPayload
 * @typedef {"document"|"results"|"mistakes"|"source"|"notices"|"view"|"running"|"target"|"link"} Change
 * @typedef {{
 *   id: string, custom: boolean, persist: boolean,
 *   original: {source: string, document: ScenarioDocument, transcript: Transcript|null},
 *   doc: ScenarioDocument, source: string, docSource: string,
 *   transcript: Transcript|null, resultKind: "prerendered"|"live", resultSource: string|null,
 *   diagnostics: {list: Diagnostic[], message: string}|null,
 *   running: boolean, view: "steps"|"source", shared: LinkPayload|null, pendingLink: string|null,
 *   failed: boolean, notices: readonly {kind: string, text: string}[], target: number|null}} State
 * doc: the document whose steps are on screen. source: what Run runs and the
 * draft saves. docSource: the source doc describes, "" when unknown (edited
 * as a whole and not parsed yet). resultSource: the source the results shown
 * came from. pendingLink: a link an embed opens on its first Run. failed: a
 * link that could not be read left nothing to show or run.
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

  /**
   * @param {{id: string, document: ScenarioDocument, transcript: Transcript|null}} sc
   * @param {{persist: boolean, target?: number|null}} opts persist: keep drafts (embeds do not)
   */
  constructor(sc, { persist, target = null }) {
    const source = sc.document.source;
    this.#state = Object.freeze({
      id: sc.id, custom: sc.id === CUSTOM, persist,
      original: { source, document: sc.document, transcript: sc.transcript || null },
      doc: sc.document, source, docSource: source,
      transcript: sc.transcript || null, resultKind: "prerendered", resultSource: source,
      diagnostics: null, running: false, view: "steps", shared: null, pendingLink: null,
      failed: false, notices: [], target,
    });
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

  /** restoreDraft shows the saved draft of this scenario, if there is one. */
  restoreDraft() {
    const patch = this.#draftPatch();
    if (patch) this.#set(["document", "source", "notices"], patch);
  }

  /** keepDraft shows the draft instead of the shared version a link holds
   * (the person said so). */
  keepDraft() {
    const patch = this.#draftPatch() || {};
    this.#set(["document", "source", "notices"], {
      ...patch,
      notices: withNotice(patch.notices || this.#state.notices, "link", "Your draft is shown; the shared version was not opened. Open the link again to see it."),
    });
  }

  #draftPatch() {
    const s = this.#state;
    const d = drafts.restore(s.id, s.original.document);
    if (!d) return null;
    // Step edits only: the edited SQL shows at once, its results stale.
    const shown = d.doc ? { doc: d.doc, docSource: d.source } : { docSource: "" };
    return { source: d.source, ...shown, notices: withNotice(s.notices, "draft", d.notice) };
  }

  /** #saved is the patch that keeps the draft in step with source (when
   * s keeps drafts): a notice when the browser refused to save it. */
  #saved(s, source, doc, docSource) {
    if (!s.persist || drafts.keep(s.id, s.original.source, source, docSource === source ? doc : null)) return {};
    return { notices: withNotice(s.notices, "storage", "Your browser refused to save the draft (storage full or disabled): keep this tab open, or copy the source.") };
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
      ...s.doc, source: out.source,
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
    if (s.persist) drafts.discard(s.id);
    const o = s.original;
    this.#set(["document", "source", "results", "notices"], {
      source: o.source, docSource: o.source, doc: o.document, transcript: o.transcript,
      resultKind: "prerendered", resultSource: o.source, diagnostics: null,
      notices: s.notices.filter((n) => !["draft", "splice", "link", "results-differ"].includes(n.kind)),
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
   * showRun puts a live run of source on the page. When the person typed
   * while it ran, their text stays and what changed since is marked stale.
   * When the run's document has the steps on screen, only results change.
   * @param {string} source
   * @param {ScenarioDocument} doc
   * @param {Transcript} transcript
   */
  showRun(source, doc, transcript) {
    const s = this.#state;
    const patch = { transcript, resultKind: "live", resultSource: source, diagnostics: null };
    if (s.custom && s.original.source === source && !s.original.document.steps?.length) {
      patch.original = { source, document: doc, transcript: null };
    }
    if (source !== s.source) {
      this.#set(["results"], patch);
    } else {
      this.#set([sameStructure(s.doc, doc) ? "results" : "document"], { ...patch, doc, docSource: source });
    }
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
      : `This holds an edited version of “${s.original.document.meta.title}”: press Run to open and run it. Until then the original's recorded results are shown.`;
    const doc = s.custom ? { ...s.doc, meta: { ...s.doc.meta, summary: "A scenario carried in this embed's link." } } : s.doc;
    this.#set(["document", "link", "notices"], { pendingLink: link, docSource: "", doc, notices: withNotice(s.notices, "link", text) });
  }

  /** openingLink: the link is being read now; it is no longer pending. */
  openingLink() {
    this.#set(["link", "notices"], { pendingLink: null, notices: withNotice(this.#state.notices, "link", "Opening the scenario this link holds…") });
  }

  /**
   * openShared shows the scenario a link holds and saves it as the draft.
   * @param {LinkPayload} p
   */
  openShared(p) {
    const s = this.#state;
    const original = s.custom ? { source: p.source, document: { ...s.original.document, source: p.source }, transcript: null } : s.original;
    const made = p.engine ? ` It was made with engine ${p.engine}.` : "";
    const what = s.custom || (p.base && p.base !== s.id)
      ? "A scenario shared with a link."
      : `An edited version of “${s.original.document.meta.title}”, shared with a link.`;
    let notices = s.notices.filter((n) => n.kind !== "link");
    notices = withNotice(notices, "shared", what + made + (s.custom ? "" : " Reset returns to the original."));
    const docSource = p.source === s.doc.source ? p.source : "";
    const saved = this.#saved({ ...s, original, notices }, p.source, s.doc, docSource);
    this.#set(["document", "source", "notices", "link"], { shared: p, original, notices, source: p.source, docSource, ...saved });
  }

  /** linkFailed shows that a custom scenario's link could not be read:
   * there is nothing to run, only the way back to the gallery. */
  linkFailed() {
    const p = placeholder();
    const doc = { ...p, meta: { ...p.meta, title: "This link cannot be opened", summary: "Ask whoever sent it for the whole link, or browse all the quirks." } };
    this.#set(["document"], { failed: true, doc, original: { source: "", document: doc, transcript: null } });
  }

  // ---- Derived ---------------------------------------------------------

  /** staleSteps are the steps whose SQL differs from that of the result
   * shown (all of them while the steps are not the source's). */
  staleSteps() {
    const s = this.#state;
    const out = new Set();
    for (const ds of s.doc.steps || []) {
      const st = stepOf(s.transcript, ds.index);
      if (!this.known || (!!st && (st.sql || "") !== (ds.sql || ""))) out.add(ds.index);
    }
    return out;
  }

  /** editedSteps are the steps whose SQL differs from the original
   * scenario's, when both have the same steps (a custom scenario has none). */
  editedSteps() {
    const s = this.#state;
    const orig = s.original.document.steps || [];
    const steps = s.doc.steps || [];
    const out = new Set();
    if (s.custom || steps.length !== orig.length) return out;
    for (const ds of steps) {
      const o = orig[ds.index - 1];
      if (o && o.sql !== ds.sql) out.add(ds.index);
    }
    return out;
  }
}

/** stepOf is the transcript's step of an index, null when it has none. */
export function stepOf(t, index) {
  return t ? (t.steps || []).find((s) => s.index === index) || null : null;
}

/** withNotice is notices with the one of kind replaced by text, last. */
function withNotice(notices, kind, text) {
  return [...notices.filter((n) => n.kind !== kind), { kind, text }];
}

/** sameStructure: the two documents have the same steps in the same places,
 * so results can replace results without touching the editors. */
export function sameStructure(a, b) {
  const as = a.steps || [], bs = b.steps || [];
  if (as.length !== bs.length || a.epilogueHtml !== b.epilogueHtml) return false;
  if (JSON.stringify(a.meta) !== JSON.stringify(b.meta)) return false;
  return as.every((s, i) => {
    const t = bs[i];
    return s.line === t.line && s.sql === t.sql && s.conn === t.conn && s.kind === t.kind && s.info === t.info &&
      s.explanationHtml === t.explanationHtml && !!s.quirk === !!t.quirk;
  });
}
