// session.js: the scenario's state on the page, and what each change tells
// the views.
import { test } from "node:test";
import assert from "node:assert/strict";

// Storage for drafts (storage.js reads window.localStorage).
const stored = new Map();
globalThis.window = /** @type {any} */ ({
  localStorage: {
    getItem: (k) => (stored.has(k) ? stored.get(k) : null),
    setItem: (k, v) => stored.set(k, String(v)),
    removeItem: (k) => stored.delete(k),
  },
});
const { Session, CUSTOM, placeholder } = await import("../session.js");
const { sameStructure, staleSteps, editedSteps } = await import("../marks.js");

const source = ["---", "title: T", "---", "", "```sql", "SELECT 1", "```", "", "```sql", "SELECT 2", "```", ""].join("\n");
const doc = (src = source, steps = [{ line: 5, sql: "SELECT 1" }, { line: 9, sql: "SELECT 2" }]) => ({
  id: "t", source: src, epilogueHtml: "", shape: "shape-of-t",
  meta: { ...placeholder().meta, title: "T" },
  steps: steps.map((s, i) => ({ index: i + 1, line: s.line, conn: "main", kind: "exec", sql: s.sql, explanationHtml: "" })),
});
const transcript = (sqls) => ({ steps: sqls.map((sql, i) => ({ index: i + 1, sql })), failures: 0 });
let runs = 0;
/** play is what the engine's play returns for a document and its transcript. */
const play = (d, t) => ({
  run: ++runs, document: d, transcript: t, diagnostics: [], digest: "digest" + runs,
  html: { article: `<article data-run="${runs}"></article>`, steps: (d.steps || []).map((x) => ({ index: x.index, result: `<p>${x.sql}</p>` })), summary: "<p>run</p>" },
});

/** open makes a session and records what each change told the listeners. */
function open(persist = false, id = "t") {
  stored.clear();
  const s = new Session({ id, document: doc(), transcript: transcript(["SELECT 1", "SELECT 2"]), digest: "baked" }, { persist, html: "<article>baked</article>" });
  const told = [];
  s.subscribe((changes) => told.push([...changes].sort().join(",")));
  return { s, told };
}

test("the state is frozen: only the session's methods change it", () => {
  const { s } = open();
  assert.throws(() => {
    /** @type {any} */ (s.state).source = "x";
  }, TypeError);
  assert.equal(s.state.source, source);
});

test("editStep splices the SQL, shifts later steps and marks them stale", () => {
  const { s, told } = open();
  s.editStep(1, "SELECT 1;\nSELECT 11");
  assert.equal(s.state.source, source.replace("SELECT 1\n", "SELECT 1;\nSELECT 11\n"));
  assert.deepEqual(s.state.doc.steps?.map((x) => [x.line, x.sql]), [[5, "SELECT 1;\nSELECT 11"], [10, "SELECT 2"]]);
  assert.ok(s.known, "step edits keep the steps known");
  assert.deepEqual([...staleSteps(s.state, s.known)], [1]);
  assert.deepEqual([...editedSteps(s.state)], [1]);
  assert.deepEqual(told, ["notices,source"]);
  assert.ok(s.edited);
  assert.ok(!s.resultsFresh);
});

test("a step edit that cannot be placed leaves the source and says so", () => {
  const { s } = open();
  s.editSource(source.replace("```sql\nSELECT 1", "SELECT 1")); // step 1's fence is gone
  s.showRun(s.state.source, play(doc(s.state.source, [{ line: 5, sql: "SELECT 1" }, { line: 9, sql: "SELECT 2" }]), transcript(["SELECT 2"])));
  const before = s.state.source;
  s.editStep(1, "SELECT 3");
  assert.equal(s.state.source, before);
  assert.match(s.state.notices.at(-1)?.text || "", /could not be placed/);
});

test("editSource makes the steps unknown: all stale, editStep refused", () => {
  const { s } = open();
  s.editSource(source + "\nMore prose.\n");
  assert.ok(!s.known);
  assert.deepEqual([...staleSteps(s.state, s.known)], [1, 2]);
  const src = s.state.source;
  s.editStep(1, "SELECT 9");
  assert.equal(s.state.source, src);
});

