import { test } from "node:test";
import assert from "node:assert/strict";
import { plainTitle, isolatedTitle } from "../bidi.js";

test("a title's bidi controls never leave it", () => {
  const cases = [
    { title: "Invoice \u202Efdp.exe\u202C", plain: "Invoice fdp.exe" },
    { title: "\u2067x\u2069 \u200F\u200E\u061C\u202A\u202B\u202D\u2066\u2068y", plain: "x y" },
    { title: "שלום world", plain: "שלום world" },
  ];
  for (const c of cases) {
    assert.equal(plainTitle(c.title), c.plain);
    assert.equal(isolatedTitle(c.title), "\u2068" + c.plain + "\u2069");
  }
});
