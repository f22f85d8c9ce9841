// worker.js: the dbquirks engine (wasm/, Go compiled to WebAssembly) in a
// Web Worker, so that a long statement never freezes the page. It runs as a
// classic worker script (it needs importScripts for wasm_exec.js): the site
// build bundles it and what it imports into one (internal/site/bundle.go),
// so it may import modules but exports nothing.
//
// It runs as a dedicated Worker (a page) or as a SharedWorker (embeds: the
// frames of one page share one engine, which costs hundreds of MB each).
//
// Protocol (web/engine.js is the other side):
//   page -> worker  {id, op, args}
//     op "init"  args {module?: WebAssembly.Module, wasm?: URL, wasmBytes?, wasmExec: URL}
//                a dedicated worker gets the page's compiled module; a shared
//                one compiles from the URL itself (a Module cannot be sent
//                to another agent cluster), reporting progress
//                replies {version, engineVersion, functions}: the page checks
//                version against its own (web/wire.js)
//     any other op calls globalThis.dbquirks[op](...args): play (one per
//     Run), warmup, linkEncode, linkDecode, the exports, counters...
//     (wasm/main.go lists them); after answering a play, the worker calls
//     dbquirks.prepare itself (prepareSoon)
//   worker -> page  {id, ok: true, result, ms} | {id, ok: false, error}
//     ms: the time spent inside the Go function (make bench splits a Run with it)
//     error: {name, message}; name "UnknownRun" when an export names a run
//     the module no longer keeps
//   worker -> page  {type: "progress", loaded, total} while a shared worker downloads
//   worker -> pages {type: "exit", code, output} when the Go program ends
//     (a panic or fatal error: the pages restart it)

"use strict";

import { streams, readBody } from "./wasmfetch.js";

/** @type {any} */
let api = null;
/** @type {Promise<any>|null} */
let starting = null;
let exitCode = null;
// The last lines the Go program printed, sent along when it exits: a panic
// says what happened there.
let output = "";
const OUTPUT_KEEP = 4000; // characters; enough for a panic's first frames
/** @type {Set<(m: any) => void>} everyone who gets the exit message */
const clients = new Set();

if (typeof self.SharedWorkerGlobalScope === "function" && self instanceof self.SharedWorkerGlobalScope) {
  self.onconnect = (e) => {
    const port = e.ports[0];
    const reply = (m) => port.postMessage(m);
    clients.add(reply);
    port.onmessage = (ev) => handle(ev.data, reply);
    port.start();
  };
} else {
  const reply = (m) => self.postMessage(m);
  clients.add(reply);
  self.onmessage = (e) => handle(e.data, reply);
}

async function handle(msg, reply) {
  msg = msg || {};
  const id = msg.id;
  let inside = 0; // ms spent in the Go function, for make bench
  try {
    let result;
    if (msg.op === "init") {
      result = await init(msg.args || {}, reply);
    } else if (!api) {
      throw new Error("the engine has not started yet");
    } else if (typeof msg.op === "string" && Object.hasOwn(api, msg.op) && typeof api[msg.op] === "function") {
      const t0 = performance.now();
      result = await api[msg.op](...(Array.isArray(msg.args) ? msg.args : []));
      inside = performance.now() - t0;
    } else {
      throw new Error(`the engine has no function ${JSON.stringify(msg.op)}; the page and the engine may be from different builds`);
    }
    reply({ id, ok: true, result, ms: inside });
    if (msg.op === "play") prepareSoon();
  } catch (err) {
    reply({ id, ok: false, error: errorData(err) });
  }
}

// prepareSoon has the engine open the next Run's database and connections
// (dbquirks.prepare) once the answer has left: Go under WebAssembly
// returns to JavaScript only when every goroutine waits, so Go cannot do
// it by itself after answering. It waits PREPARE_AFTER_MS so that the page
// paints the answer before the worker takes a processor again; a Run that
// comes first opens its own connections, as it did before.
const PREPARE_AFTER_MS = 100;
let preparing = 0;
function prepareSoon() {
  clearTimeout(preparing);
  preparing = setTimeout(() => {
    if (typeof api?.prepare === "function") api.prepare().catch((err) => console.warn("dbquirks: no spare connection:", err));
  }, PREPARE_AFTER_MS);
}

function init(args, reply) {
  if (api) return Promise.resolve(info());
  if (!starting) {
    starting = start(args, reply).finally(() => {
      starting = null;
    });
  }
  return starting;
}

async function start({ module, wasm, wasmBytes, wasmExec }, reply) {
  if (!self.Go) {
    importScripts(wasmExec);
    captureOutput();
  }
  if (!module) module = await compile(wasm, wasmBytes, reply);
  const go = new self.Go();
  const exit = go.exit;
  exitCode = null;
  go.exit = (code) => {
    exitCode = code;
    exit.call(go, code);
  };
  delete self.dbquirks; // a Go program that panicked leaves its API behind
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance).then(() => {
    api = null;
    for (const c of clients) c({ type: "exit", code: exitCode, output });
  });
  // main() puts the API on globalThis before it first blocks, which is
  // before go.run returns; wait a few turns in case that ever changes.
  for (let i = 0; i < 50 && !self.dbquirks; i++) await new Promise((r) => setTimeout(r, 10));
  if (!self.dbquirks) throw new Error("the engine started but did not expose its functions");
  api = self.dbquirks;
  return info();
}

/** compile downloads and compiles the module here (shared workers only),
 * streaming when the host serves application/wasm. */
async function compile(url, total, reply) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`downloading ${url} failed: HTTP ${resp.status}`);
  total = total || Number(resp.headers.get("content-length")) || 0;
  const progress = (loaded) => reply({ type: "progress", loaded, total });
  if (streams(resp)) {
    const counted = resp.clone(); // before compileStreaming takes the body
    const [module] = await Promise.all([WebAssembly.compileStreaming(resp), readBody(counted, progress, false)]);
    return module;
  }
  return WebAssembly.compile(/** @type {Uint8Array} */ (await readBody(resp, progress)));
}

function info() {
  return {
    version: api.version,
    engineVersion: api.engineVersion,
    functions: Object.keys(api).filter((k) => typeof api[k] === "function"),
  };
}

// captureOutput keeps what Go writes to stdout and stderr (wasm_exec.js
// routes both through fs.writeSync) while still logging it to the console.
function captureOutput() {
  const fs = self.fs;
  if (!fs || typeof fs.writeSync !== "function") return;
  const decoder = new TextDecoder();
  const writeSync = fs.writeSync.bind(fs);
  fs.writeSync = (fd, buf) => {
    output = (output + decoder.decode(buf)).slice(-OUTPUT_KEEP);
    return writeSync(fd, buf);
  };
}

function errorData(err) {
  if (!err || typeof err !== "object") return { name: "Error", message: String(err) };
  return { name: String(err.name || "Error"), message: String(err.message || err) };
}
