// article.js: the scenario's article on the page. Its markup is always
// internal/view's (the one the page was served with, or a play's html),
// never rebuilt here: this view enhances it in place (each step's SQL
// becomes an editor, the controls of web/chrome.js and the notices move in,
// steps are marked edited, stale or targeted) and puts a run's results in
// it. What it adds stays outside every [data-testid=step-result] and the
// [data-testid=run-summary]: those hold exactly the view's markup. The
// quirk figure at the top repeats the quirk step: its editor and result
// area follow the step's.

import { h, insertViewHTML } from "./dom.js";
import { stepOf } from "./marks.js";
import { StepMarks } from "./stepmarks.js";
import { plainTitle } from "./bidi.js";

/**
 * @typedef {{embed: boolean, explanations: boolean, lanes: boolean, step: number|null}} ArticleOptions
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
    /** @type {HTMLElement|null} the article on screen, once drawn */
    this.el = null;
    /** @type {object|null} the session's article it shows */
    this.drawn = null;
    /** the steps of the article on screen, and their marks */
    this.marks = new StepMarks();
    /** the address's step was scrolled to once */
    this.targetShown = false;
    /** @type {WeakMap<Element, string>} the view's markup each result
     * area holds, as showView put it there (an area of a new article is
     * not in it) */
    this.shownHTML = new WeakMap();
    session.subscribe((changes) => this.el && this.update(changes));
  }

  /** @param {Set<string>} changes */
  update(changes) {
    if (changes.has("document")) return this.draw();
    if (changes.has("results")) {
      this.showResults();
      // The run may have made the steps the source's again (a source edit
      // that kept them): their editors can be used again.
      this.enhanceSteps();
    }
    if (changes.has("source")) this.markSteps();
    if (changes.has("notices")) this.notices.update();
    if (changes.has("view")) this.applyView();
    if (changes.has("target")) this.showTarget();
  }

  /** draw shows the session's article: the one on the page the first
   * time, else its markup when it is a new one, and enhances it. */
  draw() {
    const s = this.session.state;
    const active = /** @type {HTMLElement|null} */ (document.activeElement);
    const focusStep = active && active.matches(".sql-edit") ? active.closest("[data-step]")?.getAttribute("data-step") : null;
    // Moving an element in the document takes focus from it: the controls
    // move into a new article, so the one that had focus gets it back.
    const ui = this.ui;
    const focusControl = active && [ui.toolbar, ui.sourceView, ui.diagnostics].some((el) => el.contains(active)) ? active : null;
    if (s.article !== this.drawn) {
      this.drawn = s.article;
      const served = /** @type {HTMLElement|null} */ (this.main.querySelector("[data-testid=scenario]"));
      if (s.article.baked && served && !this.el) this.el = served;
      else this.el = this.put(s.article.html ? null : shell(s.id, s.doc.meta), s.article.html);
    }
    this.enhance();
    if (focusStep) /** @type {HTMLElement|null} */ (this.step(focusStep)?.querySelector(".sql-edit"))?.focus();
    else if (focusControl && document.activeElement !== focusControl) focusControl.focus({ preventScroll: true });
    this.showTarget();
  }

  /** put puts a new article in place of the one on screen: el, or the
   * view's markup html. */
  put(el, html) {
    let old = this.el || this.main.querySelector("[data-testid=scenario]");
    if (!old) old = this.main.appendChild(document.createElement("article"));
    if (el) {
      old.replaceWith(el);
      return el;
    }
    return /** @type {HTMLElement} */ (insertViewHTML(old, /** @type {string} */ (html), "replace"));
  }

  /** enhance brings the article in step with the session: the controls
   * and notices in it, an editor for each step's SQL, the marks. Drawing
   * an article twice adds nothing twice. */
  enhance() {
    const s = this.session.state;
    const article = /** @type {HTMLElement} */ (this.el);
    const toolbar = /** @type {HTMLElement} */ (article.querySelector("[data-testid=toolbar]"));
    toolbar.append(this.ui.toolbar);
    toolbar.after(this.ui.diagnostics, this.ui.sourceView);
    toolbar.hidden = s.failed;
    this.notices.place(/** @type {HTMLElement} */ (article.querySelector("[data-testid=notices]")));
    if (this.opts.embed) this.applyEmbed();
    if (s.custom) document.title = plainTitle(s.doc.meta.title) + " · dbquirks";
    this.marks.attach(article);
    this.enhanceSteps();
    this.markSteps();
    this.applyView();
    this.addCSVButtons();
  }

  /** step is the element of step n, null when it is not on screen. */
  step(n) {
    return this.marks.step(n);
  }

  /** showTarget marks the step the address points at and, the first time
   * it is on screen, scrolls to it: the page was scrolled there when it
   * loaded, but the toolbar and notices have moved it since. */
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

  /** markSteps marks the steps edited, stale, and where their fence is. */
  markSteps() {
    this.marks.update(this.session.state, this.session.known);
    const fig = this.quirk();
    const li = fig && this.step(fig.getAttribute("data-step"));
    if (fig) fig.toggleAttribute("data-stale", li?.getAttribute("data-stale") === "true");
  }

  /** applyEmbed leads with the quirk, and shows one step and hides
   * explanations and the other lanes when the embed asks. */
  applyEmbed() {
    const article = /** @type {HTMLElement} */ (this.el);
    if (!this.opts.explanations) article.classList.add("no-explain");
    if (!this.opts.lanes) article.classList.add("no-lanes");
    const only = this.opts.step;
    if (!only || only > (this.session.state.doc.steps || []).length) {
      // A frame is given a height (the Share dialog's snippet: 520 px) and
      // must show the quirk in it, as the page's first screen does: the
      // summary and the tags, up to 200 px on a phone, follow the quirk's
      // result instead of pushing it out of the frame. Moved, not hidden:
      // read in this order too.
      this.quirk()?.after(...article.querySelectorAll(".scn-head > .lede, .scn-head > .scn-meta"));
      return;
    }
    article.classList.add("one-step");
    // The one step shown is all there is: the quirk is not shown twice.
    const fig = this.quirk();
    if (fig) fig.hidden = true;
    for (const li of article.querySelectorAll("[data-testid=step]")) {
      /** @type {HTMLElement} */ (li).hidden = li.getAttribute("data-step") !== String(only);
    }
  }

  /** applyView hides the steps while the source is edited as a whole. */
  applyView() {
    const src = this.session.state.view === "source";
    const steps = /** @type {HTMLElement|null} */ (this.el?.querySelector("[data-testid=steps]"));
    if (steps) steps.hidden = src;
    const fig = this.quirk();
    if (fig && !this.el?.classList.contains("one-step")) fig.hidden = src;
    // The epilogue and summary describe the steps, not the text being edited.
    this.el?.classList.toggle("source-mode", src);
  }

  /** enhanceSteps turns each step's SQL into an editor of the session's
   * SQL for it, read-only while the steps are not the source's, and on a
   * full page gives each step a button that copies a link to it. */
  enhanceSteps() {
    const known = this.session.known;
    const fig = this.quirk();
    for (const ds of this.session.state.doc.steps || []) {
      const li = this.step(ds.index);
      if (!li) continue;
      if (!this.opts.embed && !li.querySelector("[data-testid=step-link]")) {
        const b = /** @type {HTMLButtonElement} */ (h("button", {
          type: "button", class: "step-link", "data-testid": "step-link", title: "Copy a link to this step",
          "aria-label": `Copy a link to step ${ds.index}`,
        }, "Copy link"));
        b.addEventListener("click", () => this.actions.copyStepLink(ds.index, b));
        li.querySelector(".step-head")?.append(b);
      }
      enhanceEditor(this.editor(li, ds, "step-sql"), ds, known);
      if (fig?.getAttribute("data-step") === String(ds.index)) enhanceEditor(this.editor(fig, ds, "quirk-sql"), ds, known);
    }
  }

  /** quirk is the figure that shows the quirk step at the top of the
   * article (internal/view/quirk.go), null when there is none. */
  quirk() {
    return /** @type {HTMLElement|null} */ (this.el?.querySelector("[data-testid=quirk]") || null);
  }

  /** editors are the editors of step n's SQL: the step's own, and the
   * quirk figure's when n is the quirk. */
  editors(n) {
    const fig = this.quirk();
    const places = [this.step(n), fig?.getAttribute("data-step") === String(n) ? fig : null];
    return places.map((el) => el?.querySelector("textarea.sql-edit")).filter((ta) => !!ta);
  }

  /** editor is the SQL editor in el (a step, or the quirk figure), made
   * from its <pre class="sql"> the first time; null without SQL. What is
   * typed in one editor of a step shows in the other. */
  editor(el, ds, testid) {
    const have = /** @type {HTMLTextAreaElement|null} */ (el.querySelector("textarea.sql-edit"));
    const pre = el.querySelector("pre.sql");
    if (have || !pre) return have;
    const ta = /** @type {HTMLTextAreaElement} */ (h("textarea", {
      class: "sql sql-edit", "data-testid": testid, spellcheck: "false", autocapitalize: "off", autocomplete: "off",
      "aria-label": `SQL of step ${ds.index} (connection ${ds.conn})`,
    }));
    ta.addEventListener("input", () => {
      for (const other of this.editors(ds.index)) {
        if (other !== ta) other.value = ta.value;
        other.rows = lineCount(ta.value);
      }
      this.actions.editStep(ds.index, ta.value);
    });
    pre.replaceWith(ta);
    return ta;
  }

  /** showResults puts a run's results in the article: each step's result
   * area and the summary take the view's markup as it is, editors stay.
   * An area already showing the same markup is left alone: a Run whose
   * results did not change (most of the steps after an edit, all of them
   * on a Run again) then costs the browser no style, layout or paint of
   * them, which were most of the page's work after a Run
   * (internal/bench/notes.md, Run → painted). */
  showResults() {
    const s = this.session.state;
    const article = /** @type {HTMLElement} */ (this.el);
    if (!s.results) return;
    const fig = this.quirk();
    /** @type {Set<Element>} steps whose result area was replaced */
    const changed = new Set();
    for (const { index, result, hash } of s.results.steps) {
      const li = this.step(index);
      const area = li?.querySelector("[data-testid=step-result]");
      if (!li || !area) continue;
      if (this.showView(area, result, hash)) changed.add(li);
      const kind = stepOf(s.transcript, index) ? s.resultKind : "none";
      if (li.getAttribute("data-result") !== kind) li.setAttribute("data-result", kind);
      const quirkArea = fig?.getAttribute("data-step") === String(index) ? fig.querySelector("[data-testid=quirk-result]") : null;
      if (quirkArea) this.showView(quirkArea, result, hash);
    }
    const summary = article.querySelector("[data-testid=run-summary]");
    if (summary) this.showView(summary, s.results.summary, s.results.summaryHash);
    this.addCSVButtons(changed);
    this.markSteps();
  }

  /** showView puts the view's markup html in el unless el shows it
   * already, and says whether it did. el shows it when showView put it
   * there, or when el still holds the markup it was served with and the
   * view wrote it with html's hash (view.AreaHash): the first live Run of
   * a page served with its results then leaves them alone. */
  showView(/** @type {Element} */ el, /** @type {string} */ html, /** @type {string|undefined} */ hash) {
    const shown = this.shownHTML.get(el);
    if (shown === html) return false;
    if (shown === undefined && hash && el.getAttribute("data-hash") === hash) {
      this.shownHTML.set(el, html);
      return false;
    }
    insertViewHTML(el, html);
    this.shownHTML.set(el, html);
    if (hash) el.setAttribute("data-hash", hash);
    else el.removeAttribute("data-hash");
    return true;
  }

  /** addCSVButtons gives each step that shows result tables, once the
   * engine can export, a button per table that downloads its rows; they
   * sit under the result area, not in it. With changed, a step whose
   * result area is not in it and that has its buttons keeps them. */
  addCSVButtons(/** @type {Set<Element>|undefined} */ changed) {
    if (!this.el || !this.actions.canCSV()) return;
    for (const li of this.el.querySelectorAll("[data-testid=step]")) {
      const step = /** @type {string} */ (li.getAttribute("data-step"));
      const area = li.querySelector("[data-testid=step-result]");
      const had = li.querySelector(".csv-bar");
      if (changed && !changed.has(li) && had) continue;
      had?.remove();
      if (!area) continue;
      const stmts = [...area.querySelectorAll(".stmt")];
      const tables = stmts.filter((stmt) => stmt.querySelector(".table-wrap"));
      if (!tables.length) continue;
      const bar = h("p", { class: "csv-bar" }, tables.map((stmt) => {
        const i = stmts.indexOf(stmt);
        const b = h("button", { type: "button", class: "link csv", "data-testid": "csv", title: "Download these rows as CSV" },
          tables.length > 1 ? `Download CSV (statement ${i + 1})` : "Download CSV");
        b.addEventListener("click", () => this.actions.downloadCSV(step, i, b));
        return b;
      }));
      area.after(bar);
    }
  }
}

