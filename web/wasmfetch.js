// wasmfetch.js: reading the engine's module with a count of the bytes so
// far, for the page (engine.js) and for a shared worker, which downloads the
// module itself (worker.js). Nothing here may need a document: it runs in
// workers too.

/**
 * streams reports whether a response can go to WebAssembly.compileStreaming:
 * the host serves it as application/wasm and the browser can.
 * @param {Response} resp
 */
export function streams(resp) {
  const type = (resp.headers.get("content-type") || "").split(";")[0].trim();
  return type === "application/wasm" && typeof WebAssembly.compileStreaming === "function";
}

/**
 * readBody reads a response's body to the end, calling progress with the
 * bytes read so far after each chunk. It returns the bytes, or with keep
 * false only counts them (a clone read beside compileStreaming) and
 * returns null.
 * @param {Response} resp
 * @param {(loaded: number) => void} progress
 * @param {boolean} [keep]
 * @returns {Promise<Uint8Array|null>}
 */
export async function readBody(resp, progress, keep = true) {
  if (!resp.body) {
    const all = new Uint8Array(await resp.arrayBuffer());
    return keep ? all : null;
  }
  const reader = resp.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (keep) chunks.push(value);
    loaded += value.byteLength;
    progress(loaded);
  }
  if (!keep) return null;
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
