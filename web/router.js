// router.js: the one module that reads the page's URL. Query options:
//   ?embed=1            embed mode (also on when the page is framed)
//   &step=N             embed: show only step N
//   &theme=light|dark|auto
//   &explain=0          embed: hide the explanations
// Step anchors are #step-N. Permalinks (#v1.…) are read here too once the
// engine offers a decoder (issue 5).

/**
 * @typedef {{embed: boolean, step: number|null, theme: string|null, explanations: boolean}} PageOptions
 */

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
  return {
    embed: q.get("embed") === "1" || framed,
    step: Number.isInteger(step) && step > 0 ? step : null,
    theme: theme === "light" || theme === "dark" || theme === "auto" ? theme : null,
    explanations: q.get("explain") !== "0",
  };
}
