// scenario.js: the scenario page. It shows the pre-rendered results at once,
// runs the scenario live as soon as the engine is ready, and lets a person
// edit each step's SQL (or the whole Markdown source), run, stop and reset.
// The Markdown source is the one state that matters: step edits are spliced
// into it, it is what runs, what a draft saves and what a link shares.

import { h, clear, append } from "./dom.js";
import { renderScenario, renderPager, stepResult, renderRunSummary, laneMap, stepOf, plural } from "./render.js";
import { spliceStepSQL, shiftLines, normalize } from "./splice.js";
import { Engine, EngineError } from "./engine.js";
import * as drafts from "./drafts.js";
import { signature, compareSignatures } from "./signature.js";
import { ask } from "./dialog.js";
import { openShare, addCSVButtons, copyStepLink } from "./share.js";
import { FrameLink } from "./frame.js";
import { openLink, compareShared, openFull, pageLink } from "./links.js";
import { stepAnchor, isLink, startsAt } from "./router.js";
import { buildChrome, showStatus, showDiagnostics, caretIndex, scrollToLine } from "./chrome.js";

/**
 * @typedef {import("./render.js").ScenarioDocument} ScenarioDocument
 * @typedef {import("./render.js").Transcript} Transcript
 * @typedef {import("./router.js").PageOptions} PageOptions
 * @typedef {import("./links.js").Payload} Payload
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

export class ScenarioPage {
  /**
   * @param {import("./data.js").PageData} data
   * @param {{id: string, document: ScenarioDocument, transcript: Transcript|null}} sc
   * @param {HTMLElement} main
   * @param {any} handle window.__dbquirks
   * @param {PageOptions} opts
   */
  constructor(data, sc, main, handle, opts) {
    this.data = data;
    this.main = main;
    this.handle = handle;
    this.opts = opts;
    this.id = sc.id;
    this.custom = sc.id === CUSTOM;
    this.base = data.base;
    /** Embeds keep no drafts: their edits live as long as the frame. */
    this.persist = !opts.embed;
    this.original = { source: sc.document.source, document: sc.document, transcript: sc.transcript || null };
    /** @type {ScenarioDocument} the document the steps on screen come from */
    this.doc = sc.document;
    /** the Markdown source: what Run runs and the draft saves */
    this.source = sc.document.source;
    /** the source this.doc describes, step lines included; differs after source-view edits */
    this.docSource = this.source;
    /** @type {Transcript|null} */
    this.transcript = this.original.transcript;
    this.resultKind = "prerendered";
    this.running = false;
    this.view = "steps";
    /** @type {Payload|null} the link this page was opened with */
    this.shared = null;
    /** @type {Map<string, HTMLElement>} notices by kind, kept across re-renders */
    this.notices = new Map();
    /** the step the address points at (#step-N, ?step=N), brought into view once */
    this.target = opts.target;
    this.targetShown = false;
    /** a link that could not be read left nothing to show or run */
    this.failed = false;
    /** @type {string|null} the link an embed opens on its first Run */
    this.pendingLink = null;
    /** @type {Promise<any>|null} while the engine reads the page's link */
    this.opening = null;
    this.engine = new Engine(data.assets, (s) => this.showStatus(s), { shared: opts.embed });
    this.frame = opts.embed ? new FrameLink(opts.frame, { run: () => this.run(), load: (src) => this.load(src) }) : null;
    this.ui = buildChrome({ embed: !!opts.embed, openHref: pageLink(this) });
    this.wire();
  }

  /** start shows the page and, unless it is an embed waiting for Run, runs
   * the scenario live once the engine is up. */
  start() {
    // For renderCheck (tests only): the markup as it was served, compared
    // only when asked. mount() replaces the article without changing it, and
    // the pager stays as it is, so the nodes themselves are kept.
    const server = this.main.querySelector("[data-testid=scenario]");
    const pager = this.main.querySelector("[data-testid=pager]");
    this.handle.renderCheck = () => {
      if (!server) return ["no pre-rendered scenario on this page"];
      const o = this.original;
      const diffs = compareSignatures(signature(server), signature(renderScenario(this.base, this.id, o.document, o.transcript, "prerendered")));
      const js = renderPager(this.base, this.id, this.data.catalog);
      if (pager && js) diffs.push(...compareSignatures(signature(pager), signature(js)));
      return diffs;
    };
    // For tests: call any engine function, e.g. engineCall("shutdown") ends
    // the Go program as a crash would.
    this.handle.engineCall = (op, ...args) => this.engine.call(op, args);

    const boot = startsAt(this.opts);
    const waitForRun = boot !== "load";
    if (this.opts.link && waitForRun) {
      // Only the engine reads links, so an embed of a link waits for Run
      // like any embed: until then it says what Run will open, and nothing
      // on it can be edited (an edit would be lost when the link opens).
      this.pendingLink = this.opts.link;
      this.notice("link", this.custom
        ? "Press Run to open and run the scenario this link holds."
        : `This holds an edited version of “${this.original.document.meta.title}”: press Run to open and run it. Until then the original's recorded results are shown.`);
      this.docSource = "";
      if (this.custom) this.doc = { ...this.doc, meta: { ...this.doc.meta, summary: "A scenario carried in this embed's link." } };
      this.ui.open.href += "#" + this.pendingLink;
    } else if (this.opts.link) {
      this.notice("link", "Opening the scenario this link holds…");
      this.mount();
      return this.openPendingLink(this.opts.link);
    } else if (this.persist) {
      this.restoreDraft();
    }
    this.mount();
    if (waitForRun) {
      this.showStatus({ state: "idle", message: "The engine starts when you press Run.", ready: false });
      if (boot === "visible") this.whenVisible(() => (this.pendingLink ? this.run() : this.firstRun()));
      return Promise.resolve();
    }
    return this.engine.start().then(() => this.firstRun());
  }

  /** openPendingLink starts the engine, has it read the link the page was
   * opened with, and runs what the link holds. */
  openPendingLink(link) {
    this.pendingLink = null;
    this.opening = this.engine.start()
      .then(() => openLink(this, link))
      .then((ok) => ok && this.firstRun())
      .finally(() => (this.opening = null));
    return this.opening;
  }

  async firstRun() {
    await this.run({ first: true });
    await compareShared(this);
    this.warmUp();
  }

  whenVisible(fn) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        fn();
      }
    });
    io.observe(this.main);
  }

  /** warmUp has the engine play its small built-in scenario, so the
   * browser compiles the code paths this scenario did not touch before the
   * person's first Run (see wasm/main.go). */
  warmUp() {
    if (!this.engine.has("warmup")) return;
    this.engine.call("warmup", [], { quiet: true }).catch(() => {});
  }

  // ---- Drafts ---------------------------------------------------------

  restoreDraft() {
    const d = drafts.load(this.id);
    if (!d || d.source === this.original.source) return;
    this.source = d.source;
    const when = d.saved ? new Date(d.saved).toLocaleString() : "earlier";
    const steps = this.original.document.steps || [];
    if (d.steps && d.steps.length === steps.length && steps.length > 0) {
      // Step edits only: show the edited SQL at once, results marked stale.
      this.doc = { ...this.original.document, source: d.source, steps: steps.map((s, i) => ({ ...s, line: d.steps[i].line, sql: d.steps[i].sql })) };
      this.docSource = d.source;
      this.notice("draft", `Your edits from ${when} are restored. Reset returns to the original.`);
    } else {
      this.docSource = "";
      this.notice("draft", `Your edited source from ${when} is restored; the steps show it once the engine has run it. Reset returns to the original.`);
    }
  }

  saveDraft() {
    if (!this.persist) {
      this.showDraftState();
      return;
    }
    if (this.source === this.original.source) {
      drafts.discard(this.id);
    } else {
      const known = this.docSource === this.source;
      const ok = drafts.save(this.id, this.source, known ? (this.doc.steps || []).map((s) => ({ line: s.line, sql: s.sql })) : null);
      if (!ok) this.notice("storage", "Your browser refused to save the draft (storage full or disabled): keep this tab open, or copy the source.");
    }
    this.showDraftState();
  }

  showDraftState() {
    const edited = this.source !== this.original.source;
    this.ui.draft.textContent = edited ? (this.persist ? "Edited · draft saved" : "Edited") : this.custom ? "As shared" : "Original scenario";
    this.ui.draft.dataset.state = edited ? "draft" : "original";
    this.ui.hint.hidden = edited;
    // "Original scenario" only matters next to an edit; the hint takes its place.
    this.ui.draft.hidden = !edited && !this.custom;
  }

  // ---- Rendering ---------------------------------------------------------

  /** mount renders this.doc with this.transcript and puts the chrome in it. */
  mount() {
    const active = /** @type {HTMLElement|null} */ (document.activeElement);
    const focusStep = active && active.matches(".sql-edit") ? active.closest("[data-step]")?.getAttribute("data-step") : null;
    // Moving an element in the document takes focus from it: the controls
    // move into the new article, so the one that had focus gets it back.
    const ui = this.ui;
    const focusControl = active && [ui.toolbar, ui.sourceView, ui.diagnostics].some((el) => el.contains(active)) ? active : null;
    const article = renderScenario(this.base, this.id, this.doc, this.transcript, this.resultKind);
    const old = this.main.querySelector("[data-testid=scenario]");
    if (old) old.replaceWith(article);
    else this.main.append(article);
    this.ui.article = article;
    const toolbar = /** @type {HTMLElement} */ (article.querySelector("[data-testid=toolbar]"));
    toolbar.append(this.ui.toolbar);
    toolbar.after(this.ui.diagnostics, this.ui.sourceView);
    const notices = /** @type {HTMLElement} */ (article.querySelector("[data-testid=notices]"));
    for (const n of this.notices.values()) notices.append(n);
    if (this.opts.embed) this.applyEmbed(article);
    if (this.custom) document.title = this.doc.meta.title + " · dbquirks";
    toolbar.hidden = this.failed;
    this.enhanceSteps(article);
    this.markEdited();
    this.markStale();
    this.applyView();
    this.showDraftState();
    if (this.engine.has("exportCSV")) addCSVButtons(this, article);
    if (focusStep) /** @type {HTMLElement|null} */ (article.querySelector(`[data-step="${focusStep}"] .sql-edit`))?.focus();
    else if (focusControl && document.activeElement !== focusControl) focusControl.focus({ preventScroll: true });
    this.addPager();
    this.showTarget();
    scrollRegions(article);
    this.frame?.resized();
  }

  /** addPager puts the links to the previous and next scenarios under the
   * article, unless the build already did. */
  addPager() {
    if (this.custom || this.opts.embed || this.main.querySelector("[data-testid=pager]")) return;
    const pager = renderPager(this.base, this.id, this.data.catalog);
    if (pager) this.ui.article?.after(pager);
  }

  /** showTarget marks the step the address points at and, the first time
   * it is on screen, scrolls to it: the pre-rendered page was scrolled
   * there, but the toolbar and notices have moved it since. */
  showTarget() {
    const article = this.ui.article;
    if (!article) return;
    for (const li of article.querySelectorAll(".step.targeted")) li.classList.remove("targeted");
    const li = this.target ? article.querySelector(`[data-testid=step][data-step="${this.target}"]`) : null;
    if (!li) return;
    li.classList.add("targeted");
    if (!this.targetShown) {
      this.targetShown = true;
      li.scrollIntoView({ block: "start" });
    }
  }

  /** markEdited flags the steps whose SQL differs from the original
   * scenario's (when both have the same steps), so a draft or a shared
   * link shows what changed. */
  markEdited() {
    const article = this.ui.article;
    const orig = this.original.document.steps || [];
    const steps = this.doc.steps || [];
    if (!article || this.custom) return;
    for (const ds of steps) {
      const li = article.querySelector(`[data-testid=step][data-step="${ds.index}"]`);
      if (!li) continue;
      const o = orig[ds.index - 1];
      const edited = steps.length === orig.length && !!o && o.sql !== ds.sql;
      li.classList.toggle("edited", edited);
      const badge = li.querySelector(".edited-badge");
      if (edited && !badge) li.querySelector(".step-num")?.after(" ", h("span", { class: "edited-badge" }, "edited"));
      else if (!edited && badge) badge.remove();
    }
  }

  /** announce tells screen readers what just happened. */
  announce(text) {
    this.ui.announcer.textContent = "";
    // A change of text is what a live region reads: clear, then set.
    requestAnimationFrame(() => (this.ui.announcer.textContent = text));
  }

  /** linkFailed shows that a custom scenario's link could not be read:
   * there is nothing to run, only the way back to the gallery. */
  linkFailed() {
    this.failed = true;
    const p = placeholder();
    this.doc = { ...p, meta: { ...p.meta, title: "This link cannot be opened", summary: "Ask whoever sent it for the whole link, or browse all the quirks." } };
    this.original = { source: "", document: this.doc, transcript: null };
    this.mount();
  }

  /** applyEmbed shows one step and hides explanations when the embed asks. */
  applyEmbed(article) {
    if (!this.opts.explanations) article.classList.add("no-explain");
    const only = this.opts.step;
    if (!only || only > (this.doc.steps || []).length) return;
    article.classList.add("one-step");
    for (const li of article.querySelectorAll("[data-testid=step]")) {
      /** @type {HTMLElement} */ (li).hidden = li.getAttribute("data-step") !== String(only);
    }
  }

  /** enhanceSteps turns each step's SQL into an editor. */
  enhanceSteps(article) {
    const known = this.docSource === this.source;
    for (const ds of this.doc.steps || []) {
      const li = article.querySelector(`[data-step="${ds.index}"]`);
      if (li && !this.opts.embed) {
        const b = /** @type {HTMLButtonElement} */ (h("button", {
          type: "button", class: "step-link", "data-testid": "step-link", title: "Copy a link to this step",
          "aria-label": `Copy a link to step ${ds.index}`,
        }, "Copy link"));
        b.addEventListener("click", () => copyStepLink(this, ds.index, b));
        li.querySelector(".step-head")?.append(b);
      }
      const pre = li && li.querySelector("pre.sql");
      if (!pre) continue;
      const ta = /** @type {HTMLTextAreaElement} */ (h("textarea", {
        class: "sql sql-edit", "data-testid": "step-sql", spellcheck: "false", autocapitalize: "off", autocomplete: "off",
        "aria-label": `SQL of step ${ds.index} (connection ${ds.conn})`, rows: String(lineCount(ds.sql)),
      }));
      ta.value = ds.sql; // as text, never as HTML
      if (!known) {
        ta.readOnly = true;
        ta.title = "The source was edited as a whole and has not been run yet: press Run, or edit it in the Source view.";
      }
      ta.addEventListener("input", () => this.editStep(ds.index, ta));
      pre.replaceWith(ta);
    }
  }

  /** editStep splices a step's new SQL into the source and saves the draft. */
  editStep(index, ta) {
    ta.rows = lineCount(ta.value);
    const steps = this.doc.steps || [];
    const st = steps[index - 1];
    if (!st || this.docSource !== this.source) return;
    let out;
    try {
      out = spliceStepSQL(this.source, st.line, ta.value);
    } catch (err) {
      // The step's line no longer points at its fence: never guess.
      this.notice("splice", "This edit could not be placed in the scenario (" + (err instanceof Error ? err.message : err) + "). Use the Source view, or Reset.");
      return;
    }
    this.source = out.source;
    this.docSource = out.source;
    const sql = normalize(ta.value);
    const lines = shiftLines(steps.map((s) => s.line), st.line, out.delta);
    this.doc = {
      ...this.doc, source: out.source,
      steps: steps.map((s, i) => (s.index === index ? { ...s, sql } : lines[i] === s.line ? s : { ...s, line: lines[i] })),
    };
    for (const s of this.doc.steps || []) {
      this.ui.article?.querySelector(`[data-step="${s.index}"]`)?.setAttribute("data-line", String(s.line));
    }
    this.saveDraft();
    this.markEdited();
    this.markStale();
  }

  /** markStale flags steps whose SQL differs from the SQL of the result shown. */
  markStale() {
    const t = this.transcript;
    const unknown = this.docSource !== this.source;
    for (const ds of this.doc.steps || []) {
      const li = this.ui.article?.querySelector(`[data-step="${ds.index}"]`);
      if (!li) continue;
      const st = stepOf(t, ds.index);
      if (unknown || (!!st && (st.sql || "") !== (ds.sql || ""))) li.setAttribute("data-stale", "true");
      else li.removeAttribute("data-stale");
    }
  }

  /** notice shows (or replaces) a notice of a kind; text is plain text. */
  notice(kind, text) {
    const p = h("p", { class: "notice", "data-notice": kind },
      h("span", null, text), " ",
      h("button", { type: "button", class: "notice-close", "aria-label": "Dismiss", onclick: () => this.dropNotice(kind) }, "×"));
    this.notices.get(kind)?.remove();
    this.notices.set(kind, p);
    this.ui.article?.querySelector("[data-testid=notices]")?.append(p);
    this.frame?.resized();
  }

  dropNotice(kind) {
    this.notices.get(kind)?.remove();
    this.notices.delete(kind);
  }

  // ---- Running ---------------------------------------------------------

  /** run plays the current source from a fresh database. */
  async run({ first = false } = {}) {
    if (this.opening && !first) return this.opening;
    if (this.pendingLink) {
      this.notice("link", "Opening the scenario this link holds…");
      return this.openPendingLink(this.pendingLink).catch((err) => this.handle.rejectReady?.(err));
    }
    if (this.running) return;
    this.running = true;
    // A disabled button loses focus to the page: whoever pressed Run with
    // the keyboard finds Stop under their finger, and Run again after.
    const fromRun = document.activeElement === this.ui.run;
    this.ui.stop.disabled = false;
    if (fromRun) this.ui.stop.focus();
    this.ui.run.disabled = true;
    const source = this.source;
    try {
      const { document: doc, transcript } = await this.engine.call("play", [source, this.id]);
      this.showResult(source, doc, transcript);
      // Said next to Run, so a run whose results look the same still shows
      // that it happened (and screen readers hear how it went).
      if (this.engine.state === "ready") this.showStatus({ state: "ready", message: runOutcome(transcript), ready: true });
      clear(this.ui.diagnostics).hidden = true;
      this.handle.resolveReady?.();
    } catch (err) {
      if (err instanceof EngineError && err.kind === "scenario") {
        showDiagnostics(this.ui.diagnostics, err.diagnostics, err.message, (l, c) => this.goTo(l, c));
        this.frame?.resized();
        this.handle.resolveReady?.();
      } else if (!(err instanceof EngineError)) {
        console.error(err);
      }
      // Stopped and crashed runs: the status line says what happened.
      if (first && err instanceof EngineError && err.kind === "engine") this.handle.rejectReady?.(err);
    } finally {
      this.running = false;
      this.ui.run.disabled = false;
      const toRun = document.activeElement === this.ui.stop || (fromRun && document.activeElement === document.body);
      this.ui.stop.disabled = true;
      if (toRun) this.ui.run.focus();
    }
  }

  /** showResult puts a live run's results on the page. */
  showResult(source, doc, transcript) {
    this.handle.lastTranscript = transcript;
    this.handle.lastDocument = doc;
    this.handle.runs = (this.handle.runs || 0) + 1;
    this.transcript = transcript;
    this.resultKind = "live";
    if (this.custom && this.original.source === source && !this.original.document.steps?.length) {
      this.original = { source, document: doc, transcript: null };
    }
    if (source !== this.source) {
      // The person typed while it ran: keep their text, show the results,
      // mark what changed since as stale.
      this.updateResults(transcript);
    } else {
      const sameSteps = sameStructure(this.doc, doc);
      this.doc = doc;
      this.docSource = source;
      if (sameSteps && this.ui.article) this.updateResults(transcript);
      else this.mount();
    }
    this.frame?.result(transcript);
  }

  /** updateResults replaces each step's result in place, leaving editors alone. */
  updateResults(t) {
    const article = /** @type {HTMLElement} */ (this.ui.article);
    const lanes = laneMap(t.connections && t.connections.length ? t.connections : this.doc.meta.connections);
    for (const ds of this.doc.steps || []) {
      const li = article.querySelector(`[data-step="${ds.index}"]`);
      if (!li) continue;
      const st = stepOf(t, ds.index);
      const area = /** @type {HTMLElement} */ (li.querySelector("[data-testid=step-result]"));
      append(clear(area), [stepResult(ds, st, lanes)]);
      li.setAttribute("data-result", st ? "live" : "none");
    }
    article.querySelector("[data-testid=run-summary]")?.replaceWith(renderRunSummary(t));
    if (this.engine.has("exportCSV")) addCSVButtons(this, article);
    this.markStale();
    this.showDraftState();
    scrollRegions(article);
    this.frame?.resized();
  }

  async stop() {
    if (!this.running) return;
    await this.engine.stop().catch(() => {});
  }

  /** load replaces the source (an embed's parent sent it) and runs it. */
  load(source) {
    if (this.opening) return this.opening.then(() => this.load(source));
    if (this.pendingLink) {
      // The parent's source replaces the link's: it is never opened.
      this.pendingLink = null;
      this.dropNotice("link");
      this.ui.open.href = this.ui.open.href.replace(/#.*$/, "");
    }
    this.source = source;
    this.docSource = "";
    this.mount();
    return this.run();
  }

  // ---- Source view, reset -----------------------------------------------

  toggleSource() {
    this.view = this.view === "source" ? "steps" : "source";
    if (this.view === "source" && this.ui.editor.value !== this.source) {
      // Setting the value puts the caret at the end: start at the top.
      this.ui.editor.value = this.source;
      this.ui.editor.setSelectionRange(0, 0);
      this.ui.editor.scrollTop = 0;
    }
    this.applyView();
    if (this.view === "source") this.ui.editor.focus();
    else if (this.docSource !== this.source) {
      // Source edits may have moved, added or removed steps: show them by
      // running; until then the steps are read-only and marked stale.
      this.mount();
      this.run();
    }
  }

  applyView() {
    const src = this.view === "source";
    this.ui.sourceView.hidden = !src;
    this.ui.source.setAttribute("aria-pressed", String(src));
    this.ui.source.textContent = src ? "Steps" : "Source";
    const steps = /** @type {HTMLElement|null} */ (this.ui.article?.querySelector("[data-testid=steps]"));
    if (steps) steps.hidden = src;
    // The rendered epilogue and summary describe the steps, not the text being edited.
    this.ui.article?.classList.toggle("source-mode", src);
    if (!src && this.ui.article) scrollRegions(this.ui.article);
  }

  async askReset() {
    if (this.source !== this.original.source && this.persist) {
      const discard = await ask({
        testid: "reset-dialog", yesID: "reset-confirm", noID: "reset-cancel", danger: true,
        title: "Discard your edits?", text: "Reset returns to the original scenario and deletes your saved draft of it.",
        yes: "Discard and reset", no: "Keep my edits",
      });
      if (!discard) return;
    }
    this.reset();
  }

  reset() {
    // A link not opened yet: what is shown is already the starting point.
    if (this.pendingLink) return;
    if (this.persist) drafts.discard(this.id);
    for (const k of ["draft", "splice", "link", "results-differ"]) this.dropNotice(k);
    this.source = this.original.source;
    this.docSource = this.source;
    this.doc = this.original.document;
    this.transcript = this.original.transcript;
    this.resultKind = "prerendered";
    this.ui.editor.value = this.source;
    clear(this.ui.diagnostics).hidden = true;
    this.mount();
    if (this.engine.state !== "error" && this.engine.state !== "idle") this.run();
  }

  /** wire connects the controls to the page. */
  wire() {
    const ui = this.ui;
    ui.run.addEventListener("click", () => this.run());
    ui.stop.addEventListener("click", () => this.stop());
    ui.reset.addEventListener("click", () => this.askReset());
    ui.source.addEventListener("click", () => this.toggleSource());
    ui.share.addEventListener("click", () => openShare(this));
    ui.open.addEventListener("click", (e) => openFull(this, e));
    ui.editor.addEventListener("input", () => {
      this.source = ui.editor.value;
      this.saveDraft();
      this.markStale();
    });
    // A step's anchor would replace a #v1 link in the address, and the
    // scenario with it: keep the link, note the step in ?step=N.
    this.main.addEventListener("click", (e) => {
      const a = /** @type {HTMLElement} */ (e.target).closest?.("a.step-num");
      const n = a ? stepAnchor(a.getAttribute("href")) : null;
      if (!n || !isLink(location.hash) || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      const u = new URL(location.href);
      u.searchParams.set("step", String(n));
      history.replaceState(history.state, "", u.href);
      this.target = n;
      this.showTarget();
      this.ui.article?.querySelector(`[data-testid=step][data-step="${n}"]`)?.scrollIntoView({ block: "start" });
    });
    window.addEventListener("hashchange", () => {
      const n = stepAnchor(location.hash);
      if (n) {
        this.target = n;
        this.showTarget();
      }
    });
    let resizing = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(resizing);
      resizing = requestAnimationFrame(() => this.ui.article && scrollRegions(this.ui.article));
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !document.querySelector("dialog[open]")) {
        e.preventDefault();
        this.run();
      }
    });
  }

  /** goTo opens the source view with the caret at a line and column. */
  goTo(line, column) {
    if (this.view !== "source") this.toggleSource();
    const ed = this.ui.editor;
    const at = caretIndex(ed.value, line, column);
    ed.focus();
    ed.setSelectionRange(at, Math.min(at + 1, ed.value.length));
    scrollToLine(ed, line);
  }

  showStatus(s) {
    showStatus(this.ui.status, s);
    this.handle.status = s.state;
    // For tests: the states this page went through, with any progress.
    const log = (this.handle.statusLog ||= []);
    if (log.length < 200) log.push(s.state + (s.total ? ` ${s.loaded}/${s.total}` : ""));
  }
}

