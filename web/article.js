// article.js: the scenario's article on the page, drawn from the session's
// state: its steps and their results, each step's SQL as an editor, the
// marks of edited and stale steps, the step the address points at, and the
// page's controls moved into it (web/chrome.js).

import { h, clear, append } from "./dom.js";
import { renderScenario, renderPager, stepResult, renderRunSummary, laneMap } from "./render.js";
import { stepOf } from "./session.js";

/**
 * @typedef {{base: string, catalog: {id: string, meta: any}[], embed: boolean, explanations: boolean, step: number|null}} ArticleOptions
 * @typedef {{editStep: (index: number, sql: string) => void, copyStepLink: (n: number, button: HTMLButtonElement) => void,
 *   downloadCSV: (step: string, statement: number, button: HTMLElement) => void, canCSV: () => boolean}} ArticleActions
 */

export class Article {
  /**
   * @param {HTMLElement} main
   * @param {import("./session.js").Session} session
   * @param {import("./chrome.js").Chrome} ui
   * @param {import("./notices.js").Notices} notices
   * @param {ArticleOptions} opts
   * @param {ArticleActions} actions
   */
  constructor(main, session, ui, notices, opts, actions) {
    this.main = main;
    this.session = session;
    this.ui = ui;
    this.notices = notices;
    this.opts = opts;
    this.actions = actions;
    /** @type {HTMLElement|null} */
    this.el = null;
    /** the address's step was scrolled to once */
    this.targetShown = false;
    session.subscribe((changes) => this.update(changes));
  }

  /** @param {Set<string>} changes */
  update(changes) {
    if (changes.has("document")) return this.draw();
    if (!this.el) return;
    if (changes.has("results")) this.showResults();
    if (changes.has("source")) {
      this.showLines();
      this.markEdited();
      this.markStale();
    }
    if (changes.has("notices")) this.notices.update();
    if (changes.has("view")) this.applyView();
    if (changes.has("target")) this.showTarget();
  }

  /** draw renders the session's document with its results and puts the
   * controls in it. */
  draw() {
    const s = this.session.state;
    const active = /** @type {HTMLElement|null} */ (document.activeElement);
    const focusStep = active && active.matches(".sql-edit") ? active.closest("[data-step]")?.getAttribute("data-step") : null;
    // Moving an element in the document takes focus from it: the controls
    // move into the new article, so the one that had focus gets it back.
    const ui = this.ui;
    const focusControl = active && [ui.toolbar, ui.sourceView, ui.diagnostics].some((el) => el.contains(active)) ? active : null;
    const article = renderScenario(this.opts.base, s.id, s.doc, s.transcript, s.resultKind);
    const old = this.main.querySelector("[data-testid=scenario]");
    if (old) old.replaceWith(article);
    else this.main.append(article);
    this.el = article;
    const toolbar = /** @type {HTMLElement} */ (article.querySelector("[data-testid=toolbar]"));
    toolbar.append(ui.toolbar);
    toolbar.after(ui.diagnostics, ui.sourceView);
    this.notices.place(/** @type {HTMLElement} */ (article.querySelector("[data-testid=notices]")));
    if (this.opts.embed) this.applyEmbed();
    if (s.custom) document.title = s.doc.meta.title + " · dbquirks";
    toolbar.hidden = s.failed;
    this.enhanceSteps();
    this.markEdited();
    this.markStale();
    this.applyView();
    this.addCSVButtons();
    if (focusStep) /** @type {HTMLElement|null} */ (article.querySelector(`[data-step="${focusStep}"] .sql-edit`))?.focus();
    else if (focusControl && document.activeElement !== focusControl) focusControl.focus({ preventScroll: true });
    this.addPager();
    this.showTarget();
    this.scrollRegions();
  }

  /** step is the element of step n, null when it is not on screen. */
  step(n) {
    return this.el?.querySelector(`[data-testid=step][data-step="${n}"]`) || null;
  }

  /** addPager puts the links to the previous and next scenarios under the
   * article, unless the build already did. */
  addPager() {
    const s = this.session.state;
    if (s.custom || this.opts.embed || this.main.querySelector("[data-testid=pager]")) return;
    const pager = renderPager(this.opts.base, s.id, this.opts.catalog);
    if (pager) this.el?.after(pager);
  }

  /** showTarget marks the step the address points at and, the first time
   * it is on screen, scrolls to it: the pre-rendered page was scrolled
   * there, but the toolbar and notices have moved it since. */
  showTarget() {
    if (!this.el) return;
    for (const li of this.el.querySelectorAll(".step.targeted")) li.classList.remove("targeted");
    const target = this.session.state.target;
    const li = target ? this.step(target) : null;
    if (!li) return;
    li.classList.add("targeted");
    if (!this.targetShown) {
      this.targetShown = true;
      li.scrollIntoView({ block: "start" });
    }
  }

  /** scrollToStep brings step n to the top of the window. */
  scrollToStep(n) {
    this.step(n)?.scrollIntoView({ block: "start" });
  }

