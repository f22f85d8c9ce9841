// pglite/pglite-worker.js: the live PostgreSQL lane's worker, a module worker of
// its own that the page starts only when a reader asks (web/livepg.js). It
// runs PGlite (PostgreSQL compiled to WebAssembly) on a fresh in-memory
// database and sends the plan the engine made (dbquirks.lanePlan): every
// statement as planned, stopping a step at its first error, answering each
// step with PostgreSQL's raw text (wire.LiveStepAnswer). Converting that
// text to values is the engine's work (internal/dialect), written once.
//
// Nothing here fetches: the page hands over the compiled modules and the
// data bundle it downloaded, so no URL is resolved against this script.
// PGlite ignores statement_timeout: the page stops a run by terminating
// this worker.

import { PGlite } from "@electric-sql/pglite";

/** @type {PGlite|null} */
let db = null;

self.onmessage = async (e) => {
  const m = e.data || {};
  try {
    if (m.op === "init") self.postMessage({ type: "ready", ...(await init(m)) });
    else if (m.op === "run") {
      await run(m.plan);
      self.postMessage({ type: "done" });
    }
  } catch (err) {
    self.postMessage({ type: "error", message: String(err && err.message || err) });
  }
};

/** init starts PostgreSQL from the page's modules and data, and says which
 * PostgreSQL it is. */
async function init({ pgliteModule, initdbModule, data }) {
  db = await PGlite.create({ pgliteWasmModule: pgliteModule, initdbWasmModule: initdbModule, fsBundle: data });
  const r = await db.exec("SELECT version(), (SELECT datcollate FROM pg_database WHERE datname = current_database())", { rowMode: "array" });
  const [version, collation] = r[0].rows[0];
  return { version, collation };
}

/** raw keeps every value as PostgreSQL's text: an identity parser for
 * every type PGlite would otherwise parse (its defaults and the array types
 * it read from the catalog), taken afresh as a scenario may add types. */
function raw() {
  return Object.fromEntries(Object.keys(/** @type {any} */ (db).parsers).map((oid) => [oid, (x) => x]));
}

/** run plays a plan's steps, posting each step's answer as it ends. */
async function run(plan) {
  for (const sql of plan.setup || []) await exec(sql, plan.maxRows);
  for (const step of plan.steps) {
    if (step.notApplicable || step.notLive) continue;
    const results = [];
    for (const st of step.statements || []) {
      if (st.error) break;
      if (!st.send) continue;
      const r = await exec(st.send, plan.maxRows);
      results.push(r);
      if (r.error) break;
    }
    self.postMessage({ type: "step", answer: { index: step.index, results, txn: await txnState() } });
  }
}

/** exec sends one statement (the simple query protocol, as the recorder's
 * sessions do) and answers it as wire.LiveResult. */
async function exec(sql, maxRows) {
  const d = /** @type {PGlite} */ (db);
  try {
    const rs = await d.exec(sql, { rowMode: "array", parsers: raw() });
    const r = rs[rs.length - 1];
    return {
      columns: (r.fields || []).map((f) => ({ name: f.name, typeOid: f.dataTypeID })),
      rows: r.rows.slice(0, maxRows),
      rowCount: r.rows.length,
      changes: r.affectedRows || 0,
    };
  } catch (err) {
    const e = /** @type {any} */ (err);
    if (typeof e?.code !== "string") throw err;
    return { rowCount: 0, changes: 0, error: { code: e.code, message: String(e.message), detail: e.detail || "" } };
  }
}

/** txnState tells an open transaction from an aborted one by asking: a
 * failed transaction refuses every statement (25P02) and stays as it was. */
async function txnState() {
  const d = /** @type {PGlite} */ (db);
  if (!d.isInTransaction()) return "none";
  try {
    await d.exec("SELECT 1");
    return "active";
  } catch (err) {
    if (/** @type {any} */ (err)?.code === "25P02") return "failed";
    throw err;
  }
}
