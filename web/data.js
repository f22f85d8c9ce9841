// data.js: the JSON the site build writes into every page
// (<script type="application/json" id="dbquirks-data"> in index.html; its
// fields are pageData in internal/site/pages.go): what to show before, or
// without, the engine.

/**
 * @typedef {import("./render.js").ScenarioDocument} ScenarioDocument
 * @typedef {import("./render.js").Transcript} Transcript
 * @typedef {import("./render.js").Meta} Meta
 * @typedef {{apiVersion:number, base:string, kind:"gallery"|"scenario",
 *   assets:{worker:string, wasm:string, wasmBytes?:number, wasmExec:string},
 *   engineVersion:string, catalog:{id:string, meta:Meta}[],
 *   scenario?:{id:string, document:ScenarioDocument, transcript:Transcript|null}}} PageData
 */

/** API_VERSION is the version of the data blob this code reads. */
export const API_VERSION = 1;

/** readData parses the page's data blob; null when it is missing or broken. */
export function readData(doc = document) {
  const el = doc.getElementById("dbquirks-data");
  if (!el) return null;
  try {
    let data = JSON.parse(el.textContent || "null");
    // html/template writes a plain string as a JSON string literal.
    if (typeof data === "string") data = JSON.parse(data);
    if (!data || typeof data !== "object") return null;
    if (data.apiVersion !== API_VERSION) {
      console.warn(`dbquirks: page data version ${data.apiVersion}, this code reads ${API_VERSION}`);
    }
    data.base = typeof data.base === "string" && data.base.endsWith("/") ? data.base : "/";
    data.catalog = Array.isArray(data.catalog) ? data.catalog : [];
    return data;
  } catch (err) {
    console.error("dbquirks: the page data cannot be read:", err);
    return null;
  }
}
