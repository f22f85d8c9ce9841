// signature.js: a comparable outline of rendered markup (elements, their
// attributes, their text), so the pre-rendered page and the JS renderer can
// be checked for drift: window.__dbquirks.renderCheck().

/**
 * signature lists every element under root as "tag attr=value... | text",
 * where text is the element's own text with whitespace collapsed.
 * Whitespace-only text is layout in the Go templates, not content.
 * @param {Element} root
 * @returns {string[]}
 */
export function signature(root) {
  const out = [];
  const walk = (el, depth) => {
    const attrs = [...el.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort().join(" ");
    let text = "";
    for (const n of el.childNodes) if (n.nodeType === 3) text += n.nodeValue;
    text = text.replace(/\s+/g, " ").trim();
    out.push(`${"  ".repeat(depth)}<${el.tagName.toLowerCase()}${attrs ? " " + attrs : ""}>${text ? " | " + text : ""}`);
    for (const c of el.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

/** compareSignatures returns up to max differences, [] when equal. */
export function compareSignatures(a, b, max = 20) {
  const diffs = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n && diffs.length < max; i++) {
    if (a[i] !== b[i]) diffs.push(`#${i}\n  pre-rendered: ${a[i] ?? "(none)"}\n  js:           ${b[i] ?? "(none)"}`);
  }
  return diffs;
}
