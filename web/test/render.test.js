// The pure parts of render.js must word things exactly as internal/render
// and internal/report do (the same tables as internal/render's tests).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellView, checks, busyLine, cursorAction, literal, groupByTopic, neighbors, topicAnchor, plural, LONG_VALUE } from "../render.js";

test("cellView matches internal/render's newCell", () => {
  const long = "é".repeat(LONG_VALUE + 1);
  const base = { head: "", size: "", empty: false };
  const cases = [
    [{ type: "null", text: "" }, { ...base, type: "null", badge: "", text: "NULL" }],
    [{ type: "text", text: "NULL" }, { ...base, type: "text", badge: "text", text: "NULL" }],
    [{ type: "text", text: "" }, { ...base, type: "text", badge: "text", text: "", empty: true }],
    [{ type: "blob", text: "00ff" }, { ...base, type: "blob", badge: "blob", text: "x'00ff'" }],
    [{ type: "real", text: "1.0" }, { ...base, type: "real", badge: "real", text: "1.0" }],
    [{ type: "integer", text: "9223372036854775807" }, { ...base, type: "integer", badge: "int", text: "9223372036854775807" }],
    [{ type: "text", text: long }, { ...base, type: "text", badge: "text", text: long, head: "é".repeat(60) + "…", size: "121 characters" }],
    [{ type: "blob", text: "00".repeat(60) }, { ...base, type: "blob", badge: "blob", text: "x'" + "00".repeat(60) + "'", head: "x'" + "0".repeat(58) + "…", size: "60 bytes" }],
    [{ type: "text", text: "é".repeat(LONG_VALUE) }, { ...base, type: "text", badge: "text", text: "é".repeat(LONG_VALUE) }],
  ];
  for (const [v, want] of cases) assert.deepEqual(cellView(v), want, JSON.stringify(v).slice(0, 60));
});

test("checks words verdicts as internal/render's newChecks", () => {
  const implicitOK = { kind: "error", want: "ok", got: "ok", ok: true, implicit: true };
  const texts = (r) => r.views.map((v) => v.text);
  let r = checks([implicitOK]);
  assert.equal(r.verdict, "ok");
  assert.deepEqual(texts(r), []);
  r = checks([implicitOK, { kind: "rowCount", want: "2", got: "2", ok: true }]);
  assert.equal(r.verdict, "met");
  assert.deepEqual(texts(r), ["rows=2"]);
  r = checks([{ kind: "busy", want: "5000", got: "none", ok: false, line: 9 }]);
  assert.equal(r.verdict, "failed");
  assert.equal(r.text, "✗ 1 check failed");
  assert.deepEqual(texts(r), ["busy=5000, got none (line 9)"]);
  r = checks([{ kind: "error", want: "ok", got: "SQLITE_BUSY", ok: false, implicit: true }]);
  assert.deepEqual(texts(r), ["expected no error, got SQLITE_BUSY"]);
  r = checks([{ kind: "rows", want: "1", got: "1", ok: true }, { kind: "rows", want: "1", got: "", ok: false, line: 4 }]);
  assert.deepEqual(texts(r), ["rows as listed", "rows differ (line 4)"]);
  assert.equal(r.views[1].got, "(no rows)");
});

test("busyLine matches internal/report.BusyLine", () => {
  assert.equal(busyLine({ timeoutMs: 5000, waitedMs: 5000 }), "waited 5000 ms (virtual), then SQLITE_BUSY");
  assert.equal(busyLine({ timeoutMs: 0, waitedMs: 0 }), "no busy timeout set: failed at once");
  assert.match(busyLine({ timeoutMs: 5000, waitedMs: 0, refused: true }), /^refused at once: /);
});

test("cursorAction, literal, plural", () => {
  assert.equal(cursorAction("open", "it", 2), "open cursor it, fetch 2 rows");
  assert.equal(cursorAction("open", "it", undefined), "open cursor it, fetch 0 rows");
  assert.equal(cursorAction("fetch", "it", -1), "fetch all rows from cursor it");
  assert.equal(cursorAction("fetch", "it", 1), "fetch 1 row from cursor it");
  assert.equal(cursorAction("close", "it", 0), "close cursor it");
  assert.equal(cursorAction("exec", "", 0), "");
  assert.equal(literal({ type: "text", text: "it's" }), "'it''s'");
  assert.equal(literal({ type: "blob", text: "00" }), "x'00'");
  assert.equal(literal({ type: "null", text: "" }), "NULL");
  assert.equal(literal({ type: "real", text: "1.0" }), "1.0");
  assert.equal(plural(1, "row"), "1 row");
  assert.equal(plural(0, "row"), "0 rows");
});

test("groupByTopic orders as internal/render", () => {
  const topics = (ts) => groupByTopic(ts.map((t, i) => ({ id: String(i), meta: { topic: t } }))).map((g) => g.topic);
  assert.deepEqual(topics(["types", "text", "schema", "numbers", "transactions"]), ["text", "numbers", "transactions", "schema", "types"]);
  assert.deepEqual(topics(["", "zebra", "text", "apple"]), ["text", "apple", "zebra", ""]);
  assert.deepEqual(topics([" Text", "text"]), ["text"]);
  assert.equal(groupByTopic([{ id: "x", meta: { topic: "" } }])[0].anchor, "topic-other");
});

test("caretIndex turns the parser's byte columns into textarea positions", async () => {
  const { caretIndex } = await import("../chrome.js");
  const text = "ab\nxé€😀z\nlast";
  assert.equal(caretIndex(text, 1, 1), 0);
  assert.equal(caretIndex(text, 2, 1), 3);
  assert.equal(caretIndex(text, 2, 2), 4); // é
  assert.equal(caretIndex(text, 2, 4), 5); // € (é is 2 bytes)
  assert.equal(caretIndex(text, 2, 7), 6); // 😀 (€ is 3 bytes)
  assert.equal(caretIndex(text, 2, 11), 8); // z (😀 is 4 bytes, 2 UTF-16 units)
  assert.equal(caretIndex(text, 3, 99), text.length);
  assert.equal(caretIndex(text, 99, 1), text.length);
});

test("neighbors follows the gallery's order, as internal/render's TestPager", () => {
  const e = (id, topic) => ({ id, meta: { title: id.toUpperCase(), topic } });
  const entries = [e("a", "numbers"), e("b", "text"), e("c", ""), e("d", "text")];
  const ids = (n) => [n.prev ? n.prev.id : "", n.next ? n.next.id : ""];
  assert.deepEqual(ids(neighbors("b", entries)), ["", "d"]);
  assert.deepEqual(ids(neighbors("d", entries)), ["b", "a"]);
  assert.deepEqual(ids(neighbors("a", entries)), ["d", "c"]);
  assert.deepEqual(ids(neighbors("c", entries)), ["a", ""]);
  assert.equal(neighbors("missing", entries), null);
});

test("topicAnchor keeps [a-z0-9-] only, as internal/render's topicAnchor", () => {
  assert.equal(topicAnchor(""), "topic-other");
  assert.equal(topicAnchor("text"), "topic-text");
  assert.equal(topicAnchor("a b\"é"), "topic-a-b--");
});
