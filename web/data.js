// data.js: the JSON the site build writes into every page
// (<script type="application/json" id="dbquirks-data"> in index.html; its
// fields are pageData in internal/site/pages.go): what to show before, or
// without, the engine.

/** @typedef {import("./wire.js").PageData} PageData */

/** readData parses the page's data blob; null when it is missing or broken.
 * Its version is the caller's to check (app.js). */
export function readData(doc = document) {
  const el = doc.getElementById("dbquirks-data");
  if (!el) return null;
  try {
    let data = JSON.parse(el.textContent || "null");
    // html/template writes a plain string as a JSON string literal.
    if (typeof data === "string") data = JSON.parse(data);
    if (!data || typeof data !== "object") return null;
    data.base = typeof data.base === "string" && data.base.endsWith("/") ? data.base : "/";
    data.catalog = Array.isArray(data.catalog) ? data.catalog : [];
    return data;
  } catch (err) {
    console.error("dbquirks: the page data cannot be read:", err);
    return null;
  }
}