/** shell is the article of a scenario whose markup the page does not have
 * yet (a custom scenario before the engine has read its link), or will
 * never have (a link that cannot be read): its title and summary, and room
 * for the notices and the toolbar. */
function shell(id, meta) {
  return h("article", { class: "scenario", "data-testid": "scenario", "data-id": id },
    h("header", { class: "scn-head" },
      h("h1", { class: "page-title", "data-testid": "scenario-title" }, meta.title),
      meta.summary ? h("p", { class: "lede" }, meta.summary) : null,
      h("div", { class: "notices", "data-testid": "notices" })),
    h("div", { class: "toolbar", "data-testid": "toolbar" }),
    h("ol", { class: "steps", "data-testid": "steps" }),
    h("div", { class: "run-summary", "data-testid": "run-summary" }));
}

/** enhanceEditor shows step ds's SQL in ta, read-only while the steps on
 * screen are not the source's (known false). */
function enhanceEditor(/** @type {HTMLTextAreaElement|null} */ ta, ds, known) {
  if (!ta) return;
  if (ta.value !== ds.sql) ta.value = ds.sql; // as text, never as HTML
  ta.rows = lineCount(ta.value);
  ta.readOnly = !known;
  if (known) ta.removeAttribute("title");
  else ta.title = "The source was edited as a whole and has not been run yet: press Run, or edit it in the Source view.";
}

function lineCount(s) {
  return Math.max(1, String(s).split("\n").length);
}
