// links.js: the page's links: its plain address, a permalink (#v1.…) of
// its edits, opening a scenario from a permalink, and handing the current
// state to the full page. The engine encodes and decodes links
// (internal/permalink), so a link made here opens the same everywhere.
// What a link changes on the page goes through the session's methods.

import { pageURL, openInNewTab } from "./router.js";
import { editedSteps } from "./marks.js";

/**
 * @typedef {import("./scenario.js").ScenarioPage} ScenarioPage
 * @typedef {import("./wire.js").LinkPayload} Payload
 */

/**
 * pageLink is the address of the page's scenario as published: its own
 * page, or the gallery's address for a custom scenario (it has no page).
 * @param {ScenarioPage} page
 */
export function pageLink(page) {
  const s = page.session.state;
  return pageURL(page.data.base, s.custom ? "" : s.id);
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
 * The link names the built-in scenario it came from, if any, and records
 * digest, the results' digest of a finished run of that source ("" for
 * none). On a built-in scenario's page it holds only what changed against
 * that scenario (a short v2 link). It rejects with a sentence to show (a
 * scenario too big to share).
 * @param {ScenarioPage} page
 * @param {string} [digest]
 * @returns {Promise<{fragment: string, warn: boolean}>}
 */
export function encodeLink(page, digest = "") {
  const s = page.session.state;
  const base = s.custom ? (s.shared?.base || "") : s.id;
  return page.engine.call("linkEncode", [s.source, base, digest, ownSource(s)], { quiet: true });
}

/** ownSource is the page's built-in scenario's source, which short links
 * are made against and opened with; "" on a custom scenario's page. */
function ownSource(s) {
  return s.custom ? "" : s.original.source;
}

/**
 * openLink decodes a permalink with the engine and shows its scenario, or
 * the person's draft of that link when they edited it before. It resolves
 * "run" when the page has something to run, "held" when it shows a draft
 * whose last run took the engine down (it waits for Run), "none" when
 * there is nothing to run (a custom scenario whose link cannot be read).
 * @param {ScenarioPage} page
 * @param {string} fragment
 * @returns {Promise<"run"|"held"|"none">}
 */
export async function openLink(page, fragment) {
  const session = page.session;
  const custom = session.state.custom;
  if (!page.engine.has("linkDecode")) {
    session.notice("link", "This page's engine cannot read scenario links yet; showing the scenario without the link's edits.");
    return custom ? "none" : "run";
  }
  /** @type {Payload} */
  let p;
  try {
    p = await page.engine.call("linkDecode", [fragment, custom ? "" : session.state.id, ownSource(session.state)]);
    if (!p || typeof p.source !== "string") throw new Error("the link holds no scenario");
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).replace(/[^.!?]$/, "$&.");
    session.notice("link", "This link cannot be opened: " + why + (custom ? "" : " The original scenario is shown instead."));
    if (custom) session.linkFailed();
    return custom ? "none" : "run";
  }
  session.dropNotice("link");
  session.openShared(p);
  // The drafts of a link are its own (named by its content): only edits of
  // this very link come back; nothing of another link's is shown or lost.
  if (session.state.persist && session.restoreDraft()) return "held";
  return "run";
}

/**
 * compareShared says so when the results of the link's first run differ
 * from those the link recorded (another engine version, or a link edited
 * by hand). It returns whether they differ, undefined when there is
 * nothing to compare: no digest in the link, or a run that was stopped.
 * @param {ScenarioPage} page
 * @returns {boolean|undefined}
 */
export function compareShared(page) {
  const s = page.session.state;
  const p = s.shared;
  if (!p || !p.digest || s.resultKind !== "live" || !s.digest) return undefined;
  if (s.digest !== p.digest) {
    const eng = page.engine.info ? page.engine.info.engineVersion : "";
    page.session.notice("results-differ", "Results differ from when this was shared" +
      (p.engine && eng && p.engine !== eng ? ` (made with engine ${p.engine}; this page runs ${eng}).` : "."));
  }
  return s.digest !== p.digest;
}

/**
 * showSharedChanges, after the first run of a link to an edited built-in
 * scenario, says which steps the link changed (they are marked edited)
 * and brings the first of them into view. It returns their numbers.
 * @param {ScenarioPage} page
 * @returns {number[]}
 */
export function showSharedChanges(page) {
  const s = page.session.state;
  if (!s.shared || s.custom) return [];
  const changed = [...editedSteps(s)].sort((a, b) => a - b);
  page.session.sharedChanges(changed);
  // An embed scrolling would scroll the page around it too.
  if (changed.length && !page.opts.embed) page.article.scrollToStep(changed[0]);
  return changed;
}

/**
 * openFull opens the full page with the same state: the page itself, or a
 * link carrying the edits when there are any and the engine can make one.
 * An embed's engine may not have started (it waits for Run): it is started
 * here, since only the engine makes links.
 * @param {ScenarioPage} page
 * @param {Event} e the click on the "Open in dbquirks" link
 */
export function openFull(page, e) {
  const s = page.session.state;
  if (s.pendingLink) return; // not opened yet: the link's href carries it
  if (!page.session.edited && !s.custom) return; // the plain link is right
  e.preventDefault();
  openInNewTab(fullAddress(page), "Making the link with your edits…");
}

/** fullAddress is the page's address with its edits in a link, or
 * without them when they cannot travel in one (too big). */
async function fullAddress(page) {
  const href = pageLink(page);
  if (!(await canMakeLinks(page))) return href;
  try {
    return href + "#" + (await encodeLink(page)).fragment;
  } catch {
    return href;
  }
}