test("showRun: the same steps change results only; other steps the article", () => {
  const { s, told } = open();
  assert.deepEqual(s.state.article, { html: "<article>baked</article>", baked: true });
  const baked = s.state.article;
  s.showRun(source, play(doc(), transcript(["SELECT 1", "SELECT 2"])));
  assert.equal(s.state.resultKind, "live");
  assert.ok(s.resultsFresh);
  assert.equal(s.state.article, baked, "the article stays");
  assert.deepEqual(s.state.results?.steps.map((x) => x.result), ["<p>SELECT 1</p>", "<p>SELECT 2</p>"]);
  assert.equal(s.state.run, runs);
  assert.equal(s.state.digest, "digest" + runs);
  const more = source + "\n```sql\nSELECT 3\n```\n";
  s.editSource(more);
  s.showRun(more, play(doc(more, [{ line: 5, sql: "SELECT 1" }, { line: 9, sql: "SELECT 2" }, { line: 14, sql: "SELECT 3" }]), transcript(["SELECT 1", "SELECT 2", "SELECT 3"])));
  assert.equal(s.state.doc.steps?.length, 3);
  assert.ok(s.known);
  assert.deepEqual(s.state.article, { html: `<article data-run="${runs}"></article>`, baked: false });
  assert.equal(s.state.results, null, "the new article holds its results");
  assert.deepEqual(told, ["results", "notices,source", "document"]);
});

test("showRun without an article (the engine was told its shape) changes results only", () => {
  const { s, told } = open();
  const baked = s.state.article;
  s.editSource(source + "\nMore prose.\n"); // the steps are unknown now
  const ran = s.state.source;
  s.editSource(ran + "\nstill typing\n");
  const p = play(doc(ran), transcript(["SELECT 1", "SELECT 2"]));
  s.showRun(ran, { ...p, html: { ...p.html, article: "" } });
  assert.equal(s.state.article, baked, "the article stays");
  assert.equal(told.at(-1), "results");
});

test("an edited step's document has no shape: the engine draws its article again", () => {
  const { s } = open();
  assert.equal(s.state.doc.shape, "shape-of-t");
  s.editStep(1, "SELECT 5");
  assert.equal(s.state.doc.shape, undefined);
});

test("showRun while the person typed keeps their text; results only, marked stale", () => {
  const { s, told } = open();
  const ran = s.state.source;
  s.editStep(2, "SELECT 'typed during the run'");
  s.showRun(ran, play(doc(), transcript(["SELECT 1", "SELECT 2"])));
  assert.match(s.state.source, /typed during the run/);
  assert.equal(s.state.doc.steps?.[1].sql, "SELECT 'typed during the run'");
  assert.equal(told.at(-1), "results");
  assert.ok(!s.resultsFresh);
  assert.deepEqual([...staleSteps(s.state, s.known)], [2]);
});

test("showRun after a source edit made during the run draws the run's article, still unknown", () => {
  const { s, told } = open();
  s.editSource(source + "\n```sql\nSELECT 3\n```\n");
  const ran = s.state.source;
  s.editSource(ran + "\nstill typing\n");
  s.showRun(ran, play(doc(ran, [{ line: 5, sql: "SELECT 1" }, { line: 9, sql: "SELECT 2" }, { line: 14, sql: "SELECT 3" }]), transcript(["SELECT 1", "SELECT 2", "SELECT 3"])));
  assert.equal(told.at(-1), "document");
  assert.equal(s.state.doc.steps?.length, 3);
  assert.ok(!s.known, "the steps are the run's, not the source's");
});

test("reset draws the baked article again, with the baked results' digest and no run", () => {
  const { s, told } = open();
  s.editStep(1, "SELECT 5");
  s.showRun(s.state.source, play(s.state.doc, transcript(["SELECT 5", "SELECT 2"])));
  s.reset();
  assert.deepEqual(s.state.article, { html: "<article>baked</article>", baked: false });
  assert.equal(s.state.run, null);
  assert.equal(s.state.digest, "baked");
  assert.equal(s.state.resultKind, "prerendered");
  assert.equal(told.at(-1), "document,notices,source");
});

test("a custom scenario's first run is what reset returns to", () => {
  const s = new Session({ id: CUSTOM, document: placeholder(), transcript: null }, { persist: false });
  assert.equal(s.state.article.html, null);
  s.openShared({ source, base: "", engine: "", digest: "" });
  const first = play(doc(), transcript(["SELECT 1", "SELECT 2"]));
  s.showRun(source, first);
  assert.equal(s.state.original.html, first.html.article);
  s.editStep(1, "SELECT 7");
  s.reset();
  assert.equal(s.state.article.html, first.html.article);
  assert.equal(s.state.source, source);
});

