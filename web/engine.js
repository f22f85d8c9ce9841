// engine.js: the page's side of the engine. It downloads and compiles the
// WebAssembly module once, runs it in a worker (web/worker.js), and offers
// promises: start(), call(op, args), stop(). A worker busy in Go cannot read
// messages, so stop() terminates it and starts a new one from the compiled
// module already in hand (no second download). A worker that dies on its
// own (a Go panic, an exit) is replaced the same way.
//
// Embeds ask for a shared engine: one SharedWorker serves every dbquirks
// frame of a page (an engine costs hundreds of MB). It cannot be terminated
// for one frame, so Stop moves that frame to a dedicated worker of its own.

import { streams, readBody } from "./wasmfetch.js";
import { versionProblem } from "./wire.js";

/**
 * @typedef {{worker:string, wasm:string, wasmBytes?:number, wasmExec:string}} Assets
 * @typedef {"idle"|"loading"|"compiling"|"starting"|"ready"|"running"|"stopped"|"crashed"|"error"} EngineState
 * @typedef {{state: EngineState, message: string, ready?: boolean, loaded?: number, total?: number}} EngineStatus
 * @typedef {{kind: "dedicated"|"shared", post: (m: any) => void, close: () => void}} Channel
 */

/** EngineError is how a call fails. kind: "stopped" (Stop was pressed),
 * "crashed" (the worker died), "version" (the engine speaks another wire
 * version than the page: the message says so), "engine" (the function
 * failed; reason is the name of its Error, such as "UnknownRun"). A scenario
 * with mistakes is no failure: play resolves with its diagnostics. */
export class EngineError extends Error {
  constructor(kind, message, reason = "") {
    super(message);
    this.name = "EngineError";
    this.kind = kind;
    this.reason = reason;
  }
}

// Restarting after crashes is given up after this many in a row without a
// successful call in between (arbitrary: enough for a bad input, not a loop).
const MAX_RESTARTS = 3;

// CRASHED is what the status line says when the engine died: a sentence,
// never the Go runtime's output (that goes to the console). The usual
// cause is a scenario that asked for more memory than the tab has.
const CRASHED = "The engine stopped unexpectedly (out of memory?).";

export class Engine {
  /**
   * @param {Assets} assets
   * @param {(s: EngineStatus) => void} onStatus
   * @param {{shared?: boolean}} [opts]
   */
  constructor(assets, onStatus, { shared = false } = {}) {
    this.assets = assets;
    this.onStatus = onStatus;
    /** share one engine with the page's other frames, where the browser can */
    this.shared = shared && typeof SharedWorker === "function";
    /** @type {Promise<WebAssembly.Module>|null} */
    this.modulePromise = null;
    /** @type {Channel|null} the worker in use */
    this.worker = null;
    /** ms the last answered call spent in Go (the worker measures it) */
    this.lastCallMs = 0;
    /** when the start's parts happened (performance.now), for make bench:
     * fetch, compiled, spawn, ready */
    /** @type {Record<string, number>} */
    this.times = {};
    /** @type {Promise<any>|null} */
    this.started = null;
    this.pending = new Map();
    this.nextID = 1;
    this.restarts = 0;
    this.busy = 0;
    this.info = null;
    this.state = "idle";
    /** @type {{state: EngineState, message: string}|null} why the last worker was replaced */
    this.replaced = null;
  }

  status(state, message, extra) {
    this.state = state;
    this.onStatus({ state, message, ...extra });
  }

  /** start downloads and compiles the module (once) and starts a worker. */
  start() {
    if (!this.started) {
      this.started = this.launch();
      this.started.catch((err) => {
        if (isKind(err, "version")) this.status("error", err.message);
        else if (!isKind(err, "stopped")) {
          this.status("error", "The engine could not start: " + err.message + ". The results shown were recorded when the site was built.");
        }
      });
    }
    return this.started;
  }

  /** compile fetches the module with a progress report and compiles it,
   * streaming when the host serves application/wasm. */
  compile() {
    if (!this.modulePromise) this.modulePromise = this.fetchAndCompile();
    return this.modulePromise;
  }

  async fetchAndCompile() {
    const module = await this.fetchAndCompileModule();
    this.times.compiled = performance.now();
    return module;
  }

