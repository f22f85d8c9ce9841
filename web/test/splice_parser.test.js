// splice.js against the real scenario parser: the Go parser compiled to
// WebAssembly (the same module the page runs), through play, the module's
// one way in from a source. Every step of every built-in scenario gets
// random SQL spliced in; parsing the result must give back exactly that SQL
// for that step and leave every other step as it was.
//
// The module is built with the Go toolchain unless DBQUIRKS_WASM names one.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spliceStepSQL, shiftLines, normalize } from "../splice.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let api;

before(async () => {
  let wasm = process.env.DBQUIRKS_WASM;
  if (!wasm) {
    wasm = join(mkdtempSync(join(tmpdir(), "dbquirks-splice-")), "dbquirks.wasm");
    execFileSync("go", ["build", "-o", wasm, "./wasm"], { cwd: root, env: { ...process.env, GOOS: "js", GOARCH: "wasm" }, stdio: "inherit" });
  }
  const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
  await import(join(goroot, "lib", "wasm", "wasm_exec.js"));
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), go.importObject);
  go.run(instance);
  api = globalThis.dbquirks;
  assert.ok(api && typeof api.play === "function", "the module put dbquirks.play on globalThis");
});

/** parse is the document play reads from source; it throws the mistakes. */
async function parse(source, id) {
  const p = await api.play(source, id, "/");
  if (!p.document) throw new Error(p.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join("; "));
  return p.document;
}

// A small deterministic generator (xorshift), so a failure repeats.
function rng(seed) {
  let x = seed || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const pieces = ["SELECT 1", "```", "````", "~~~", "  ```", "   ~~~~ ", "", " ", "\t-- tab", "    indented",
  "'quote''s'", "x'00'", "-- ```sql", "<img src=x onerror=alert(1)>", "é ünï", "\r", "a\rb", "```sql", "---", "SELECT '\\n'"];

function randomSQL(r) {
  const n = 1 + Math.floor(r() * 6);
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(pieces[Math.floor(r() * pieces.length)]);
  let s = lines.join(r() < 0.2 ? "\r\n" : "\n");
  if (!/\S/.test(s.replace(/[`~]/g, ""))) s += "\nSELECT 2"; // a step needs some SQL
  if (r() < 0.2) s += "\n\n";
  return s;
}

function scenarioFiles() {
  const dir = join(root, "scenarios");
  return readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md").map((f) => join(dir, f));
}

test("spliced SQL parses back exactly, other steps unchanged", async () => {
  const files = scenarioFiles();
  assert.ok(files.length > 0, "no scenarios found");
  const r = rng(20261121);
  let checked = 0;
  for (const file of files) {
    const id = file.split("/").pop().replace(/\.md$/, "");
    const source = readFileSync(file, "utf8");
    const doc = await parse(source, id);
    for (const st of doc.steps) {
      if (!st.sql) continue; // cursor fetch/close steps have no SQL to edit
      for (let k = 0; k < 4; k++) {
        const sql = randomSQL(r);
        const { source: out, delta } = spliceStepSQL(source, st.line, sql);
        let got;
        try {
          got = await parse(out, id);
        } catch (e) {
          assert.fail(`${id} step ${st.index} with ${JSON.stringify(sql)}: ${e.message}\n${out}`);
        }
        const where = `${id} step ${st.index}, SQL ${JSON.stringify(sql)}`;
        assert.equal(got.steps.length, doc.steps.length, where);
        // normalize is what the page takes the step's SQL to be now.
        assert.equal(got.steps[st.index - 1].sql, normalize(sql), where);
        const wantLines = shiftLines(doc.steps.map((s) => s.line), st.line, delta);
        got.steps.forEach((s, i) => {
          assert.equal(s.line, wantLines[i], `${where}: line of step ${i + 1}`);
          assert.equal(s.info, doc.steps[i].info, `${where}: options of step ${i + 1}`);
          if (i !== st.index - 1) assert.equal(s.sql, doc.steps[i].sql, `${where}: SQL of step ${i + 1}`);
          assert.equal(s.explanationHtml, doc.steps[i].explanationHtml, `${where}: prose of step ${i + 1}`);
        });
        assert.equal(got.epilogueHtml, doc.epilogueHtml, where);
        checked++;
      }
    }
  }
  assert.ok(checked > 50, `only ${checked} splices checked`);
});