test("setRun records a new handle for the results shown", () => {
  const { s } = open();
  s.setRun(42);
  assert.equal(s.state.run, 42);
});

test("drafts: saved as edited, restored by a new session, discarded by reset", () => {
  const { s } = open(true);
  s.editStep(2, "SELECT 'draft'");
  const key = "dbquirks:draft:t";
  assert.match(stored.get(key) || "", /SELECT 'draft'/);

  const again = new Session({ id: "t", document: doc(), transcript: null }, { persist: true });
  again.restoreDraft();
  assert.equal(again.state.source, s.state.source);
  assert.equal(again.state.doc.steps?.[1].sql, "SELECT 'draft'");
  assert.ok(again.known, "a draft of step edits shows its steps at once");
  assert.deepEqual(again.state.notices.map((n) => n.kind), ["draft"]);

  again.reset();
  assert.equal(again.state.source, source);
  assert.equal(stored.has(key), false);
  assert.deepEqual(again.state.notices, []);
});

test("drafts: back to the original text, the draft is discarded", () => {
  const { s } = open(true);
  s.editStep(1, "SELECT 5");
  assert.ok(stored.has("dbquirks:draft:t"));
  s.editStep(1, "SELECT 1");
  assert.ok(!stored.has("dbquirks:draft:t"));
  assert.ok(!s.edited);
});

test("embeds keep no drafts", () => {
  const { s } = open(false);
  s.editStep(1, "SELECT 5");
  assert.equal(stored.size, 0);
});

test("openShared shows the link's source and says where it came from", () => {
  const { s, told } = open(true);
  const shared = source.replace("SELECT 2", "SELECT 'shared'");
  s.openShared({ source: shared, base: "t", engine: "0.0.9", digest: "" });
  assert.equal(s.state.source, shared);
  assert.ok(!s.known, "the link's steps are shown once it runs");
  assert.equal(s.state.shared?.engine, "0.0.9");
  const n = s.state.notices.find((x) => x.kind === "shared");
  assert.match(n?.text || "", /An edited version of “\u2068T\u2069”.*made with engine 0\.0\.9/);
  assert.equal(stored.size, 0, "opening a link saves nothing: its text is what a draft of it is an edit of");
  assert.equal(told.at(-1), "document,link,notices,source");
});

test("the drafts of linked scenarios are named by their content, apart from each other and the original's", () => {
  const { s } = open(true);
  s.editStep(2, "SELECT 'edit of the original'");
  const a = source.replace("SELECT 2", "SELECT 'link A'");
  const b = source.replace("SELECT 2", "SELECT 'link B'");
  const linked = (src) => {
    const x = new Session({ id: CUSTOM, document: placeholder(), transcript: null }, { persist: true });
    x.openShared({ source: src, base: "", engine: "", digest: "" });
    return { x, held: x.restoreDraft() };
  };
  const { x: tabA } = linked(a);
  tabA.editSource(a + "\nEdited link A.\n");
  const { x: tabB } = linked(b);
  assert.equal(tabB.state.source, b, "link B shows its own text, not link A's draft");
  assert.ok(!tabB.state.notices.some((n) => n.kind === "draft"));
  tabB.editSource(b + "\nEdited link B.\n");
  const { x: again } = linked(a);
  assert.equal(again.state.source, a + "\nEdited link A.\n", "link A's edits survive opening link B");
  assert.ok(again.state.notices.some((n) => n.kind === "draft"));
  assert.match(stored.get("dbquirks:draft:t") || "", /edit of the original/, "the original's draft is untouched");
  assert.equal([...stored.keys()].filter((k) => k.startsWith("dbquirks:draft:link:")).length, 2);
});

