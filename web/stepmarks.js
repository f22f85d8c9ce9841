// stepmarks.js: the marks on the steps of the article on screen: each
// step's data-line (where its fence is in the source), "edited" (its SQL is
// not the original's) and data-stale (not the SQL of the result shown).
// Typing changes one step's SQL per key, and this runs at each key: it
// finds steps through a map made once per drawn article, computes the
// marks over the session's arrays, and touches only the steps whose marks
// changed. It never queries the page per step (with 200 steps, that made
// every keystroke wait).

import { h } from "./dom.js";
import { staleSteps, editedSteps } from "./marks.js";

/** @typedef {{line: number, edited: boolean, stale: boolean}} Marks */

export class StepMarks {
  constructor() {
    /** @type {Map<number, HTMLElement>} the article's steps, by index */
    this.steps = new Map();
    /** @type {Map<number, Marks>} the marks each step shows */
    this.shown = new Map();
  }

  /** attach reads the steps of a newly drawn article, once. */
  attach(/** @type {HTMLElement} */ article) {
    this.steps.clear();
    this.shown.clear();
    for (const li of article.querySelectorAll("[data-testid=step]")) {
      this.steps.set(Number(li.getAttribute("data-step")), /** @type {HTMLElement} */ (li));
    }
  }

  /** step is the element of step n, null when it is not on screen. */
  step(n) {
    return this.steps.get(Number(n)) || null;
  }

  /** update marks the steps as the session's state says, touching only
   * those whose marks changed. known: the steps are the source's. */
  update(/** @type {import("./session.js").State} */ s, known) {
    const edited = editedSteps(s);
    const stale = staleSteps(s, known);
    for (const ds of s.doc.steps || []) {
      const li = this.steps.get(ds.index);
      if (!li) continue;
      const want = { line: ds.line, edited: edited.has(ds.index), stale: stale.has(ds.index) };
      const had = this.shown.get(ds.index);
      if (had && had.line === want.line && had.edited === want.edited && had.stale === want.stale) continue;
      this.shown.set(ds.index, want);
      if (!had || had.line !== want.line) li.setAttribute("data-line", String(want.line));
      if (!had || had.edited !== want.edited) markEdited(li, want.edited);
      if (!had || had.stale !== want.stale) {
        if (want.stale) li.setAttribute("data-stale", "true");
        else li.removeAttribute("data-stale");
      }
    }
  }
}

/** markEdited flags a step whose SQL differs from the original scenario's,
 * so a draft or a shared link shows what changed. */
function markEdited(li, is) {
  li.classList.toggle("edited", is);
  li.toggleAttribute("data-edited", is);
  const badge = li.querySelector(".edited-badge");
  if (is && !badge) li.querySelector(".step-num")?.after(" ", h("span", { class: "edited-badge" }, "edited"));
  else if (!is && badge) badge.remove();
}
