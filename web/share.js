// share.js: the Share dialog (a link, with the edits in its fragment when
// there are any; an iframe snippet; the embed.js snippet; copy as Markdown or
// as a Django test), a step's link, and the CSV download of a result table. Links and
// exports are made by the engine (internal/permalink, internal/export), so
// the page and the command line cannot disagree on the format.

import { h } from "./dom.js";
import { panel, copyText } from "./dialog.js";
import { pageLink, canMakeLinks, encodeLink } from "./links.js";
import { absoluteURL, showInAddressBar } from "./router.js";
import { EngineError } from "./engine.js";
import { plainTitle, isolatedTitle } from "./bidi.js";

/** @typedef {import("./scenario.js").ScenarioPage} ScenarioPage */

/**
 * openShare shows the Share dialog for the page's current state.
 * @param {ScenarioPage} page
 */
export async function openShare(page) {
  const s = page.session.state;
  const edited = s.custom || page.session.edited;
  // Plain text for the snippets handed out; isolated in the dialog's own text.
  const title = plainTitle(s.doc.meta.title || "Scenario");
  const status = h("p", { class: "share-status", "data-testid": "share-status", role: "status", "aria-live": "polite" });
  const linkField = /** @type {HTMLInputElement} */ (h("input", { type: "text", readonly: true, class: "share-field", "data-testid": "share-link", "aria-label": "Link" }));
  const length = h("p", { class: "share-length", "data-testid": "share-length" });
  const warning = h("p", { class: "share-warning", "data-testid": "share-warning", hidden: true });
  const iframeField = /** @type {HTMLTextAreaElement} */ (h("textarea", { readonly: true, class: "share-field", rows: "4", "data-testid": "share-iframe", "aria-label": "Iframe snippet" }));
  const scriptField = /** @type {HTMLTextAreaElement} */ (h("textarea", { readonly: true, class: "share-field", rows: "3", "data-testid": "share-script", "aria-label": "embed.js snippet" }));
  const copy = (field, what) => h("button", { type: "button", class: "btn", "data-testid": "copy-" + what, onclick: () => copyText(field.value, field, status) }, "Copy");

  const scriptSection = h("section", { class: "share-part" },
    h("h3", null, "Embed with embed.js"),
    h("p", { class: "share-help" }, "One script tag turns each placeholder into a live, auto-sizing frame; without scripts the placeholder's text stays."),
    h("div", { class: "share-row" }, scriptField, copy(scriptField, "script")));
  const exportField = /** @type {HTMLTextAreaElement} */ (h("textarea", { readonly: true, class: "share-field", rows: "8", hidden: true, "data-testid": "export-output", "aria-label": "Export" }));
  const exportsSection = h("section", { class: "share-part" },
    h("h3", null, "Export"),
    h("p", { class: "share-help" }, "The steps and their results, ready to paste into a forum post, a ticket or a test suite."),
    h("div", { class: "share-row" },
      h("button", { type: "button", class: "btn", "data-testid": "export-markdown", onclick: () => exportAs(page, "exportMarkdown", status, linkField.value, exportField) }, "Copy as Markdown"),
      h("button", { type: "button", class: "btn", "data-testid": "export-django", onclick: () => exportAs(page, "exportDjangoTest", status, linkField.value, exportField) }, "Copy as Django test")),
    exportField);

  panel({ testid: "share-dialog", title: "Share “" + isolatedTitle(title) + "”" },
    h("section", { class: "share-part" },
      h("h3", null, edited ? "Link with your edits" : "Link"),
      h("p", { class: "share-help" }, edited
        ? "Your version travels in the link, after the #: no server ever sees it. For a scenario of the catalogue, the link holds only the steps you changed."
        : "The scenario as published. Change a step first, and the link will carry your version."),
      h("div", { class: "share-row" }, linkField, copy(linkField, "link")), length, warning),
    h("section", { class: "share-part" },
      h("h3", null, "Embed with an iframe"),
      h("p", { class: "share-help" }, "Its first 520 px show the quirk step and Run; the rest scrolls inside the frame. Raise height=\"520\" to show more, or use embed.js, whose frames grow with their content."),
      h("div", { class: "share-row" }, iframeField, copy(iframeField, "iframe"))),
    scriptSection, exportsSection, status);

  let link = pageLink(page);
  if (edited) {
    linkField.value = "Making the link…";
    if (!(await canMakeLinks(page))) {
      linkField.value = "";
      status.textContent = "This engine cannot make links with edits yet; the link below opens the original.";
    } else {
      try {
        const r = await encodeLink(page, page.session.resultsFresh ? s.digest : "");
        link += "#" + r.fragment;
        if (r.warn) {
          warning.textContent = "This link is long: chat apps and some forums cut links past about 2,000 characters. Share the Markdown export, or shorten the scenario.";
          warning.hidden = false;
        }
      } catch (err) {
        linkField.value = "";
        status.textContent = "No link: " + (err instanceof Error ? err.message : String(err));
        link = "";
      }
    }
  }
  if (link) {
    linkField.value = link;
    length.textContent = link.length.toLocaleString() + " characters";
  }
  const embedURL = link ? withEmbed(link) : "";
  iframeField.value = embedURL ? iframeSnippet(embedURL, link, title) : "";
  const embedJS = page.data.assets && page.data.assets.embed;
  if (embedJS && !edited) {
    scriptField.value = `<script src="${absoluteURL(embedJS)}" defer></script>\n<div data-dbquirks="${s.id}">${escapeHTML(title)}</div>`;
  } else {
    scriptSection.hidden = true;
  }
  // An engine not started yet is fetched on an export's click, not for the dialog.
  if (page.engine.info && !page.engine.has("exportMarkdown") && !page.engine.has("exportDjangoTest")) exportsSection.hidden = true;
}