test("other tabs: an unedited tab shows the other's edit; two edits are never overwritten unseen", () => {
  stored.clear();
  const tab = () => {
    const x = new Session({ id: "t", document: doc(), transcript: null }, { persist: true });
    x.restoreDraft();
    return x;
  };
  const one = tab();
  const two = tab();
  one.editStep(2, "SELECT 'one'");
  two.otherTabChanged();
  assert.equal(two.state.source, one.state.source, "a tab without edits shows the other tab's");
  assert.ok(two.state.notices.some((n) => n.kind === "tabs"));
  two.editStep(2, "SELECT 'two, after one'");
  one.otherTabChanged();
  assert.equal(one.state.source, two.state.source, "an edit of exactly what this tab saved is taken");
  assert.ok(!one.state.tabConflict);

  // Both type before hearing of the other: neither edit is lost.
  one.editStep(2, "SELECT 'one again'");
  two.editStep(2, "SELECT 'two again'");
  assert.ok(two.state.tabConflict, "a save over a draft this tab has not seen is refused");
  assert.match(stored.get("dbquirks:draft:t") || "", /one again/);
  one.otherTabChanged();
  assert.ok(!one.state.tabConflict, "the draft did not change");
  two.keepThisTab();
  assert.match(stored.get("dbquirks:draft:t") || "", /two again/);
  one.otherTabChanged();
  assert.ok(one.state.tabConflict, "the tab whose edit was replaced is asked, not overwritten");
  assert.match(one.state.source, /one again/);
  one.editStep(2, "SELECT 'typed while asked'");
  assert.match(stored.get("dbquirks:draft:t") || "", /two again/, "nothing is saved until the person chooses");
  one.loadOtherTab();
  assert.equal(one.state.source, two.state.source);
  assert.ok(!one.state.tabConflict);
});

test("sharedChanges says which steps the link changed", () => {
  const { s } = open(true);
  s.openShared({ source: source.replace("SELECT 2", "SELECT 3"), base: "t", engine: "", digest: "" });
  const text = () => s.state.notices.find((x) => x.kind === "shared")?.text || "";
  s.sharedChanges([2]);
  assert.match(text(), /shared with a link: step 2 changed \(marked “edited”\)\. Reset returns/);
  s.sharedChanges([1, 2, 4]);
  assert.match(text(), /: 3 steps changed \(1, 2 and 4, marked “edited”\)/);
  s.sharedChanges([]);
  assert.doesNotMatch(text(), /changed/);
});

test("a custom scenario's link: the link is its original; a link that fails leaves nothing to run", () => {
  const s = new Session({ id: CUSTOM, document: placeholder(), transcript: null }, { persist: true });
  s.openShared({ source, base: "", engine: "", digest: "" });
  assert.equal(s.state.original.source, source);
  assert.ok(!s.edited);
  const failed = new Session({ id: CUSTOM, document: placeholder(), transcript: null }, { persist: false });
  failed.linkFailed();
  assert.ok(failed.state.failed);
  assert.equal(failed.state.doc.meta.title, "This link cannot be opened");
});

test("a pending link: load drops it with its notice; reset keeps it", () => {
  const { s } = open();
  s.awaitLink("v1.abc");
  assert.equal(s.state.pendingLink, "v1.abc");
  s.reset();
  assert.equal(s.state.pendingLink, "v1.abc", "reset does not drop a link not opened yet");
  s.load("```sql\nSELECT 'from the parent'\n```\n");
  assert.equal(s.state.pendingLink, null);
  assert.deepEqual(s.state.notices, []);
});

test("notices: one per kind, a replaced one last, dropped by kind", () => {
  const { s } = open();
  s.notice("a", "1");
  s.notice("b", "2");
  s.notice("a", "3");
  assert.deepEqual(s.state.notices, [{ kind: "b", text: "2" }, { kind: "a", text: "3" }]);
  s.dropNotice("b", "nothing");
  assert.deepEqual(s.state.notices.map((n) => n.kind), ["a"]);
});

test("setView back to the steps redraws them when the source was edited as a whole", () => {
  const { s, told } = open();
  s.setView("source");
  s.setView("steps");
  s.setView("source");
  s.editSource(source + "\n");
  s.setView("steps");
  assert.deepEqual(told, ["view", "view", "view", "notices,source", "document,view"]);
});

test("sameStructure compares what the steps on screen show", () => {
  assert.ok(sameStructure(doc(), doc()));
  assert.ok(!sameStructure(doc(), doc(source, [{ line: 5, sql: "SELECT 1" }, { line: 9, sql: "SELECT 3" }])));
  assert.ok(!sameStructure(doc(), doc(source, [{ line: 5, sql: "SELECT 1" }])));
  assert.ok(!sameStructure(doc(), { ...doc(), epilogueHtml: "<p>x</p>" }));
});
