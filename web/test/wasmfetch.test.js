// Unit tests of wasmfetch.js: node --test web/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readBody, streams } from "../wasmfetch.js";

/** chunked is a response whose body arrives in the given chunks. */
function chunked(parts, headers = {}) {
  const body = new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(new Uint8Array(p));
      c.close();
    },
  });
  return new Response(body, { headers });
}

test("readBody joins the chunks and counts them as they come", async () => {
  const seen = [];
  const bytes = await readBody(chunked([[1, 2], [3], [4, 5, 6]]), (n) => seen.push(n));
  assert.deepEqual([...bytes], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(seen, [2, 3, 6]);
});

test("readBody only counts when the bytes are not kept", async () => {
  const seen = [];
  assert.equal(await readBody(chunked([[1, 2], [3]]), (n) => seen.push(n), false), null);
  assert.deepEqual(seen, [2, 3]);
});

test("readBody reads an empty body", async () => {
  assert.deepEqual([...await readBody(new Response(null), () => assert.fail("no chunk to count"))], []);
});

test("streams needs the wasm type", () => {
  assert.equal(streams(new Response("", { headers: { "content-type": "application/wasm; charset=binary" } })), true);
  assert.equal(streams(new Response("", { headers: { "content-type": "application/octet-stream" } })), false);
  assert.equal(streams(new Response("")), false);
});
