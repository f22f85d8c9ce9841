// render.js: the gallery and scenario markup, built from the same JSON and
// worded the same as internal/render's templates, so that the live page
// replaces the pre-rendered one without a visible change. When you change
// one, change the other (window.__dbquirks.renderCheck() compares them).

import { h, trustedProse, isSafeURL } from "./dom.js";

/**
 * @typedef {import("./wire.js").Value} Value
 * @typedef {import("./wire.js").WireError} WireError
 * @typedef {import("./wire.js").Statement} Statement
 * @typedef {import("./wire.js").Step} Step
 * @typedef {import("./wire.js").Transcript} Transcript
 * @typedef {import("./wire.js").Meta} Meta
 * @typedef {import("./wire.js").DocStep} DocStep
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 */

const topicOrder = ["text", "numbers", "transactions", "schema", "types"];
const topicTitles = {
  text: "Text", numbers: "Numbers", transactions: "Transactions and locking", schema: "Schema", types: "Types",
  "": "Other",
};

/** Long values are cut to HEAD characters with a way to see all (as in internal/render). */
export const LONG_VALUE = 120;
const HEAD = 60;

const sp = " ";

export function topicKey(topic) {
  return String(topic || "").trim().toLowerCase();
}

/** topicAnchor is the id of a topic's heading in the gallery (internal/render's topicAnchor). */
export function topicAnchor(t) {
  return t === "" ? "topic-other" : "topic-" + [...t].map((c) => (/[a-z0-9-]/.test(c) ? c : "-")).join("");
}

export function topicTitle(t) {
  if (Object.hasOwn(topicTitles, t)) return topicTitles[t];
  const r = [...t];
  return (r[0] || "").toUpperCase() + r.slice(1).join("");
}