/** withEmbed adds ?embed=1 to a page link, keeping its fragment. */
function withEmbed(link) {
  const u = new URL(link);
  u.searchParams.set("embed", "1");
  return u.href;
}

function iframeSnippet(src, link, title) {
  const t = escapeHTML(title);
  return `<iframe src="${escapeHTML(src)}" title="dbquirks: ${t}" width="100%" height="520" loading="lazy" style="border:0">` +
    `<a href="${escapeHTML(link)}">Open “${t}” in dbquirks</a></iframe>`;
}

/** escapeHTML is for the snippets handed out as text: they are pasted into
 * other people's pages, so the title must not break out of them. */
function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] || c);
}

/** exportAs shows an export of the results shown in a field (so it can be
 * copied by hand where the clipboard is refused) and copies it. */
async function exportAs(page, fn, status, link, field) {
  await page.engine.start().catch(() => {});
  if (!page.engine.has(fn)) {
    status.textContent = "This engine cannot export yet.";
    return;
  }
  try {
    field.value = await withRun(page, (run) => page.engine.call(fn, [run, link || ""], { quiet: true }));
    field.hidden = false;
    await copyText(field.value, field, status);
  } catch (err) {
    status.textContent = "Export failed: " + (err instanceof Error ? err.message : String(err));
  }
}

/**
 * stepLink is the address of one step of the page's scenario: the page with
 * #step-N, or, when the scenario was edited (or came from a link), the
 * scenario in a #v1 link with ?step=N, since the fragment is taken. note
 * says what the link lacks, warn what may go wrong with it ("" for none).
 * @param {ScenarioPage} page
 * @param {number} n
 * @returns {Promise<{url: string, note: string, warn: string}>}
 */
export async function stepLink(page, n) {
  const plain = pageLink(page);
  const custom = page.session.state.custom;
  const edited = custom || page.session.edited;
  if (!edited) return { url: plain + "#step-" + n, note: "", warn: "" };
  let why = "this engine cannot put them in a link";
  if (await canMakeLinks(page)) {
    try {
      const r = await encodeLink(page);
      const u = new URL(plain);
      u.searchParams.set("step", String(n));
      u.hash = r.fragment;
      return { url: u.href, note: "", warn: r.warn ? "it is long: some chat apps cut links past about 2,000 characters" : "" };
    } catch (err) {
      why = err instanceof Error ? err.message : String(err);
    }
  }
  if (custom) throw new Error("no link: " + why);
  return { url: plain + "#step-" + n, note: "without your edits (" + why + ")", warn: "" };
}

/**
 * copyStepLink copies a step's link and says so in the button (for the eye)
 * and in the page's announcer (for screen readers). Where the clipboard is
 * refused, the link goes to the address bar instead.
 * @param {ScenarioPage} page
 * @param {number} n
 * @param {HTMLButtonElement} button
 */
export async function copyStepLink(page, n, button) {
  const say = (short, long) => {
    button.textContent = short;
    button.title = long;
    page.announce(long);
    clearTimeout(Number(button.dataset.timer));
    button.dataset.timer = String(setTimeout(() => {
      button.textContent = "Copy link";
      button.title = "Copy a link to this step";
    }, 4000));
  };
  let link;
  try {
    link = await stepLink(page, n);
  } catch (err) {
    say("No link", err instanceof Error ? err.message : String(err));
    return;
  }
  const note = (link.note ? `, ${link.note}` : "") + (link.warn ? `; ${link.warn}` : "");
  try {
    await navigator.clipboard.writeText(link.url);
    say(link.note ? "Copied, without edits" : "Copied", `Link to step ${n} copied${note}.`);
  } catch {
    // Same origin, same page: only the address bar changes.
    showInAddressBar(link.url);
    say("In the address bar", `The link to step ${n} is in the address bar${note}: copy it from there.`);
  }
}

/**
 * downloadCSV downloads one statement's rows as CSV, made by the engine
 * from the results shown.
 * @param {ScenarioPage} page
 * @param {string} step
 * @param {number} statement 0-based
 * @param {HTMLElement} button says when it failed
 */
export async function downloadCSV(page, step, statement, button) {
  const s = page.session.state;
  try {
    const csv = await withRun(page, (run) => page.engine.call("exportCSV", [run, step, String(statement)], { quiet: true }));
    download(`${s.id}-step${step}${statement ? "-" + (statement + 1) : ""}.csv`, csv, "text/csv");
  } catch (err) {
    button.textContent = "CSV failed: " + (err instanceof Error ? err.message : String(err));
  }
}

/**
 * withRun calls fn with the engine's handle of the results shown. The
 * engine keeps the last few runs only, and a new engine (after Stop or a
 * crash) none; the baked results never had one: then the source of the
 * results shown is played again, once, for a handle fn can use.
 * @template T
 * @param {ScenarioPage} page
 * @param {(run: number|string) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withRun(page, fn) {
  const run = page.session.state.run;
  if (run !== null) {
    try {
      return await fn(run);
    } catch (err) {
      if (!(err instanceof EngineError && err.reason === "UnknownRun")) throw err;
    }
  }
  return fn(await page.replay());
}

function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type: type + ";charset=utf-8" }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
