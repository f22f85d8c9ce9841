// Unit tests of splice.js: node --test web/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { spliceStepSQL, shiftLines, normalize } from "../splice.js";

const src = [
  "---", "title: t", "---", "", "Intro.", "",
  "```sql rows=1", "SELECT 1", "```", "", "Then:", "",
  "~~~~sql conn=other", "SELECT 2;", "SELECT 3", "~~~~", "",
].join("\n");

const cases = [
  { name: "one line for one line", line: 7, sql: "SELECT 42",
    want: src.replace("SELECT 1\n", "SELECT 42\n"), delta: 0 },
  { name: "more lines", line: 7, sql: "SELECT 1;\nSELECT 2;",
    want: src.replace("SELECT 1\n", "SELECT 1;\nSELECT 2;\n"), delta: 1 },
  { name: "fewer lines in a tilde fence", line: 13, sql: "SELECT 4",
    want: src.replace("SELECT 2;\nSELECT 3\n", "SELECT 4\n"), delta: -1 },
  { name: "trailing line breaks dropped, CRLF typed", line: 7, sql: "SELECT\r\n  1\r\n\n\n",
    want: src.replace("SELECT 1\n", "SELECT\n  1\n"), delta: 1 },
  { name: "empty SQL leaves an empty block", line: 7, sql: "",
    want: src.replace("```sql rows=1\nSELECT 1\n```", "```sql rows=1\n```"), delta: -1 },
  { name: "a fence inside the SQL lengthens the fence", line: 7, sql: "SELECT '\n```\n'",
    want: src.replace("```sql rows=1\nSELECT 1\n```", "````sql rows=1\nSELECT '\n```\n'\n````"), delta: 2 },
  { name: "a longer fence inside", line: 7, sql: "-- x\n  `````  ",
    want: src.replace("```sql rows=1\nSELECT 1\n```", "``````sql rows=1\n-- x\n  `````  \n``````"), delta: 1 },
  { name: "backticks in a tilde fence need nothing", line: 13, sql: "```",
    want: src.replace("SELECT 2;\nSELECT 3\n", "```\n"), delta: -1 },
  { name: "blank lines inside kept", line: 7, sql: "SELECT 1;\n\nSELECT 2",
    want: src.replace("SELECT 1\n", "SELECT 1;\n\nSELECT 2\n"), delta: 2 },
];

for (const c of cases) {
  test(c.name, () => {
    const got = spliceStepSQL(src, c.line, c.sql);
    assert.equal(got.source, c.want);
    assert.equal(got.delta, c.delta);
  });
}

test("an indented fence indents its content", () => {
  const s = "  ```sql\n  SELECT 1\n  ```\n";
  assert.deepEqual(spliceStepSQL(s, 1, "SELECT\n    2\n\nx"), { source: "  ```sql\n  SELECT\n      2\n\n  x\n  ```\n", delta: 3 });
});

test("CRLF sources keep CRLF", () => {
  const s = "a\r\n```sql\r\nSELECT 1\r\n```\r\nb\r\n";
  assert.deepEqual(spliceStepSQL(s, 2, "SELECT 1;\nSELECT 2"), { source: "a\r\n```sql\r\nSELECT 1;\r\nSELECT 2\r\n```\r\nb\r\n", delta: 1 });
});

test("an unclosed block at the end gets closed", () => {
  assert.deepEqual(spliceStepSQL("x\n```sql\nSELECT 1\n", 2, "SELECT 2"), { source: "x\n```sql\nSELECT 2\n```\n", delta: 1 });
  assert.deepEqual(spliceStepSQL("```sql\nSELECT 1", 1, "SELECT 2\nSELECT 3"), { source: "```sql\nSELECT 2\nSELECT 3\n```", delta: 2 });
});

test("a closing fence needs at least the opening's length", () => {
  const s = "````sql\nSELECT 1\n```\n````\nafter\n";
  assert.equal(spliceStepSQL(s, 1, "SELECT 2").source, "````sql\nSELECT 2\n````\nafter\n");
});

test("a closing fence may be indented up to three spaces, not four", () => {
  assert.equal(spliceStepSQL("```sql\nA\n   ```\nz", 1, "B").source, "```sql\nB\n   ```\nz");
  assert.equal(spliceStepSQL("```sql\nA\n    ```\n```\nz", 1, "B").source, "```sql\nB\n```\nz");
});

test("refuses a line that is not a sql fence", () => {
  for (const line of [0, 1, 5, 8, 99]) {
    assert.throws(() => spliceStepSQL(src, line, "x"), /not the opening fence of a sql step/);
  }
  assert.throws(() => spliceStepSQL("```sqlite\nx\n```", 1, "y"), /not the opening fence/);
  assert.throws(() => spliceStepSQL("    ```sql\nx\n```", 1, "y"), /not the opening fence/);
});

test("the text outside the block is untouched", () => {
  const got = spliceStepSQL(src, 13, "SELECT 9").source;
  assert.equal(got.slice(0, src.indexOf("~~~~sql")), src.slice(0, src.indexOf("~~~~sql")));
  assert.ok(got.endsWith("~~~~\n"));
});

test("shiftLines moves only later steps", () => {
  assert.deepEqual(shiftLines([7, 13, 20], 7, 2), [7, 15, 22]);
  assert.deepEqual(shiftLines([7, 13, 20], 13, -1), [7, 13, 19]);
});

test("normalize reads line breaks as the parser does", () => {
  assert.equal(normalize("SELECT 1\r\nFROM t\rWHERE x\n\n\n"), "SELECT 1\nFROM t\nWHERE x");
  assert.equal(normalize("\n\nSELECT 1"), "\n\nSELECT 1");
  assert.equal(normalize("\n"), "");
});