/** groupByTopic orders topics as the gallery shows them, keeping entry order. */
export function groupByTopic(entries) {
  const by = new Map();
  for (const e of entries) {
    const t = topicKey(e.meta.topic);
    if (!by.has(t)) by.set(t, []);
    by.get(t).push(e);
  }
  const rank = (t) => {
    const i = topicOrder.indexOf(t);
    return i >= 0 ? i : t === "" ? topicOrder.length + 1 : topicOrder.length;
  };
  const topics = [...by.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return topics.map((t) => ({
    topic: t, anchor: topicAnchor(t), title: topicTitle(t), entries: by.get(t),
  }));
}

/**
 * renderGallery builds the gallery's body (templates/gallery.tmpl).
 * @param {string} base
 * @param {{id:string, meta:Meta}[]} entries
 */
export function renderGallery(base, entries) {
  const topics = groupByTopic(entries);
  return h("div", { class: "gallery", "data-testid": "gallery" },
    h("header", { class: "page-head" },
      h("h1", { class: "page-title" }, "Database quirks that bite Django developers"),
      h("p", { class: "lede" }, "Each scenario runs real SQLite in your browser: read why it happens, change the SQL, run it again.")),
    h("div", { class: "gallery-tools", "data-testid": "gallery-tools" }),
    topics.length === 0 ? h("p", { class: "empty" }, "No scenarios yet.") : topics.map((t) =>
      h("section", { class: "topic", "data-topic": t.topic, "aria-labelledby": t.anchor },
        h("h2", { class: "topic-title", id: t.anchor }, t.title),
        h("ul", { class: "cards" }, t.entries.map((e) => card(base, e))))),
    h("p", { class: "gallery-empty", "data-testid": "gallery-empty", hidden: true }, "No scenario matches."));
}

/**
 * neighbors finds the scenarios before and after id in the gallery's order
 * (internal/render's neighbors); null when id is not in the catalog.
 * @param {string} id
 * @param {{id:string, meta:Meta}[]} entries
 */
export function neighbors(id, entries) {
  const order = groupByTopic(entries).flatMap((t) => t.entries);
  const i = order.findIndex((e) => e.id === id);
  if (i < 0) return null;
  return { prev: order[i - 1] || null, next: order[i + 1] || null };
}

/**
 * renderPager builds the links to the previous and next scenarios
 * (templates/pager.tmpl); null when id is not in the catalog.
 * @param {string} base
 * @param {string} id
 * @param {{id:string, meta:Meta}[]} entries
 */
export function renderPager(base, id, entries) {
  const n = neighbors(id, entries);
  if (!n) return null;
  const link = (e, cls, rel, dir) => h("a", { class: "pager-link " + cls, rel, href: base + "s/" + e.id + "/" },
    h("span", { class: "pager-dir" }, dir), sp, h("span", { class: "pager-title" }, e.meta.title));
  return h("nav", { class: "pager", "data-testid": "pager", "aria-label": "Other quirks" },
    n.prev ? link(n.prev, "prev", "prev", [h("span", { "aria-hidden": "true" }, "← "), "Previous"]) : null,
    n.next ? link(n.next, "next", "next", ["Next", h("span", { "aria-hidden": "true" }, " →")]) : null);
}

function card(base, e) {
  const m = e.meta;
  return h("li", { class: "card", "data-testid": "card", "data-id": e.id },
    h("h3", { class: "card-title" }, h("a", { class: "card-link", href: base + "s/" + e.id + "/" }, m.title)),
    h("p", { class: "card-summary" }, m.summary),
    h("p", { class: "card-meta" },
      m.backend ? h("span", { class: "badge backend" }, m.backend) : null,
      (m.tags || []).map((t) => [sp, h("span", { class: "tag" }, t)])));
}

/**
 * renderScenario builds a scenario's body (templates/scenario.tmpl). t may be
 * null: steps then show no result. resultKind marks steps that have one:
 * "prerendered" or "live".
 * @param {string} base
 * @param {string} id
 * @param {ScenarioDocument} doc
 * @param {Transcript|null} t
 * @param {string} [resultKind]
 */
export function renderScenario(base, id, doc, t, resultKind = "prerendered") {
  const m = doc.meta;
  const conns = t && t.connections && t.connections.length ? t.connections : m.connections || [];
  const lanes = laneMap(conns);
  const dj = m.django || {};
  return h("article", { class: "scenario", "data-testid": "scenario", "data-id": id },
    h("header", { class: "scn-head" },
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: base }, "All quirks"), sp,
        h("span", { "aria-hidden": "true" }, "›"), sp,
        h("a", { href: base + "#" + topicAnchor(topicKey(m.topic)) }, topicTitle(topicKey(m.topic)))),
      h("h1", { class: "page-title", "data-testid": "scenario-title" }, m.title),
      m.summary ? h("p", { class: "lede" }, m.summary) : null,
      h("p", { class: "scn-meta" },
        m.backend ? [h("span", { class: "badge backend" }, m.backend), sp] : null,
        m.storage ? h("span", { class: "badge storage", title: "storage the scenario runs on" }, m.storage) : null,
        (m.tags || []).map((tag) => [sp, h("span", { class: "tag" }, tag)])),
      h("div", { class: "notices", "data-testid": "notices" }),
      dj.orm || dj.sql || dj.noteHtml ? django(dj) : null,
      conns.length ? h("section", { class: "conns", "aria-labelledby": "conns-title" },
        h("h2", { class: "section-title", id: "conns-title" }, "Connections"),
        h("ul", { class: "conn-list" }, conns.map((c, i) => connection(c, i)))) : null),
    h("div", { class: "toolbar", "data-testid": "toolbar" }),
    h("ol", { class: "steps", "data-testid": "steps" },
      (doc.steps || []).map((ds) => renderStep(ds, lanes, stepOf(t, ds.index), resultKind))),
    renderRunSummary(t),
    doc.epilogueHtml ? trustedProse("section", "epilogue prose", doc.epilogueHtml) : null,
    links(m.links || []));
}

function django(dj) {
  return h("section", { class: "django", "aria-labelledby": "django-title" },
    h("h2", { class: "section-title", id: "django-title" }, "In Django",
      dj.versions ? [sp, h("span", { class: "versions" }, dj.versions)] : null),
    h("div", { class: "django-code" },
      dj.orm ? codeFigure("ORM code", "code code-python", dj.orm) : null,
      dj.sql ? codeFigure("SQL Django sends", "code code-sql", dj.sql) : null),
    dj.noteHtml ? trustedProse("div", "django-note prose", dj.noteHtml) : null);
}

function codeFigure(caption, cls, text) {
  return h("figure", { class: "code-fig" }, h("figcaption", null, caption),
    h("pre", { class: cls }, h("code", null, text)));
}

