// drafts.js: a person's edits to a scenario, saved as they type and kept
// across reloads, Stops and crashes. One draft per name: a scenario's id
// for the scenario of its own page, linkName(source) for a scenario opened
// from a link (named by the link's content, so that the drafts of two links
// never share a slot). The session (web/session.js) saves one at each edit,
// restores it on load, and hears when another tab changes it (watch).

import * as storage from "./storage.js";

/**
 * @typedef {{v: 1, source: string, steps: {line:number, sql:string}[]|null, saved: number, prev: string}} Draft
 * steps: each step's fence line and SQL as of the last edit, when known
 * (step edits keep them; source-view edits may move steps, so they are
 * null until the source is parsed again). prev: the contentKey of the text
 * the saving tab had seen stored before ("" when unknown): another tab
 * that still shows that text can take this draft without losing anything.
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 */

const key = (name) => "draft:" + name;

/** linkName is the name of the drafts of the scenario a link holds. */
export function linkName(source) {
  return "link:" + contentKey(source);
}

/** load returns a draft, or null. */
export function load(name) {
  const raw = storage.get(key(name));
  if (!raw) return null;
  try {
    const d = JSON.parse(raw);
    if (!d || d.v !== 1 || typeof d.source !== "string") return null;
    const steps = Array.isArray(d.steps) && d.steps.every((s) => s && Number.isInteger(s.line) && typeof s.sql === "string") ? d.steps : null;
    return { v: 1, source: d.source, steps, saved: Number(d.saved) || 0, prev: typeof d.prev === "string" ? d.prev : "" };
  } catch {
    return null;
  }
}

/** save stores a draft, an edit of the text prev names (see Draft), and
 * reports whether it was saved. */
export function save(name, source, steps, prev = "") {
  return storage.set(key(name), JSON.stringify({ v: 1, source, steps: steps || null, saved: Date.now(), prev }));
}

/** discard forgets a draft. */
export function discard(name) {
  storage.remove(key(name));
}

/** watch calls fn(name) when another tab changes the draft of a name, or
 * fn(null) when it cleared every draft. */
export function watch(fn) {
  storage.watch((k) => {
    if (k === null) fn(null);
    else if (k.startsWith("draft:")) fn(k.slice("draft:".length));
  });
}

/**
 * restore reads a draft that differs from base, the text it was edited
 * from: its source, and baseDoc's steps with the draft's SQL when it holds
 * step edits only (doc null otherwise, or without baseDoc: the steps show
 * once it runs), and what to tell the person. null when there is no such
 * draft.
 * @param {string} name
 * @param {string} base
 * @param {ScenarioDocument|null} baseDoc the document of base, when known
 * @returns {{source: string, doc: ScenarioDocument|null, notice: string}|null}
 */
export function restore(name, base, baseDoc) {
  const d = load(name);
  if (!d || d.source === base) return null;
  const when = d.saved ? new Date(d.saved).toLocaleString() : "earlier";
  const steps = baseDoc?.steps || [];
  if (baseDoc && d.steps && d.steps.length === steps.length && steps.length > 0) {
    const draft = /** @type {{line:number, sql:string}[]} */ (d.steps);
    return {
      source: d.source,
      doc: { ...baseDoc, source: d.source, shape: undefined, steps: steps.map((st, i) => ({ ...st, line: draft[i].line, sql: draft[i].sql })) },
      notice: `Your edits from ${when} are restored. Reset returns to the original.`,
    };
  }
  return {
    source: d.source, doc: null,
    notice: `Your edited source from ${when} is restored; the steps show it once the engine has run it. Reset returns to the original.`,
  };
}

/**
 * keep saves source as the draft of a name, with the steps of doc when
 * doc describes it (known), or discards the draft when source is base,
 * the text it was edited from, again. It reports whether the browser kept
 * what it was given.
 * @param {string} name
 * @param {string} base
 * @param {string} source
 * @param {ScenarioDocument|null} doc
 * @param {string} [prev] the contentKey of the text this edit replaces
 */
export function keep(name, base, source, doc, prev = "") {
  if (source === base) {
    discard(name);
    return true;
  }
  return save(name, source, doc ? (doc.steps || []).map((st) => ({ line: st.line, sql: st.sql })) : null, prev);
}

// A run under way is noted next to the draft and forgotten when it ends.
// One that is still noted when the page loads never ended: it took the
// engine (or the tab) down, and running it again on load would do the same.

const runKey = (name) => "run:" + name;

/** runStarted notes that a run of source is under way. */
export function runStarted(name, source) {
  storage.set(runKey(name), contentKey(source));
}

/** runEnded forgets the run under way: it ended on its own, was stopped,
 * or failed without taking the engine down. */
export function runEnded(name) {
  storage.remove(runKey(name));
}

/** crashedBefore reports whether a run of source was under way when the
 * engine or the page last died. */
export function crashedBefore(name, source) {
  return storage.get(runKey(name)) === contentKey(source);
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