  /** markEdited flags the steps whose SQL differs from the original
   * scenario's, so a draft or a shared link shows what changed. */
  markEdited() {
    const edited = this.session.editedSteps();
    for (const ds of this.session.state.doc.steps || []) {
      const li = this.step(ds.index);
      if (!li) continue;
      const is = edited.has(ds.index);
      li.classList.toggle("edited", is);
      const badge = li.querySelector(".edited-badge");
      if (is && !badge) li.querySelector(".step-num")?.after(" ", h("span", { class: "edited-badge" }, "edited"));
      else if (!is && badge) badge.remove();
    }
  }

  /** markStale flags steps whose SQL differs from the SQL of the result shown. */
  markStale() {
    const stale = this.session.staleSteps();
    for (const ds of this.session.state.doc.steps || []) {
      const li = this.step(ds.index);
      if (!li) continue;
      if (stale.has(ds.index)) li.setAttribute("data-stale", "true");
      else li.removeAttribute("data-stale");
    }
  }

  /** showLines keeps each step's data-line where a step edit moved it. */
  showLines() {
    for (const ds of this.session.state.doc.steps || []) this.step(ds.index)?.setAttribute("data-line", String(ds.line));
  }

  /** applyEmbed shows one step and hides explanations when the embed asks. */
  applyEmbed() {
    const article = /** @type {HTMLElement} */ (this.el);
    if (!this.opts.explanations) article.classList.add("no-explain");
    const only = this.opts.step;
    if (!only || only > (this.session.state.doc.steps || []).length) return;
    article.classList.add("one-step");
    for (const li of article.querySelectorAll("[data-testid=step]")) {
      /** @type {HTMLElement} */ (li).hidden = li.getAttribute("data-step") !== String(only);
    }
  }

  /** applyView hides the steps while the source is edited as a whole. */
  applyView() {
    const src = this.session.state.view === "source";
    const steps = /** @type {HTMLElement|null} */ (this.el?.querySelector("[data-testid=steps]"));
    if (steps) steps.hidden = src;
    // The rendered epilogue and summary describe the steps, not the text being edited.
    this.el?.classList.toggle("source-mode", src);
    if (!src) this.scrollRegions();
  }

  /** enhanceSteps turns each step's SQL into an editor and, on a full
   * page, gives each step a button that copies a link to it. */
  enhanceSteps() {
    const known = this.session.known;
    for (const ds of this.session.state.doc.steps || []) {
      const li = this.step(ds.index);
      if (!li) continue;
      if (!this.opts.embed) {
        const b = /** @type {HTMLButtonElement} */ (h("button", {
          type: "button", class: "step-link", "data-testid": "step-link", title: "Copy a link to this step",
          "aria-label": `Copy a link to step ${ds.index}`,
        }, "Copy link"));
        b.addEventListener("click", () => this.actions.copyStepLink(ds.index, b));
        li.querySelector(".step-head")?.append(b);
      }
      const pre = li.querySelector("pre.sql");
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
      ta.addEventListener("input", () => {
        ta.rows = lineCount(ta.value);
        this.actions.editStep(ds.index, ta.value);
      });
      pre.replaceWith(ta);
    }
  }

  /** showResults replaces each step's result in place, leaving editors alone. */
  showResults() {
    const article = /** @type {HTMLElement} */ (this.el);
    const s = this.session.state;
    const t = s.transcript;
    const lanes = laneMap(t && t.connections && t.connections.length ? t.connections : s.doc.meta.connections);
    for (const ds of s.doc.steps || []) {
      const li = this.step(ds.index);
      if (!li) continue;
      const st = stepOf(t, ds.index);
      const area = /** @type {HTMLElement} */ (li.querySelector("[data-testid=step-result]"));
      append(clear(area), [stepResult(ds, st, lanes)]);
      li.setAttribute("data-result", st ? s.resultKind : "none");
    }
    article.querySelector("[data-testid=run-summary]")?.replaceWith(renderRunSummary(t));
    this.addCSVButtons();
    this.markStale();
    this.scrollRegions();
  }

  /** addCSVButtons puts a "Download CSV" button under each result table
   * that has none, once the engine can export. */
  addCSVButtons() {
    if (!this.el || !this.actions.canCSV()) return;
    for (const li of this.el.querySelectorAll("[data-testid=step]")) {
      const step = /** @type {string} */ (li.getAttribute("data-step"));
      li.querySelectorAll(".step-result .stmt").forEach((stmt, i) => {
        const wrap = stmt.querySelector(".table-wrap");
        if (!wrap || stmt.querySelector(".csv")) return;
        const b = h("button", { type: "button", class: "link csv", "data-testid": "csv", title: "Download these rows as CSV" }, "Download CSV");
        b.addEventListener("click", () => this.actions.downloadCSV(step, i, b));
        (stmt.querySelector(".facts") || wrap).after(b);
      });
    }
  }

  /** scrollRegions makes a result table's box a tab stop only when it
   * scrolls: the keyboard needs it then, and only then. */
  scrollRegions() {
    for (const wrap of this.el?.querySelectorAll(".table-wrap") || []) {
      const scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
      if (scrolls) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    }
  }
}

function lineCount(s) {
  return Math.max(1, String(s).split("\n").length);
}