function connection(c, lane) {
  const settings = [
    ...(c.pragmas || []).map((p) => "PRAGMA " + p.name + " = " + p.value),
    ...(c.limits || []).map((l) => "limit " + l.name + " = " + l.value),
  ];
  return h("li", { class: "conn lane-" + lane },
    h("span", { class: "conn-chip lane-" + lane }, c.name), sp,
    h("span", { class: "conn-busy" }, "busy timeout " + (c.busyTimeoutMs || 0) + " ms (virtual)"),
    settings.map((s) => [" · ", h("code", null, s)]),
    c.error ? renderError(c.error) : null);
}

function links(ls) {
  if (!ls.length) return null;
  return h("section", { class: "links", "aria-labelledby": "links-title" },
    h("h2", { class: "section-title", id: "links-title" }, "Read more"),
    h("ul", null, ls.map((l) => h("li", null,
      h("a", { href: isSafeURL(l.url) ? l.url : null, rel: "noopener noreferrer" }, l.title)))));
}

export function laneMap(conns) {
  const lanes = new Map();
  (conns || []).forEach((c, i) => lanes.set(c.name, i));
  return lanes;
}

export function stepOf(t, index) {
  return t ? (t.steps || []).find((s) => s.index === index) || null : null;
}

/** cursorAction says what a cursor step does, as internal/render does. */
export function cursorAction(kind, cursor, fetch) {
  const rows = fetch === undefined || fetch === null || fetch >= 0 ? plural(fetch || 0, "row") : "all rows";
  switch (kind) {
    case "open": return "open cursor " + cursor + ", fetch " + rows;
    case "fetch": return "fetch " + rows + " from cursor " + cursor;
    case "close": return "close cursor " + cursor;
  }
  return "";
}

/**
 * renderStep builds one step (the "step" template).
 * @param {DocStep} ds
 * @param {Map<string,number>} lanes
 * @param {Step|null} st
 * @param {string} resultKind
 */
export function renderStep(ds, lanes, st, resultKind) {
  const lane = lanes.get(ds.conn) || 0;
  const action = cursorAction(ds.kind, ds.cursor, ds.fetch);
  return h("li", {
    class: "step lane-" + lane + (ds.quirk ? " quirk" : ""), id: "step-" + ds.index, "data-testid": "step",
    "data-step": ds.index, "data-line": ds.line, "data-conn": ds.conn, "data-result": st ? resultKind : "none",
  },
  trustedProse("div", "step-explain prose", ds.explanationHtml || ""),
  h("div", { class: "step-work" },
    h("div", { class: "step-head" },
      h("a", { class: "step-num", href: "#step-" + ds.index }, "Step " + ds.index), sp,
      h("span", { class: "conn-chip lane-" + lane }, ds.conn),
      action ? [sp, h("span", { class: "action" }, action)] : null,
      ds.quirk ? [sp, h("span", { class: "quirk-badge" }, "the quirk")] : null,
      ds.info ? [sp, h("code", { class: "step-opts" }, ds.info)] : null),
    ds.sql ? h("pre", { class: "sql", "data-testid": "step-sql" }, h("code", null, ds.sql)) : null,
    h("div", { class: "step-result", "data-testid": "step-result" }, stepResult(ds, st, lanes))));
}

/** stepResult is the content of a step's result area. */
export function stepResult(ds, st, lanes) {
  if (st) return renderRun(st, lanes);
  return [
    ds.expect && ds.expect.length ? h("ul", { class: "expects" }, ds.expect.map((e) => h("li", null, h("code", null, e)))) : null,
    h("p", { class: "pending" }, "Not run yet."),
  ];
}

/**
 * renderRun builds what happened in a step (the "run" template).
 * @param {Step} st
 * @param {Map<string,number>} lanes
 */
