// drafts.js: a person's edits to a scenario, saved as they type and kept
// across reloads, Stops and crashes. One draft per scenario id.

import * as storage from "./storage.js";

/**
 * @typedef {{v: 1, source: string, steps: {line:number, sql:string}[]|null, saved: number}} Draft
 * steps: each step's fence line and SQL as of the last edit, when known
 * (step edits keep them; source-view edits may move steps, so they are
 * null until the source is parsed again).
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
