// router.js: the page's address. It is the one module that reads or
// writes location and history (web/embed.js, a script for other sites'
// pages, has its own): what the address means when the page opens, and
// every change the page makes to it later.
//
// Query options:
//   ?embed=1            embed mode (also on when the page is framed)
//   &step=N             embed: show only step N; full page: go to step N (a
//                       step's link when the scenario travels in a #v1 link)
//   &theme=light|dark|auto
//   &explain=0          embed: hide the explanations
//   &lanes=0            embed: hide the other lanes (PostgreSQL, MariaDB) beside SQLite's results
//   &boot=run|visible|load   embed: when to start the engine (default: on the first Run)
//   &frame=ID           embed: the id embed.js gave this frame; every message carries it
//   ?q=&backend=&tag=   the gallery's search and filters
// Step anchors are #step-N. A permalink is a fragment #v<N>.<data>
// (internal/permalink), decoded by the engine; it leaves no room for an
// anchor, hence ?step=N.

/**
 * @typedef {{embed: boolean, step: number|null, theme: string|null, explanations: boolean, lanes: boolean,
 *   boot: "run"|"visible"|"load", frame: string, link: string|null, target: number|null}} PageOptions
 * target: the step a full page should show first (#step-N, or ?step=N), null for none.
 * @typedef {{q: string, backend: string, tag: string}} Filters
 */

/** stepAnchor is N for a fragment #step-N, else null. */
export function stepAnchor(hash) {
  const m = /^#?step-([1-9][0-9]{0,5})$/.exec(String(hash || ""));
  return m ? Number(m[1]) : null;
}

/** isLink reports whether a fragment is meant as a permalink of any version
 * ("#v1.…"), as opposed to an anchor such as "#step-3"; the engine's decoder
 * then says what is wrong with a link it cannot read. */
export function isLink(hash) {
  return /^#?v[0-9]+\./.test(String(hash || "").trim());
}

/** @param {{search: string, hash: string}} [loc] @returns {PageOptions} */
export function pageOptions(loc = location) {
  const q = new URLSearchParams(loc.search);
  const framed = (() => {
    try {
      return window.self !== window.top;
    } catch {
      return true; // a cross-origin parent: we are framed
    }
  })();
  const step = Number.parseInt(q.get("step") || "", 10);
  const theme = q.get("theme");
  const boot = q.get("boot");
  const embed = q.get("embed") === "1" || framed;
  const n = Number.isInteger(step) && step > 0 ? step : null;
  return {
    embed,
    step: n,
    target: embed ? null : stepAnchor(loc.hash) || n,
    theme: theme === "light" || theme === "dark" || theme === "auto" ? theme : null,
    explanations: q.get("explain") !== "0",
    lanes: q.get("lanes") !== "0",
    boot: boot === "visible" || boot === "load" ? boot : "run",
    frame: /^[A-Za-z0-9_-]{1,64}$/.test(q.get("frame") || "") ? /** @type {string} */ (q.get("frame")) : "",
    link: isLink(loc.hash) ? loc.hash.slice(1) : null,
  };
}

/**
 * startsAt says when a scenario page starts its engine: "load" at once,
 * "visible" when the embed scrolls into view, "run" on the first Run. A full
 * page starts at once; an embed waits as its &boot= says (default: for
 * Run), a link's embed too: reading the link takes the engine, and an
 * engine costs hundreds of MB, so ten embeds on a page must not start ten.
 * @param {PageOptions} opts
 * @returns {"load"|"visible"|"run"}
 */
export function startsAt(opts) {
  return opts.embed ? opts.boot : "load";
}

/** pageURL is the full page of a scenario (or the gallery for ""), absolute. */
export function pageURL(base, id) {
  return absoluteURL(base + (id ? "s/" + encodeURIComponent(id) + "/" : ""));
}

/** absoluteURL makes a path of this site (an asset, a page) absolute. */
export function absoluteURL(path) {
  return new URL(path, location.origin).href;
}

/** watchLinks reloads the page when the fragment becomes another permalink
 * (a link pasted into the address bar of an open page), so that it opens
 * the same way as a fresh visit. */
export function watchLinks(current) {
  window.addEventListener("hashchange", () => {
    const opts = pageOptions(location);
    if (opts.link && opts.link !== current) location.reload();
  });
}

// ---- A scenario's steps ----------------------------------------------------

/** onStepAnchor calls fn(N) whenever the fragment becomes #step-N. */
export function onStepAnchor(fn) {
  window.addEventListener("hashchange", () => {
    const n = stepAnchor(location.hash);
    if (n) fn(n);
  });
}

/** addressHoldsLink reports whether the address's fragment is a permalink:
 * then a step's #step-N anchor would replace the scenario itself. */
export function addressHoldsLink() {
  return isLink(location.hash);
}

/** withStep is href with ?step=N, its fragment kept. */
export function withStep(href, n) {
  const u = new URL(href);
  u.searchParams.set("step", String(n));
  return u.href;
}

/** noteStep puts ?step=N in the address, keeping its fragment (a link). */
export function noteStep(n) {
  replaceAddress(withStep(location.href, n));
}

/** showInAddressBar puts a URL of this page in the address bar (where the
 * clipboard is refused, so that the person can copy it from there). */
export function showInAddressBar(url) {
  replaceAddress(url);
}

function replaceAddress(url) {
  history.replaceState(history.state, "", url);
}

// ---- The gallery's filters ---------------------------------------------------

/** galleryFilters reads the gallery's search and filters from a query string. */
export function galleryFilters(search = location.search) {
  const p = new URLSearchParams(search);
  return { q: p.get("q") || "", backend: p.get("backend") || "", tag: p.get("tag") || "" };
}

/**
 * withFilters is href with the gallery's filters in its query: set ones
 * written, empty ones removed, other parameters and the fragment kept.
 * @param {string} href
 * @param {Filters} f
 */
export function withFilters(href, f) {
  const u = new URL(href);
  for (const [k, v] of [["q", f.q.trim()], ["backend", f.backend], ["tag", f.tag]]) {
    if (v) u.searchParams.set(k, v);
    else u.searchParams.delete(k);
  }
  return u.href;
}

/** rememberFilters keeps the gallery's filters in the address, for reload,
 * Back and links, without a new history entry per key. */
export function rememberFilters(f) {
  const next = withFilters(location.href, f);
  if (next !== location.href) replaceAddress(next);
}

// ---- Other tabs --------------------------------------------------------------

/**
 * openInNewTab opens a tab at once, in the click that asked for it (popup
 * blockers allow no later window.open), saying `waiting` until address
 * resolves, then sends it there. Nothing of this page reaches the new tab:
 * its opener is cut.
 * @param {Promise<string>} address
 * @param {string} waiting
 */
export async function openInNewTab(address, waiting) {
  const win = window.open("about:blank", "_blank");
  try {
    if (win) win.document.body.textContent = waiting;
  } catch {
    // Only a courtesy while the address is made.
  }
  const href = await address;
  if (win) {
    win.opener = null;
    win.location.href = href;
  } else {
    window.open(href, "_blank", "noopener");
  }
}
