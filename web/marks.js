// marks.js: what the steps on screen say about themselves beside their
// results: which are stale (their SQL is not the SQL of the result shown),
// which are edited (their SQL is not the original scenario's), and whether
// a run's document has the very steps on screen (then only results change).

/**
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 * @typedef {import("./session.js").State} State
 */

/** staleSteps are the steps whose SQL differs from that of the result
 * shown; all of them when known is false (the steps are not the source's). */
export function staleSteps(/** @type {State} */ s, known) {
  const out = new Set();
  const ran = new Map();
  for (const st of s.transcript?.steps || []) if (!ran.has(st.index)) ran.set(st.index, st);
  for (const ds of s.doc.steps || []) {
    const st = ran.get(ds.index);
    if (!known || (!!st && (st.sql || "") !== (ds.sql || ""))) out.add(ds.index);
  }
  return out;
}

/** editedSteps are the steps whose SQL differs from the original
 * scenario's, when both have the same steps (a custom scenario has none). */
export function editedSteps(/** @type {State} */ s) {
  const orig = s.original.document.steps || [];
  const steps = s.doc.steps || [];
  const out = new Set();
  if (s.custom || steps.length !== orig.length) return out;
  for (const ds of steps) {
    const o = orig[ds.index - 1];
    if (o && o.sql !== ds.sql) out.add(ds.index);
  }
  return out;
}

/** stepOf is the transcript's step of an index, null when it has none. */
export function stepOf(t, index) {
  return t ? (t.steps || []).find((s) => s.index === index) || null : null;
}

/** sameStructure: the two documents have the same steps in the same places
 * and the same prose around them, so the article stays and a run's results
 * replace the results in it. */
export function sameStructure(/** @type {ScenarioDocument} */ a, /** @type {ScenarioDocument} */ b) {
  const as = a.steps || [], bs = b.steps || [];
  if (as.length !== bs.length || a.epilogueHtml !== b.epilogueHtml) return false;
  if (JSON.stringify(a.meta) !== JSON.stringify(b.meta)) return false;
  return as.every((s, i) => {
    const t = bs[i];
    return s.index === t.index && s.line === t.line && s.sql === t.sql && s.conn === t.conn && s.kind === t.kind &&
      s.cursor === t.cursor && s.fetch === t.fetch && s.info === t.info &&
      s.explanationHtml === t.explanationHtml && !!s.quirk === !!t.quirk;
  });
}
