// wire.js: what crosses between the Go side and the page, mirrored from
// internal/wire (each field is documented there): the payloads the engine
// returns, the page-data blob every baked page carries, and the worker's
// reply to "init". One number versions all of them, as wire.Version does on
// the Go side: a page and an engine (or a page's data) that disagree on it
// cannot work together, and the page says so instead of guessing.

/** WIRE_VERSION is the wire.Version this code reads and writes. */
export const WIRE_VERSION = 3;

/**
 * versionProblem is what to tell the person when what (the engine, the
 * page's data) speaks wire version v: "" when it is this page's. An engine
 * too old to say its version is older than any page that asks.
 * @param {unknown} v
 * @param {string} what
 */
export function versionProblem(v, what) {
  if (v === WIRE_VERSION) return "";
  const known = typeof v === "number" && Number.isInteger(v);
  const age = known && v > WIRE_VERSION ? "older" : "newer";
  return `This page is ${age} than ${what} (wire version ${known ? v : "unknown"}, page ${WIRE_VERSION}): reload the page.`;
}

/**
 * @typedef {{type:string, text:string}} Value
 * @typedef {{name:string, declType?:string}} Column
 * @typedef {{code:string, extended:string, message:string, limit?:string, note?:string}} WireError
 * @typedef {{timeoutMs:number, waitedMs:number, refused?:boolean}} Busy
 * @typedef {{sql:string, columns?:Column[], rows?:Value[][], rowCount:number, truncated?:string, done:boolean,
 *   changes:number, lastInsertRowid?:string, error?:WireError, busy?:Busy, note?:string}} Statement
 * @typedef {{kind:string, want:string, got:string, ok:boolean, line:number, implicit?:boolean}} Check
 * @typedef {{name:string, txn:string, autocommit:boolean, cursors?:string[]}} ConnState
 * @typedef {{index:number, line:number, conn:string, kind:string, cursor?:string, sql:string,
 *   params?:{name?:string, value:Value}[], statements:Statement[], error?:WireError, states:ConnState[],
 *   checks?:Check[], quirk?:boolean, skipped?:boolean}} Step
 * @typedef {{name:string, busyTimeoutMs:number, pragmas?:{name:string,value:string}[],
 *   limits?:{name:string,value:string}[], error?:WireError}} Connection
 * @typedef {{version:number, engine:{version:string, sqlite:string}, scenario:string, title:string,
 *   storage:string, connections:Connection[], steps:Step[], stopped?:{reason:string,message:string,step?:number},
 *   failures:number, virtualMs:number}} Transcript
 * @typedef {{title:string, summary:string, topic:string, tags:string[]|null, backend:string, storage:string,
 *   django:{versions:string, app?:string, models?:string, orm:string, ormPoint?:{from:number,to:number}[], raises?:string, database?:string, sql:string, noteHtml?:string}, links:{title:string,url:string}[]|null,
 *   connections:Connection[]|null}} Meta
 * @typedef {{index:number, line:number, conn:string, kind:string, cursor?:string, fetch?:number, sql:string,
 *   info?:string, expect?:string[], quirk?:boolean, explanationHtml:string}} DocStep
 * @typedef {{id:string, meta:Meta, steps:DocStep[]|null, epilogueHtml:string, source:string, shape?:string}} ScenarioDocument
 *   shape: the engine's digest of what the article shows but results (wire.Document.Shape); a
 *   document the page changed itself (an edited step) has none
 * @typedef {{file:string, line:number, column:number, message:string, text?:string}} Diagnostic
 * @typedef {{source:string, base:string, engine:string, digest:string}} LinkPayload
 *   what a permalink holds (linkDecode, given the page's own scenario, which a
 *   v2 link holds only the changes to): base is the built-in scenario it was made from, "" for none
 * @typedef {{index:number, result:string, hash:string}} StepHTML
 * @typedef {{article:string, steps:StepHTML[], summary:string, summaryHash:string}} PlayHTML
 *   markup from internal/view, every text in it escaped: the whole article,
 *   and the content of each step's [data-testid=step-result] and of the
 *   [data-testid=run-summary], each with the hash its element carries as
 *   data-hash (view.AreaHash)
 * @typedef {{run:number|string, document:ScenarioDocument|null, diagnostics:Diagnostic[],
 *   transcript:Transcript|null, digest:string, html:PlayHTML|null}} PlayResult
 *   one play (wire.Play): run names it for the exports and the CSV; document,
 *   transcript and html are null when the source has mistakes; digest is ""
 *   for a stopped run
 * @typedef {{worker:string, wasm:string, wasmBytes?:number, wasmExec:string, embed?:string, pglite?:import("./livepg.js").PGliteAssets}} Assets
 * @typedef {{version:number, base:string, kind:"gallery"|"scenario", assets:Assets,
 *   engineVersion:string, catalog?:{id:string, meta:Meta, text?:string, lanes?:string[]}[],
 *   scenario?:{id:string, document:ScenarioDocument, transcript:Transcript|null, digest:string,
 *   recordings?:Recording[]}}} PageData
 *   the blob in <script id=dbquirks-data> (pageData in internal/site/pages.go);
 *   only the gallery carries the catalog (for its search)
 * @typedef {{version:number, scenario:string, lane:string, server:{product:string, version:string, label:string,
 *   client:string, settings:{name:string,value:string}[]}, recorded:string, steps:object[]}} Recording
 *   a recorded lane (wire.Recording, scenarios/recorded/<id>.<lane>.json); the page hands it back to
 *   play as it came, so its steps' fields are the module's business
 * @typedef {{version:number, engineVersion:string, functions:string[]}} EngineInfo
 *   the worker's reply to "init" (web/worker.js)
 */
