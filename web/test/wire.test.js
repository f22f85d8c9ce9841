// wire.js: one wire version, and what the page says when another speaks a different one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WIRE_VERSION, versionProblem } from "../wire.js";

test("versionProblem: nothing to say for this page's version", () => {
  assert.equal(versionProblem(WIRE_VERSION, "the engine it loaded"), "");
});

test("versionProblem names both versions and which side is older", () => {
  const cases = [
    [WIRE_VERSION + 1, `This page is older than the engine it loaded (wire version ${WIRE_VERSION + 1}, page ${WIRE_VERSION}): reload the page.`],
    [WIRE_VERSION - 1, `This page is newer than the engine it loaded (wire version ${WIRE_VERSION - 1}, page ${WIRE_VERSION}): reload the page.`],
    [undefined, `This page is newer than the engine it loaded (wire version unknown, page ${WIRE_VERSION}): reload the page.`],
    [String(WIRE_VERSION), `This page is newer than the engine it loaded (wire version unknown, page ${WIRE_VERSION}): reload the page.`],
  ];
  for (const [v, want] of cases) assert.equal(versionProblem(v, "the engine it loaded"), want, String(v));
});
