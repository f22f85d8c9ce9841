// engine.js: the page's side of the engine. It downloads and compiles the
// WebAssembly module once, runs it in a worker (web/worker.js), and offers
// promises: start(), call(op, args), stop(). A worker busy in Go cannot read
// messages, so stop() terminates it and starts a new one from the compiled
// module already in hand (no second download). A worker that dies on its
// own (a Go panic, an exit) is replaced the same way.

/**
 * @typedef {{worker:string, wasm:string, wasmBytes?:number, wasmExec:string}} Assets
 * @typedef {"idle"|"loading"|"compiling"|"starting"|"ready"|"running"|"stopped"|"crashed"|"error"} EngineState
 * @typedef {{state: EngineState, message: string, ready?: boolean, loaded?: number, total?: number}} EngineStatus
 */

/** EngineError is how a call fails. kind: "scenario" (the source has
 * mistakes; diagnostics lists them), "stopped" (Stop was pressed), "crashed"
 * (the worker died), "engine" (anything else). */
export class EngineError extends Error {
  constructor(kind, message, diagnostics) {
    super(message);
    this.name = "EngineError";
    this.kind = kind;
    this.diagnostics = diagnostics || [];
  }
}

// Restarting after crashes is given up after this many in a row without a
// successful call in between (arbitrary: enough for a bad input, not a loop).
const MAX_RESTARTS = 3;

export class Engine {
  /**
   * @param {Assets} assets
   * @param {(s: EngineStatus) => void} onStatus
   */
  constructor(assets, onStatus) {
    this.assets = assets;
    this.onStatus = onStatus;
    /** @type {Promise<WebAssembly.Module>|null} */
    this.modulePromise = null;
    /** @type {Worker|null} */
    this.worker = null;
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
      this.started = this.compile().then((m) => this.spawn(m));
      this.started.catch((err) => {
        if (!(err instanceof EngineError && err.kind === "stopped")) {
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
    const url = this.assets.wasm;
    this.status("loading", "Loading the engine…", { loaded: 0, total: this.assets.wasmBytes || 0 });
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`downloading ${url} failed: HTTP ${resp.status}`);
    const total = this.assets.wasmBytes || Number(resp.headers.get("content-length")) || 0;
    const type = (resp.headers.get("content-type") || "").split(";")[0].trim();
    if (type === "application/wasm" && WebAssembly.compileStreaming) {
      // The original response goes to compileStreaming, so the browser can
      // cache the compiled code; a clone is read only to count bytes.
      const counting = this.countBytes(resp.clone(), total);
      try {
        const module = await WebAssembly.compileStreaming(resp);
        await counting.catch(() => {});
        return module;
      } catch (err) {
        console.warn("dbquirks: streaming compilation failed, retrying without it:", err);
        const again = await fetch(url);
        return this.compileBytes(await this.readAll(again, total));
      }
    }
    return this.compileBytes(await this.readAll(resp, total));
  }

  async compileBytes(bytes) {
    this.status("compiling", "Compiling the engine…");
    return WebAssembly.compile(bytes);
  }

  async countBytes(resp, total) {
    const reader = resp.body.getReader();
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      this.progress(loaded, total);
    }
    this.status("compiling", "Compiling the engine…");
  }

  async readAll(resp, total) {
    if (!resp.body) return new Uint8Array(await resp.arrayBuffer());
    const reader = resp.body.getReader();
    const chunks = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      this.progress(loaded, total);
    }
    const bytes = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  }

  progress(loaded, total) {
    const mb = (n) => (n / 1048576).toFixed(1);
    const msg = total ? `Loading the engine… ${mb(loaded)} of ${mb(total)} MB` : `Loading the engine… ${mb(loaded)} MB`;
    this.status("loading", msg, { loaded, total });
  }

  /** spawn starts a worker from the compiled module. */
  async spawn(module) {
    // After a Stop or a crash the status keeps saying so (state "stopped" or
    // "crashed") until the next call, with ready telling when it is usable.
    const after = this.replaced;
    if (after) this.status(after.state, after.message + " Restarting the engine…", { ready: false });
    else this.status("starting", "Starting the engine…", { ready: false });
    const w = new Worker(this.assets.worker);
    this.worker = w;
    w.onmessage = (e) => this.receive(w, e.data);
    w.onerror = (e) => {
      e.preventDefault();
      this.crashed(w, e.message || "the worker failed");
    };
    w.onmessageerror = () => this.crashed(w, "a message from the worker could not be read");
    this.info = await this.send(w, "init", { module, wasmExec: new URL(this.assets.wasmExec, document.baseURI).href });
    if (this.worker === w) {
      if (after) this.status(after.state, after.message + " The engine was restarted; your edits are kept.", { ready: true });
      else this.status("ready", "Engine ready", { ready: true });
    }
    return this.info;
  }

  /** call runs one operation in the worker, starting it first if needed.
   * quiet calls (the warm-up) leave the status line alone. */
  async call(op, args, { quiet = false } = {}) {
    await this.start();
    if (!this.worker) await this.started;
    const w = /** @type {Worker} */ (this.worker);
    if (quiet) return this.send(w, op, args);
    this.replaced = null;
    this.busy++;
    this.status("running", "Running…", { ready: true });
    try {
      const result = await this.send(w, op, args);
      this.restarts = 0;
      return result;
    } finally {
      this.busy--;
      if (this.worker === w && this.state === "running" && this.busy === 0) this.status("ready", "Engine ready", { ready: true });
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
      w.postMessage({ id, op, args });
    });
  }

  receive(w, msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "exit") {
      const tail = String(msg.output || "").trim().split("\n").slice(-3).join(" ");
      this.crashed(w, `the Go program exited (code ${msg.code ?? "?"})` + (tail ? ": " + tail : ""));
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) {
      p.resolve(msg.result);
      return;
    }
    const e = msg.error || {};
    const kind = e.diagnostics && e.diagnostics.length ? "scenario" : "engine";
    p.reject(new EngineError(kind, e.message || "unknown error", e.diagnostics));
  }

  /** stop ends whatever the worker is doing and starts a fresh one from the
   * same compiled module. Calls in flight reject with kind "stopped". */
  async stop() {
    const w = this.worker;
    if (!w) return;
    this.replace(w, "stopped", "Stopped.");
    this.rejectAll(w, new EngineError("stopped", "stopped by you"));
    return this.restart();
  }

  crashed(w, why) {
    if (this.worker !== w) return;
    this.replace(w, "crashed", `The engine crashed (${why}).`);
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
    w.terminate();
    this.worker = null;
    this.busy = 0;
    this.replaced = { state, message };
    this.status(state, message + " Restarting the engine…", { ready: false });
  }

  restart() {
    this.started = this.compile().then((m) => this.spawn(m));
    this.started.catch((err) => {
      // A crash or Stop during the restart starts another one itself.
      if (err instanceof EngineError && (err.kind === "crashed" || err.kind === "stopped")) return;
      this.status("error", "The engine could not restart: " + err.message + ". Reload the page; your edits are kept.", { ready: false });
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
