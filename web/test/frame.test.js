// frame.js accepts only well-formed messages from window.parent.
import { test } from "node:test";
import assert from "node:assert/strict";

// A window with a parent, enough for FrameLink.
const listeners = [];
const sent = [];
const parent = { postMessage: (m, origin) => sent.push({ m, origin }) };
globalThis.window = { parent, addEventListener: (type, fn) => type === "message" && listeners.push(fn) };
globalThis.document = { body: { getBoundingClientRect: () => ({ height: 100.2 }) }, querySelector: () => null };
const { FrameLink } = await import("../frame.js");

test("only well-formed messages from the parent are acted on", () => {
  const got = [];
  new FrameLink("a", { run: () => got.push("run"), load: (s) => got.push("load:" + s) });
  const deliver = (data, source = parent) => listeners.forEach((fn) => fn({ data, source }));
  const msg = (extra) => ({ ns: "dbquirks", v: 1, frame: "a", ...extra });

  deliver(msg({ type: "run" }), { postMessage() {} }); // a sibling frame
  deliver({ ...msg({ type: "run" }), ns: "other" });
  deliver({ ...msg({ type: "run" }), v: 2 });
  deliver(msg({ type: "run", frame: "b" }));
  deliver(msg({ type: "eval", code: "alert(1)" }));
  deliver(msg({ type: "load", source: 42 }));
  deliver(msg({ type: "load", source: "x".repeat(64 * 1024 + 1) }));
  deliver("run");
  deliver(null);
  assert.deepEqual(got, []);

  deliver(msg({ type: "run" }));
  deliver({ ns: "dbquirks", v: 1, type: "run" }); // no frame id: meant for this frame
  deliver(msg({ type: "load", source: "SELECT 1" }));
  assert.deepEqual(got, ["run", "run", "load:SELECT 1"]);
});

test("ready once the scenario is shown, then resize only when the height changes", () => {
  sent.length = 0;
  const f = new FrameLink("z", { run() {}, load() {} });
  f.resized(); // an empty shell: its height means nothing to the host
  f.show();
  f.show();
  f.resized();
  globalThis.document.body.getBoundingClientRect = () => ({ height: 50 });
  f.resized();
  f.result({ failures: 2, steps: [{}, { skipped: true }], stopped: { reason: "cancelled" } });
  assert.deepEqual(sent.map((s) => s.m), [
    { ns: "dbquirks", v: 1, type: "ready", frame: "z", height: 101, scenario: "" },
    { ns: "dbquirks", v: 1, type: "resize", frame: "z", height: 50 },
    { ns: "dbquirks", v: 1, type: "result", frame: "z", failures: 2, steps: 1, stopped: "cancelled" },
  ]);
});

test("a change of the page is reported without waiting for rendering", () => {
  // A browser renders no off-screen cross-origin frame, so no
  // ResizeObserver fires there; a MutationObserver does.
  const observers = [];
  globalThis.window.MutationObserver = class {
    constructor(fn) { observers.push(fn); }
    observe() {}
  };
  globalThis.MutationObserver = globalThis.window.MutationObserver;
  try {
    sent.length = 0;
    globalThis.document.body.getBoundingClientRect = () => ({ height: 261 });
    const f = new FrameLink("m", { run() {}, load() {} });
    f.show();
    globalThis.document.body.getBoundingClientRect = () => ({ height: 281.5 });
    observers.forEach((fn) => fn([]));
    assert.deepEqual(sent.map((s) => [s.m.type, s.m.height]), [["ready", 261], ["resize", 282]]);
  } finally {
    delete globalThis.window.MutationObserver;
    delete globalThis.MutationObserver;
  }
});

test("a run without results still gets a result, saying why", () => {
  sent.length = 0;
  const f = new FrameLink("c", { run() {}, load() {} });
  f.ended("crash");
  assert.deepEqual(sent.map((s) => s.m), [{ ns: "dbquirks", v: 1, type: "result", frame: "c", failures: 0, steps: 0, stopped: "crash" }]);
});
