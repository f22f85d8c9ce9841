// app.js: the entry point. It reads the page's data, applies the theme and
// starts the gallery or the scenario page. Every page is readable before
// this runs (baked HTML, internal/view); this adds filters, editing and
// live runs.

import { h } from "./dom.js";
import { readData } from "./data.js";
import { versionProblem } from "./wire.js";
import { initTheme } from "./theme.js";
import { initGallery } from "./gallery.js";
import { ScenarioPage } from "./scenario.js";
import { CUSTOM, placeholder } from "./session.js";
import { pageOptions, watchLinks } from "./router.js";

/** The test handle: what internal/browsertest reads and calls; read-only for pages. */
const handle = {
  ready: /** @type {Promise<void>} */ (Promise.resolve()),
  resolveReady: /** @type {null|(() => void)} */ (null),
  rejectReady: /** @type {null|((e: any) => void)} */ (null),
  lastTranscript: null,
  lastDocument: null,
  lastHTML: null,
  status: "idle",
  runs: 0,
};
window.__dbquirks = handle;

function main() {
  const data = readData();
  const opts = pageOptions();
  initTheme({ forced: opts.theme });
  if (opts.embed) document.documentElement.setAttribute("data-embed", "1");
  const mainEl = /** @type {HTMLElement} */ (document.getElementById("main"));
  if (!data) {
    mainEl.prepend(problem("This page's data is missing or damaged, so only the text above is available."));
    return;
  }
  const mismatch = versionProblem(data.version, "the data it carries");
  if (mismatch) {
    // Data of another build may mean anything: the page stays as it was
    // served, readable, and runs nothing.
    mainEl.prepend(problem(mismatch, "version"));
    handle.ready = Promise.reject(new Error(mismatch));
    handle.ready.catch(() => {});
    return;
  }
  watchLinks(opts.link);
  let sc = data.kind === "scenario" ? data.scenario : null;
  if (!sc && opts.link) {
    // A link to a scenario that has no page of its own opens on the gallery's
    // address: the gallery makes way for it.
    sc = { id: CUSTOM, document: placeholder(), transcript: null };
    mainEl.querySelector("[data-testid=gallery]")?.remove();
    document.documentElement.setAttribute("data-kind", "scenario");
  }
  if (sc) {
    handle.ready = new Promise((resolve, reject) => {
      handle.resolveReady = resolve;
      handle.rejectReady = reject;
    });
    handle.ready.catch(() => {});
    const page = new ScenarioPage(data, sc, mainEl, handle, opts);
    page.start().catch((err) => handle.rejectReady?.(err));
    return;
  }
  initGallery(data, mainEl);
}

function problem(text, kind = "data") {
  return h("p", { class: "notice", "data-notice": kind }, text);
}

main();