export function renderRun(st, lanes) {
  if (st.skipped) {
    return [h("p", { class: "verdict skipped", "data-testid": "verdict", "data-verdict": "skipped" },
      "not run: the run stopped before this step")];
  }
  const out = [];
  const params = (st.params || []).map((p, i) => (p.name || "?" + (i + 1)) + " = " + literal(p.value)).join(", ");
  if (params) out.push(h("p", { class: "params" }, "bound: ", h("code", null, params)));
  const stmts = st.statements || [];
  let shown = false;
  for (const s of stmts) {
    if (st.error && s.error && sameError(st.error, s.error)) shown = true;
    out.push(statement(s, stmts.length > 1));
  }
  if (st.error && !shown) out.push(renderError(st.error));
  const { views, verdict, text } = checks(st.checks || []);
  out.push(h("div", { class: "step-foot" },
    h("p", { class: "verdict " + verdict, "data-testid": "verdict", "data-verdict": verdict }, text),
    views.length ? h("ul", { class: "checks" }, views.map((c) => h("li", { class: "check " + (c.ok ? "ok" : "fail") },
      h("span", { class: "sr-only" }, (c.ok ? "met:" : "failed:") + " "), c.text,
      c.want || c.got ? h("div", { class: "rows-diff" },
        h("pre", { class: "want" }, h("code", null, c.want)), h("pre", { class: "got" }, h("code", null, c.got))) : null))) : null,
    h("ul", { class: "states", "aria-label": "Transactions after this step" }, (st.states || []).map((cs) => {
      const lane = lanes.get(cs.name) || 0;
      return h("li", { class: "state lane-" + lane + " txn-" + cs.txn + (cs.name === st.conn ? " own" : "") },
        h("span", { class: "state-name" }, cs.name), sp, h("span", { class: "state-txn" }, cs.txn),
        !cs.autocommit ? [sp, h("span", { class: "state-begin" }, "BEGIN open")] : null,
        cs.cursors && cs.cursors.length ? [sp, h("span", { class: "state-cursors" }, "cursor " + cs.cursors.join(", "))] : null);
    }))));
  return out;
}

function sameError(a, b) {
  return a.code === b.code && a.extended === b.extended && a.message === b.message &&
    (a.limit || "") === (b.limit || "") && (a.note || "") === (b.note || "");
}

/** @param {Statement} s */
function statement(s, showSQL) {
  const table = !!(s.columns && s.columns.length) && (!s.error || s.rowCount > 0);
  const facts = [];
  if (table) facts.push(rowsFact(s));
  if (s.changes > 0) facts.push(plural(s.changes, "row") + " changed");
  if (s.lastInsertRowid !== undefined && s.lastInsertRowid !== null) facts.push("last insert rowid " + s.lastInsertRowid);
  if (!s.error && !facts.length) facts.push("ok");
  return h("div", { class: "stmt" + (s.error ? " has-error" : "") },
    showSQL ? h("pre", { class: "stmt-sql" }, h("code", null, s.sql)) : null,
    table ? h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Result rows" },
      h("table", { class: "result", "data-testid": "result-table" },
        h("thead", null, h("tr", null, s.columns.map((c) => h("th", { scope: "col" },
          h("span", { class: "col-name" }, c.name), c.declType ? [sp, h("span", { class: "col-type" }, c.declType)] : null)))),
        h("tbody", null, (s.rows || []).map((row) => h("tr", null, row.map(cell)))))) : null,
    facts.length ? h("p", { class: "facts" }, facts.join(", ")) : null,
    s.truncated ? h("p", { class: "truncated" }, s.truncated) : null,
    s.error ? renderError(s.error) : null,
    s.busy ? h("p", { class: "busy" + (s.busy.refused ? " refused" : ""), "data-testid": "busy" }, busyLine(s.busy)) : null,
    s.note ? h("p", { class: "stmt-note" }, "note: " + s.note) : null);
}

function rowsFact(s) {
  let f = plural(s.rowCount, "row");
  const kept = (s.rows || []).length;
  if (kept < s.rowCount) f = kept + " of " + f + " kept";
  if (!s.done) f += ", more to fetch";
  return f;
}

/** busyLine explains a lock a statement met, as internal/report.BusyLine does. */
export function busyLine(b) {
  if (b.refused) return "refused at once: SQLite did not call the busy handler, because waiting could not help (no timeout changes this)";
  if (!b.timeoutMs) return "no busy timeout set: failed at once";
  return "waited " + b.waitedMs + " ms (virtual), then SQLITE_BUSY";
}

/** renderError shows an error, the most specific code first (the "error" template). */
export function renderError(e) {
  const code = e.extended || e.code;
  return h("div", { class: "error", "data-testid": "error" },
    h("span", { class: "err-code" }, code),
    code !== e.code ? [sp, h("span", { class: "err-primary" }, e.code)] : null, sp,
    h("span", { class: "err-msg" }, e.message),
    e.limit ? [sp, h("span", { class: "err-limit" }, "limit: " + e.limit)] : null,
    e.note ? h("p", { class: "err-note" }, e.note) : null);
}

