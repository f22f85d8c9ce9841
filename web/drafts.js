// drafts.js: a person's edits to a scenario, saved as they type and kept
// across reloads, Stops and crashes. One draft per scenario id. The session
// (web/session.js) saves one at each edit and restores it on load.

import * as storage from "./storage.js";

/**
 * @typedef {{v: 1, source: string, steps: {line:number, sql:string}[]|null, saved: number}} Draft
 * steps: each step's fence line and SQL as of the last edit, when known
 * (step edits keep them; source-view edits may move steps, so they are
 * null until the source is parsed again).
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 */

const key = (id) => "draft:" + id;

/** load returns the draft of a scenario, or null. */
export function load(id) {
  const raw = storage.get(key(id));
  if (!raw) return null;
  try {
    const d = JSON.parse(raw);
    if (!d || d.v !== 1 || typeof d.source !== "string") return null;
    const steps = Array.isArray(d.steps) && d.steps.every((s) => s && Number.isInteger(s.line) && typeof s.sql === "string") ? d.steps : null;
    return { v: 1, source: d.source, steps, saved: Number(d.saved) || 0 };
  } catch {
    return null;
  }
}

/** save stores a draft and reports whether it was saved. */
export function save(id, source, steps) {
  return storage.set(key(id), JSON.stringify({ v: 1, source, steps: steps || null, saved: Date.now() }));
}

/** discard forgets the draft of a scenario. */
export function discard(id) {
  storage.remove(key(id));
}

/**
 * restore reads the draft of a scenario that differs from its original:
 * its source, and the original's steps with the draft's SQL when it holds
 * step edits only (doc null otherwise: the steps show once it runs), and
 * what to tell the person. null when there is no such draft.
 * @param {string} id
 * @param {ScenarioDocument} original
 * @returns {{source: string, doc: ScenarioDocument|null, notice: string}|null}
 */
export function restore(id, original) {
  const d = load(id);
  if (!d || d.source === original.source) return null;
  const when = d.saved ? new Date(d.saved).toLocaleString() : "earlier";
  const steps = original.steps || [];
  if (d.steps && d.steps.length === steps.length && steps.length > 0) {
    const draft = /** @type {{line:number, sql:string}[]} */ (d.steps);
    return {
      source: d.source,
      doc: { ...original, source: d.source, steps: steps.map((st, i) => ({ ...st, line: draft[i].line, sql: draft[i].sql })) },
      notice: `Your edits from ${when} are restored. Reset returns to the original.`,
    };
  }
  return {
    source: d.source, doc: null,
    notice: `Your edited source from ${when} is restored; the steps show it once the engine has run it. Reset returns to the original.`,
  };
}

/**
 * keep saves source as the scenario's draft, with the steps of doc when
 * doc describes it (known), or discards the draft when source is the
 * original again. It reports whether the browser kept what it was given.
 * @param {string} id
 * @param {string} original the original source
 * @param {string} source
 * @param {ScenarioDocument|null} doc
 */
export function keep(id, original, source, doc) {
  if (source === original) {
    discard(id);
    return true;
  }
  return save(id, source, doc ? (doc.steps || []).map((st) => ({ line: st.line, sql: st.sql })) : null);
}

// A run under way is noted next to the draft and forgotten when it ends.
// One that is still noted when the page loads never ended: it took the
// engine (or the tab) down, and running it again on load would do the same.

const runKey = (id) => "run:" + id;

/** runStarted notes that a run of source is under way. */
export function runStarted(id, source) {
  storage.set(runKey(id), contentKey(source));
}

/** runEnded forgets the run under way: it ended on its own, was stopped,
 * or failed without taking the engine down. */
export function runEnded(id) {
  storage.remove(runKey(id));
}

/** crashedBefore reports whether a run of source was under way when the
 * engine or the page last died. */
export function crashedBefore(id, source) {
  return storage.get(runKey(id)) === contentKey(source);
}

/** contentKey names a text by its content: a 64-bit FNV-1a hash of its
 * UTF-16 units, in hex (a name, not a defence: nothing trusts it). */
export function contentKey(text) {
  let h1 = 0x811c9dc5, h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0") + ":" + text.length;
}
