// router.js: what the page's address means. It parses the options and
// fragments below; gallery.js keeps its own filters (?q=&backend=&tag=) in
// the query, and scenario.js puts ?step=N in it when a step's anchor would
// replace a #v1 link. Query options:
//   ?embed=1            embed mode (also on when the page is framed)
//   &step=N             embed: show only step N; full page: go to step N (a
//                       step's link when the scenario travels in a #v1 link)
//   &theme=light|dark|auto
//   &explain=0          embed: hide the explanations
//   &boot=run|visible|load   embed: when to start the engine (default: on the first Run)
//   &frame=ID           embed: the id embed.js gave this frame; every message carries it
// Step anchors are #step-N. A permalink is a fragment #v<N>.<data>
// (internal/permalink), decoded by the engine; it leaves no room for an
// anchor, hence ?step=N.

/**
 * @typedef {{embed: boolean, step: number|null, theme: string|null, explanations: boolean,
 *   boot: "run"|"visible"|"load", frame: string, link: string|null, target: number|null}} PageOptions
 * target: the step a full page should show first (#step-N, or ?step=N), null for none.
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

/** @param {Location} loc @returns {PageOptions} */
export function pageOptions(loc) {
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
  return new URL(base + (id ? "s/" + encodeURIComponent(id) + "/" : ""), location.origin).href;
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
