// links.js: the page's links: its plain address, a permalink (#v1.…) of
// its edits, opening a scenario from a permalink, and handing the current
// state to the full page. The engine encodes and decodes links
// (internal/permalink), so a link made here opens the same everywhere.

import * as drafts from "./drafts.js";
import { ask } from "./dialog.js";
import { pageURL } from "./router.js";

/**
 * @typedef {import("./scenario.js").ScenarioPage} ScenarioPage
 * @typedef {{source: string, base: string, engine: string, digest: string}} Payload
 */

/**
 * pageLink is the address of the page's scenario as published: its own
 * page, or the gallery's address for a custom scenario (it has no page).
 * @param {ScenarioPage} page
 */
export function pageLink(page) {
  return pageURL(page.base, page.custom ? "" : page.id);
}

/**
 * canMakeLinks starts the engine if it has not started (an embed's waits
 * for Run), since only the engine makes links, and says whether it can.
 * @param {ScenarioPage} page
 */
export async function canMakeLinks(page) {
  if (!page.engine.has("linkEncode")) await page.engine.start().catch(() => {});
  return page.engine.has("linkEncode");
}

/**
 * encodeLink has the engine put the page's source in a permalink: the
 * fragment to add to pageLink(page) after "#", and warn when it is long.
 * The link names the built-in scenario it came from, if any. transcript, a
 * finished run's, has the link record its results' digest. It rejects with
 * a sentence to show (a scenario too big to share).
 * @param {ScenarioPage} page
 * @param {any} [transcript]
 * @returns {Promise<{fragment: string, warn: boolean}>}
 */
export function encodeLink(page, transcript = null) {
  const base = page.custom ? (page.shared?.base || "") : page.id;
  return page.engine.call("linkEncode", [page.source, base, transcript ? JSON.stringify(transcript) : ""], { quiet: true });
}

/**
 * openLink decodes a permalink with the engine and shows its scenario. It
 * never replaces a draft without asking. It resolves false when there is
 * nothing to run (a custom scenario whose link cannot be read).
 * @param {ScenarioPage} page
 * @param {string} fragment
 */
export async function openLink(page, fragment) {
  if (!page.engine.has("linkDecode")) {
    page.notice("link", "This page's engine cannot read scenario links yet; showing the scenario without the link's edits.");
    return !page.custom;
  }
  /** @type {Payload} */
  let p;
  try {
    p = await page.engine.call("linkDecode", [fragment]);
    if (!p || typeof p.source !== "string") throw new Error("the link holds no scenario");
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/[^.!?]$/, "$&.");
    page.notice("link", "This link cannot be opened: " + why + (page.custom ? "" : " The original scenario is shown instead."));
    if (page.custom) page.linkFailed();
    return !page.custom;
  }
  page.dropNotice("link");
  if (page.persist && !(await mayReplaceDraft(page, p))) {
    page.restoreDraft();
    page.notice("link", "Your draft is shown; the shared version was not opened. Open the link again to see it.");
    page.mount();
    return true;
  }
  page.shared = p;
  page.handle.shared = p;
  if (page.custom) page.original = { source: p.source, document: { ...page.original.document, source: p.source }, transcript: null };
  page.source = p.source;
  page.docSource = page.source === page.doc.source ? page.source : "";
  const made = p.engine ? ` It was made with engine ${p.engine}.` : "";
  const what = page.custom || (p.base && p.base !== page.id)
    ? "A scenario shared with a link."
    : `An edited version of “${page.original.document.meta.title}”, shared with a link.`;
  page.notice("shared", what + made + (page.custom ? "" : " Reset returns to the original."));
  if (page.persist) page.saveDraft();
  page.mount();
  return true;
}

/** mayReplaceDraft asks before a shared version replaces a different draft. */
async function mayReplaceDraft(page, p) {
  const d = drafts.load(page.id);
  if (!d || d.source === p.source || d.source === page.original.source) return true;
  const when = d.saved ? new Date(d.saved).toLocaleString() : "earlier";
  return ask({
    testid: "link-dialog", yesID: "link-open", noID: "link-keep", title: "Open the shared version?",
    text: `You have a draft of this scenario from ${when}. Opening the shared version replaces that draft.`,
    yes: "Open the shared version", no: "Keep my draft",
  });
}

/**
 * compareShared says so when the results differ from those the link
 * recorded (another engine version, or a link edited by hand).
 * @param {ScenarioPage} page
 */
export async function compareShared(page) {
  const p = page.shared;
  if (!p || !p.digest || !page.transcript || page.resultKind !== "live" || !page.engine.has("resultDigest")) return;
  try {
    const d = String(await page.engine.call("resultDigest", [JSON.stringify(page.transcript)], { quiet: true }));
    page.handle.resultsDiffer = d !== p.digest;
    if (d !== p.digest) {
      const eng = page.engine.info ? page.engine.info.engineVersion : "";
      page.notice("results-differ", "Results differ from when this was shared" +
        (p.engine && eng && p.engine !== eng ? ` (made with engine ${p.engine}; this page runs ${eng}).` : "."));
    }
  } catch {
    // Not knowing is no reason to warn.
  }
}

/**
 * openFull opens the full page with the same state: the page itself, or a
 * link carrying the edits when there are any and the engine can make one.
 * An embed's engine may not have started (it waits for Run): it is started
 * here, since only the engine makes links. The tab is opened at once, in
 * the click (popup blockers allow no later window.open), and sent to the
 * address once the link is made.
 * @param {ScenarioPage} page
 * @param {Event} e the click on the "Open in dbquirks" link
 */
export async function openFull(page, e) {
  if (page.pendingLink) return; // not opened yet: the link's href carries it
  if (page.source === page.original.source && !page.custom) return; // the plain link is right
  e.preventDefault();
  const win = window.open("about:blank", "_blank");
  try {
    if (win) win.document.body.textContent = "Making the link with your edits…";
  } catch {
    // Only a courtesy while the engine starts.
  }
  let href = pageLink(page);
  if (await canMakeLinks(page)) {
    try {
      href += "#" + (await encodeLink(page)).fragment;
    } catch {
      // Too big for a link: open the plain page.
    }
  }
  if (win) {
    win.opener = null;
    win.location.href = href;
  } else {
    window.open(href, "_blank", "noopener");
  }
}
