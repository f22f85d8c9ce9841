// livepg.js: the live PostgreSQL lane on the page's side. Nothing of PGlite
// is fetched until a reader asks (Run on PostgreSQL): then its two wasm
// modules and its data bundle are downloaded once, with a count of the
// bytes, compiled here, and handed to a module worker of the lane's own
// (web/pglite/pglite-worker.js), one fresh worker, and so one fresh
// database, per run. PGlite ignores statement_timeout, so Stop terminates
// the worker; the compiled modules stay, and the next run starts another.

import { readBody } from "./wasmfetch.js";

/**
 * @typedef {{worker:string, wasm:string, wasmBytes:number, initdb:string, initdbBytes:number, data:string, dataBytes:number}} PGliteAssets
 * @typedef {{state: "loading"|"compiling"|"starting"|"running"|"done"|"stopped"|"error", message: string, loaded?: number, total?: number}} LaneStatus
 * @typedef {{pgliteModule: WebAssembly.Module, initdbModule: WebAssembly.Module, data: Blob}} PGliteFiles
 * @typedef {{version: string, collation: string, steps: any[], stopped?: string}} LiveAnswer
 */

export class LivePostgres {
  /**
   * @param {PGliteAssets} assets
   * @param {(s: LaneStatus) => void} onStatus
   */
  constructor(assets, onStatus) {
    this.assets = assets;
    this.onStatus = onStatus;
    /** @type {Promise<PGliteFiles>|null} */
    this.files = null;
    /** @type {Promise<{worker: Worker, info: {version: string, collation: string}}>|null} a worker started ahead for the next run */
    this.spare = null;
    /** @type {{worker: Worker, finish: (stopped: string) => void}|null} the run under way */
    this.current = null;
  }

  /** load downloads and compiles PGlite's files, once. */
  load() {
    if (!this.files) {
      this.files = this.download();
      this.files.catch(() => (this.files = null));
    }
    return this.files;
  }

  async download() {
    const a = this.assets;
    const total = a.wasmBytes + a.initdbBytes + a.dataBytes;
    const loaded = [0, 0, 0];
    const progress = () => {
      const sum = loaded[0] + loaded[1] + loaded[2];
      const mb = (n) => (n / 1048576).toFixed(1);
      this.onStatus({ state: "loading", message: `Loading PostgreSQL (PGlite)… ${mb(sum)} of ${mb(total)} MB`, loaded: sum, total });
    };
    progress();
    const get = async (url, i) => {
      const resp = await fetch(url);
      if (!resp.ok) throw new Error(`downloading ${url} failed: HTTP ${resp.status}`);
      return /** @type {Uint8Array} */ (await readBody(resp, (n) => {
        loaded[i] = n;
        progress();
      }));
    };
    const [wasm, initdb, data] = await Promise.all([get(a.wasm, 0), get(a.initdb, 1), get(a.data, 2)]);
    this.onStatus({ state: "compiling", message: "Compiling PostgreSQL…" });
    const [pgliteModule, initdbModule] = await Promise.all([WebAssembly.compile(wasm), WebAssembly.compile(initdb)]);
    return { pgliteModule, initdbModule, data: new Blob([data]) };
  }

  /** spawn starts a worker and PostgreSQL in it, on a fresh database. */
  async spawn() {
    const files = await this.load();
    const worker = new Worker(this.assets.worker, { type: "module", name: "dbquirks-pglite" });
    const info = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => {
        if (e.data?.type === "ready") resolve({ version: String(e.data.version), collation: String(e.data.collation) });
        else if (e.data?.type === "error") reject(new Error(e.data.message));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message || "the PGlite worker failed"));
      };
      worker.postMessage({ op: "init", ...files });
    });
    return { worker, info };
  }

  /**
   * run plays a plan (dbquirks.lanePlan) on a fresh database and resolves
   * with the answer for dbquirks.laneResult, a stopped run's too.
   * @param {any} plan
   * @returns {Promise<LiveAnswer>}
   */
  async run(plan) {
    const ready = this.spare || this.spawn();
    this.spare = null;
    // After the download: PostgreSQL's initdb takes seconds on its own.
    this.load().then(() => {
      if (this.current && !this.current.worker) this.onStatus({ state: "starting", message: "Starting PostgreSQL (a fresh database)…" });
    }, () => {});
    /** @type {LiveAnswer} */
    const answer = { version: "", collation: "", steps: [] };
    return new Promise((resolve, reject) => {
      let over = false;
      const finish = (stopped) => {
        if (over) return;
        over = true;
        if (stopped) answer.stopped = stopped;
        this.current = null;
        resolve(answer);
      };
      const fail = (err) => {
        if (over) return;
        over = true;
        this.current = null;
        reject(err);
      };
      // Stop before the worker is up still stops: it is ended once it is.
      this.current = { worker: /** @type {any} */ (null), finish };
      ready.then(({ worker, info }) => {
        if (over) return worker.terminate();
        this.current = { worker, finish };
        answer.version = info.version;
        answer.collation = info.collation;
        this.onStatus({ state: "running", message: "Running on PostgreSQL…" });
        worker.onmessage = (e) => {
          const m = e.data || {};
          if (m.type === "step") answer.steps.push(m.answer);
          else if (m.type === "done") {
            worker.terminate();
            finish("");
            this.prepare();
          } else if (m.type === "error") {
            worker.terminate();
            fail(new Error(m.message));
          }
        };
        worker.onerror = (e) => {
          e.preventDefault();
          fail(new Error(e.message || "the PGlite worker failed"));
        };
        worker.postMessage({ op: "run", plan });
      }, fail);
    });
  }

  /** prepare starts the next run's worker ahead, so that it does not wait
   * for PostgreSQL to start. */
  prepare() {
    const spare = this.spawn();
    spare.catch(() => {
      if (this.spare === spare) this.spare = null;
    });
    this.spare = spare;
  }

  /** running reports whether a run is under way. */
  get running() {
    return !!this.current;
  }

  /** stop ends the run under way at once: its worker is terminated, in the
   * middle of a statement if need be, and the run resolves as stopped. */
  stop() {
    const c = this.current;
    if (!c) return;
    c.worker?.terminate();
    c.finish("stopped by you: PostgreSQL's worker was ended");
    this.onStatus({ state: "stopped", message: "Stopped PostgreSQL." });
    this.prepare();
  }
}
