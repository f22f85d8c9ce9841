// worker.js: the dbquirks engine (wasm/, Go compiled to WebAssembly) in a
// Web Worker, so that a long statement never freezes the page. This is a
// classic worker script (it needs importScripts for wasm_exec.js): no ES
// imports or exports here.
//
// Protocol (web/engine.js is the other side):
//   page -> worker  {id, op, args}
//     op "init"  args {module: WebAssembly.Module, wasmExec: URL}
//     op "play"  args [source, id]  parse, then run: one message per run
//     any other op calls globalThis.dbquirks[op](...args) (parse, run, and
//     what wasm/main.go adds later: permalink encode/decode, export...)
//   worker -> page  {id, ok: true, result} | {id, ok: false, error}
//     error: {name, message, diagnostics?}
//   worker -> page  {type: "exit", code, output} when the Go program ends
//     (a panic or fatal error: the page restarts the worker)

"use strict";

/** @type {any} */
let api = null;
let exitCode = null;
// The last lines the Go program printed, sent along when it exits: a panic
// says what happened there.
let output = "";
const OUTPUT_KEEP = 4000; // characters; enough for a panic's first frames

self.onmessage = async (e) => {
  const msg = e.data || {};
  const id = msg.id;
  try {
    let result;
    if (msg.op === "init") {
      result = await init(msg.args || {});
    } else if (!api) {
      throw new Error("the engine has not started yet");
    } else if (msg.op === "play") {
      const [source, scenarioID] = msg.args || [];
      const document = await api.parse(source, scenarioID);
      const transcript = await api.run(source, scenarioID);
      result = { document, transcript };
    } else if (typeof msg.op === "string" && Object.hasOwn(api, msg.op) && typeof api[msg.op] === "function") {
      result = await api[msg.op](...(Array.isArray(msg.args) ? msg.args : []));
    } else {
      throw new Error(`the engine has no function ${JSON.stringify(msg.op)}; the page and the engine may be from different builds`);
    }
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: errorData(err) });
  }
};

async function init({ module, wasmExec }) {
  if (api) return info();
  importScripts(wasmExec);
  captureOutput();
  const go = new self.Go();
  const exit = go.exit;
  go.exit = (code) => {
    exitCode = code;
    exit.call(go, code);
  };
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance).then(() => {
    api = null;
    self.postMessage({ type: "exit", code: exitCode, output });
  });
  // main() puts the API on globalThis before it first blocks, which is
  // before go.run returns; wait a few turns in case that ever changes.
  for (let i = 0; i < 50 && !self.dbquirks; i++) await new Promise((r) => setTimeout(r, 10));
  if (!self.dbquirks) throw new Error("the engine started but did not expose its functions");
  api = self.dbquirks;
  return info();
}

function info() {
  return {
    apiVersion: api.apiVersion,
    wireVersion: api.wireVersion,
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
  const out = { name: String(err.name || "Error"), message: String(err.message || err) };
  if (Array.isArray(err.diagnostics)) {
    out.diagnostics = err.diagnostics.map((d) => ({
      file: String(d.file || ""), line: Number(d.line) || 0, column: Number(d.column) || 0,
      message: String(d.message || ""), text: String(d.text || ""),
    }));
  }
  return out;
}
