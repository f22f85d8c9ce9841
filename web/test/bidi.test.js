import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { plainTitle, isolatedTitle } from "../bidi.js";

// The cases internal/report's test reads too: the page strips exactly the
// characters the Go side (report.PlainTitle) strips.
const cases = JSON.parse(readFileSync(new URL("../../internal/report/testdata/bidi-titles.json", import.meta.url), "utf8"));

test("a title's bidi controls never leave it", () => {
  assert.ok(cases.length > 0);
  for (const c of cases) {
    assert.equal(plainTitle(c.title), c.plain, c.name);
    assert.equal(isolatedTitle(c.title), "\u2068" + c.plain + "\u2069", c.name);
  }
});