const badges = { integer: "int", real: "real", text: "text", blob: "blob" };

/** cellView mirrors internal/render's newCell. */
export function cellView(v) {
  const c = { type: v.type, badge: badges[v.type] || "", text: v.text, head: "", size: "", empty: false };
  if (v.type === "null") return { ...c, text: "NULL" };
  if (v.type === "blob") c.text = "x'" + v.text + "'";
  if (v.type === "text") c.empty = v.text === "";
  const runes = [...c.text];
  if (runes.length > LONG_VALUE) {
    c.head = runes.slice(0, HEAD).join("") + "…";
    c.size = v.type === "blob" ? plural(Math.floor(v.text.length / 2), "byte") : runes.length + " characters";
  }
  return c;
}

/** @param {Value} v */
function cell(v) {
  const c = cellView(v);
  if (c.type === "null") return h("td", { class: "v v-null", title: "NULL" }, h("span", { class: "null" }, "NULL"));
  let shown;
  if (c.head) {
    shown = h("details", { class: "long" },
      h("summary", null, h("span", { class: "head" }, c.head), sp, h("span", { class: "more" }, c.size)),
      h("span", { class: "full" }, c.text));
  } else if (c.empty) {
    shown = h("span", { class: "empty-text" }, "''");
  } else {
    shown = c.text;
  }
  return h("td", { class: "v v-" + c.type, title: c.type }, shown, h("span", { class: "sc" }, c.badge));
}

/** literal writes a value in SQL literal notation (transcript.Value.Literal). */
export function literal(v) {
  switch (v.type) {
    case "text": return "'" + v.text.replaceAll("'", "''") + "'";
    case "blob": return "x'" + v.text + "'";
    case "null": return "NULL";
  }
  return v.text;
}

const optionNames = { error: "expect", rowCount: "rows" };

/** checks words a step's checks and its verdict, as internal/render's newChecks. */
export function checks(cs) {
  let failed = 0, stated = 0;
  const views = [];
  for (const c of cs) {
    if (!c.ok) failed++;
    if (!c.implicit) stated++;
    if (c.implicit && c.ok) continue;
    const v = { ok: c.ok, text: "", want: "", got: "" };
    const opt = optionNames[c.kind] || c.kind;
    if (c.implicit) v.text = "expected no error, got " + c.got;
    else if (c.kind === "rows" && c.ok) v.text = "rows as listed";
    else if (c.kind === "rows") {
      v.text = "rows differ (line " + c.line + ")";
      v.want = c.want || "(no rows)";
      v.got = c.got || "(no rows)";
    } else if (c.ok) v.text = opt + "=" + c.want;
    else v.text = opt + "=" + c.want + ", got " + c.got + " (line " + c.line + ")";
    views.push(v);
  }
  if (failed > 0) return { views, verdict: "failed", text: "✗ " + plural(failed, "check") + " failed" };
  if (stated > 0) return { views, verdict: "met", text: "✓ as expected" };
  return { views, verdict: "ok", text: "✓ ran without error" };
}

/** renderRunSummary is the line under the steps. */
export function renderRunSummary(t) {
  const el = h("div", { class: "run-summary", "data-testid": "run-summary" });
  if (!t) return el;
  let steps = 0, stated = 0;
  for (const st of t.steps || []) {
    if (!st.skipped) steps++;
    for (const c of st.checks || []) if (!c.implicit) stated++;
  }
  let s = plural(steps, "step") + " run, " + plural(stated, "expectation") + " stated, " + plural(t.failures, "check") + " failed";
  if (t.virtualMs > 0) s += ", " + t.virtualMs + " ms waited on the virtual clock";
  el.append(h("p", { class: "summary-line" + (t.failures > 0 ? " failed" : "") }, s));
  if (t.stopped) el.append(h("p", { class: "stopped", "data-testid": "stopped" }, t.stopped.message));
  el.append(h("p", { class: "engine-line" }, "SQLite " + t.engine.sqlite + " · dbquirks " + t.engine.version + " · storage " + t.storage));
  return el;
}

export function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}