  async fetchAndCompileModule() {
    this.times.fetch = performance.now();
    const url = this.assets.wasm;
    this.status("loading", "Loading the engine…", { loaded: 0, total: this.assets.wasmBytes || 0 });
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`downloading ${url} failed: HTTP ${resp.status}`);
    const total = this.assets.wasmBytes || Number(resp.headers.get("content-length")) || 0;
    const progress = (loaded) => this.progress(loaded, total);
    if (streams(resp)) {
      // The original response goes to compileStreaming, so the browser can
      // cache the compiled code; a clone is read only to count bytes.
      const counting = readBody(resp.clone(), progress, false).then(() => this.status("compiling", "Compiling the engine…"));
      try {
        const module = await WebAssembly.compileStreaming(resp);
        await counting.catch(() => {});
        return module;
      } catch (err) {
        console.warn("dbquirks: streaming compilation failed, retrying without it:", err);
        const again = await fetch(url);
        return this.compileBytes(/** @type {Uint8Array} */ (await readBody(again, progress)));
      }
    }
    return this.compileBytes(/** @type {Uint8Array} */ (await readBody(resp, progress)));
  }

  async compileBytes(bytes) {
    this.status("compiling", "Compiling the engine…");
    return WebAssembly.compile(bytes);
  }

  progress(loaded, total) {
    const mb = (n) => (n / 1048576).toFixed(1);
    const msg = total ? `Loading the engine… ${mb(loaded)} of ${mb(total)} MB` : `Loading the engine… ${mb(loaded)} MB`;
    this.status("loading", msg, { loaded, total });
  }

  /** launch starts the engine: the shared one when asked (falling back to
   * a dedicated worker if the browser refuses it), else a dedicated one. */
  launch() {
    if (!this.shared) return this.compile().then((m) => this.spawn(m));
    return this.spawnShared().catch((err) => {
      if (isKind(err, "crashed", "stopped", "version")) throw err;
      console.warn("dbquirks: no shared engine, starting one for this frame:", err);
      this.shared = false;
      this.worker?.close();
      this.worker = null;
      return this.compile().then((m) => this.spawn(m));
    });
  }

  /** spawn starts a dedicated worker from the compiled module. */
  async spawn(module) {
    this.times.spawn = performance.now();
    this.restarting();
    const w = new Worker(this.assets.worker);
    /** @type {Channel} */
    const ch = { kind: "dedicated", post: (m) => w.postMessage(m), close: () => w.terminate() };
    this.worker = ch;
    w.onmessage = (e) => this.receive(ch, e.data);
    w.onerror = (e) => {
      e.preventDefault();
      console.error("dbquirks: the engine's worker failed:", e.message);
      this.crashed(ch, "the worker failed");
    };
    w.onmessageerror = () => this.crashed(ch, "a message from the worker could not be read");
    const info = await this.send(ch, "init", { module, wasmExec: this.url(this.assets.wasmExec) });
    this.times.ready = performance.now();
    return this.ready(ch, info);
  }

  /** spawnShared connects to the page's shared worker, which downloads and
   * compiles the module itself the first time. */
  async spawnShared() {
    this.times.spawn = performance.now();
    this.restarting();
    const sw = new SharedWorker(this.assets.worker, { name: "dbquirks-engine" });
    /** @type {Channel} */
    const ch = { kind: "shared", post: (m) => sw.port.postMessage(m), close: () => sw.port.close() };
    this.worker = ch;
    sw.port.onmessage = (e) => this.receive(ch, e.data);
    sw.onerror = () => this.crashed(ch, "the shared worker failed");
    sw.port.start();
    const info = await this.send(ch, "init", {
      wasm: this.url(this.assets.wasm), wasmBytes: this.assets.wasmBytes || 0, wasmExec: this.url(this.assets.wasmExec),
    });
    this.times.ready = performance.now();
    return this.ready(ch, info);
  }

  url(u) {
    return new URL(u, document.baseURI).href;
  }

  /** restarting says that a worker is starting. After a Stop or a crash
   * the status keeps saying so (state "stopped" or "crashed") until the next
   * call, with ready telling when it is usable. */
  restarting() {
    const after = this.replaced;
    if (after) this.status(after.state, after.message + " Restarting the engine…", { ready: false });
    else this.status("starting", "Starting the engine…", { ready: false });
  }

  ready(ch, info) {
    const problem = versionProblem(info && info.version, "the engine it loaded");
    if (problem) {
      // Nothing such an engine returns could be read right: it is closed,
      // and not restarted.
      ch.close();
      if (this.worker === ch) this.worker = null;
      throw new EngineError("version", problem);
    }
    this.info = info;
    if (this.worker === ch) {
      const after = this.replaced;
      if (after?.state === "crashed") this.status(after.state, after.message + " It was restarted: press Run to run again; your edits are kept.", { ready: true });
      else if (after) this.status(after.state, after.message + " The engine was restarted; your edits are kept.", { ready: true });
      else this.status("ready", "Engine ready", { ready: true });
    }
    return info;
  }

  /** call runs one operation in the worker, starting it first if needed.
   * quiet calls (the warm-up) leave the status line alone. */
  async call(op, args, { quiet = false } = {}) {
    await this.start();
    if (!this.worker) await this.started;
    const w = /** @type {Channel} */ (this.worker);
    if (quiet) return this.send(w, op, args);
    this.replaced = null;
    this.busy++;
    this.status("running", "Running…", { ready: true });
    try {
      const result = await this.send(w, op, args);
      this.restarts = 0;
      return result;
    } finally {
      // A Stop or a crash replaced w and reset the count: this call is no
      // longer in it.
      if (this.worker === w) {
        this.busy--;
        if (this.state === "running" && this.busy === 0) this.status("ready", "Engine ready", { ready: true });
      }
    }
  }

  /** has reports whether the running engine offers a function. */
  has(fn) {
    return !!(this.info && this.info.functions && this.info.functions.includes(fn));
  }

  send(w, op, args) {
    const id = this.nextID++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w });
      w.post({ id, op, args });
    });
  }

  receive(w, msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "progress") {
      if (this.worker === w && msg.id === undefined) this.progress(Number(msg.loaded) || 0, Number(msg.total) || 0);
      return;
    }
    if (msg.type === "exit") {
      // The Go program's last output (a panic's stack) is for developers:
      // the console has it, the page says what it means.
      console.error(`dbquirks: the engine's Go program exited (code ${msg.code ?? "?"}); its last output:\n` + String(msg.output || "(none)"));
      this.crashed(w, `the Go program exited (code ${msg.code ?? "?"})`);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) {
      this.lastCallMs = Number(msg.ms) || 0;
      p.resolve(msg.result);
      return;
    }
    const e = msg.error || {};
    p.reject(new EngineError("engine", e.message || "unknown error", String(e.name || "")));
  }

  /** stop ends whatever the worker is doing and starts a fresh one from the
   * same compiled module. Calls in flight reject with kind "stopped". */
  async stop() {
    const w = this.worker;
    if (!w) return;
    // A shared engine keeps serving the other frames; this one moves to its own.
    if (w.kind === "shared") this.shared = false;
    this.replace(w, "stopped", "Stopped.");
    this.rejectAll(w, new EngineError("stopped", "stopped by you"));
    return this.restart();
  }

  /** crashed replaces a worker that died. why is for the console and the
   * calls' errors; the status line says what it means in a sentence. */
  crashed(w, why) {
    if (this.worker !== w) return;
    this.replace(w, "crashed", CRASHED);
    this.rejectAll(w, new EngineError("crashed", "the engine crashed: " + why));
    if (++this.restarts > MAX_RESTARTS) {
      this.status("error", "The engine keeps crashing; reload the page to try again. Your edits are kept.", { ready: false });
      this.started = Promise.reject(new EngineError("crashed", "the engine keeps crashing"));
      this.started.catch(() => {});
      return;
    }
    this.restart().catch(() => {});
  }

  replace(w, state, message) {
    w.close();
    this.worker = null;
    this.busy = 0;
    this.replaced = { state, message };
    this.status(state, message + " Restarting the engine…", { ready: false });
  }

  restart() {
    this.started = this.launch();
    this.started.catch((err) => {
      // A crash or Stop during the restart starts another one itself.
      if (isKind(err, "crashed", "stopped")) return;
      if (isKind(err, "version")) this.status("error", err.message, { ready: false });
      else this.status("error", "The engine could not restart: " + err.message + ". Reload the page; your edits are kept.", { ready: false });
    });
    return this.started;
  }

  rejectAll(w, err) {
    for (const [id, p] of this.pending) {
      if (p.worker === w) {
        this.pending.delete(id);
        p.reject(err);
      }
    }
  }
}

/** isKind reports whether err is an EngineError of one of kinds. */
function isKind(err, ...kinds) {
  return err instanceof EngineError && kinds.includes(err.kind);
}
