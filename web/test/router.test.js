// router.js: when a page starts its engine. Embeds wait for Run unless
// &boot= says otherwise, and an embed of a link (#v1.…) waits like any
// other: a page of ten <pre data-dbquirks> blocks must not start ten engines.
import { test } from "node:test";
import assert from "node:assert/strict";

globalThis.window = { self: 1, top: 1 }; // not framed
const { pageOptions, startsAt } = await import("../router.js");

test("startsAt: full pages at once, embeds as their boot says, links included", () => {
  const at = (search, hash = "") => startsAt(pageOptions(/** @type {any} */ ({ search, hash })));
  const cases = [
    ["", "", "load"],
    ["", "#v1.abc", "load"], // a full page opens its link at once
    ["?embed=1", "", "run"],
    ["?embed=1&frame=f1", "#v1.abc", "run"], // a <pre data-dbquirks> frame
    ["?embed=1&boot=visible", "#v1.abc", "visible"],
    ["?embed=1&boot=load", "#v1.abc", "load"],
    ["?embed=1&boot=bogus", "#v1.abc", "run"],
    ["?embed=0", "#v1.abc", "load"],
  ];
  for (const [search, hash, want] of cases) assert.equal(at(search, hash), want, search + hash);
});

test("startsAt: a framed page is an embed even without ?embed=1", () => {
  globalThis.window = { self: 1, top: 2 };
  assert.equal(startsAt(pageOptions(/** @type {any} */ ({ search: "", hash: "#v1.abc" }))), "run");
  globalThis.window = { self: 1, top: 1 };
});