/** sameStructure: the two documents have the same steps in the same places,
 * so results can replace results without touching the editors. */
function sameStructure(a, b) {
  const as = a.steps || [], bs = b.steps || [];
  if (as.length !== bs.length || a.epilogueHtml !== b.epilogueHtml) return false;
  if (JSON.stringify(a.meta) !== JSON.stringify(b.meta)) return false;
  return as.every((s, i) => {
    const t = bs[i];
    return s.line === t.line && s.sql === t.sql && s.conn === t.conn && s.kind === t.kind && s.info === t.info &&
      s.explanationHtml === t.explanationHtml && !!s.quirk === !!t.quirk;
  });
}

/** runOutcome sums a run up in a few words for the status line. */
function runOutcome(t) {
  const steps = (t.steps || []).filter((s) => !s.skipped).length;
  if (t.stopped) return `Stopped after ${plural(steps, "step")}: ${t.stopped.message}`;
  const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return `Ran ${plural(steps, "step")} at ${time}: ` + (t.failures ? `${plural(t.failures, "check")} failed.` : "all as expected.");
}

/** scrollRegions makes a result table's box a tab stop only when it
 * scrolls: the keyboard needs it then, and only then. */
function scrollRegions(article) {
  for (const wrap of article.querySelectorAll(".table-wrap")) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
    if (scrolls) wrap.setAttribute("tabindex", "0");
    else wrap.removeAttribute("tabindex");
  }
}

function lineCount(s) {
  return Math.max(1, String(s).split("\n").length);
}
