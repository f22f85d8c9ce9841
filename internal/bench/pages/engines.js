// engines.js: make bench's page for one engine (?engine=sqljs, sqlitewasm,
// go or go-B). It loads the engine, times its first result from the start
// of navigation, runs the workload (../workload.json) and leaves the
// timings in window.__bench for internal/bench to read. The two JavaScript
// engines run each statement the way their documentation shows, reading
// every row; the Go one is internal/bench/sqlbench compiled to WebAssembly.

const which = new URLSearchParams(location.search).get("engine");

async function main() {
  const workload = await (await fetch("workload.json")).json();
  if (which === "go" || which === "go-B") return runGo(workload, which === "go" ? "sqlbench.wasm" : "sqlbench-B.wasm");
  const engine = which === "sqljs" ? await sqljs() : await sqlitewasm();
  return runJS(workload, engine);
}

async function sqljs() {
  await script("/npm/sql.js/dist/sql-wasm.js");
  const SQL = await globalThis.initSqlJs({ locateFile: (f) => "/npm/sql.js/dist/" + f });
  const db = new SQL.Database();
  return {
    name: "sql.js",
    query(sql) {
      const res = db.exec(sql);
      return res.length ? res[res.length - 1].values : [];
    },
  };
}

async function sqlitewasm() {
  const { default: init } = await import("/npm/@sqlite.org/sqlite-wasm/dist/index.mjs");
  const sqlite3 = await init();
  const db = new sqlite3.oo1.DB(":memory:", "c");
  return {
    name: "sqlite-wasm " + sqlite3.version.libVersion,
    query(sql) {
      return db.exec({ sql, rowMode: "array", returnValue: "resultRows" });
    },
  };
}

function runJS(w, engine) {
  const res = { engine: engine.name, smallUs: [], scanMs: {}, rows: {} };
  engine.query(w.first);
  res.firstPageMs = performance.now();
  for (const q of w.setup) engine.query(q);
  for (let i = 0; i < w.smallCycles; i++) {
    for (const q of w.small) {
      const t = performance.now();
      engine.query(q);
      res.smallUs.push((performance.now() - t) * 1000);
    }
  }
  let t = performance.now();
  engine.query(w.bulk);
  res.bulkMs = performance.now() - t;
  for (const [name, q] of Object.entries(w.scans)) {
    res.scanMs[name] = [];
    for (let i = 0; i < w.scanRuns; i++) {
      t = performance.now();
      const rows = engine.query(q);
      JSON.stringify(rows);
      res.scanMs[name].push(performance.now() - t);
      res.rows[name] = rows.length;
    }
  }
  return res;
}

async function runGo(w, wasm) {
  await script("wasm_exec.js");
  const go = new globalThis.Go();
  go.argv = ["sqlbench", JSON.stringify(w)];
  let out = "";
  let firstPageMs = 0;
  const decoder = new TextDecoder();
  // The program prints "first" after its first result, then one JSON line.
  globalThis.fs.writeSync = (fd, buf) => {
    out += decoder.decode(buf);
    if (!firstPageMs && out.includes("first\n")) firstPageMs = performance.now();
    return buf.length;
  };
  const { instance } = await WebAssembly.instantiateStreaming(fetch(wasm), go.importObject);
  await go.run(instance);
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error("sqlbench printed no result: " + out.slice(-500));
  const res = JSON.parse(line);
  res.firstPageMs = firstPageMs;
  return res;
}

function script(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error("cannot load " + src));
    document.head.append(s);
  });
}

main().then(
  (res) => {
    window.__bench = { ok: true, res };
    document.getElementById("state").textContent = "done";
  },
  (err) => {
    window.__bench = { ok: false, error: String(err && err.stack || err) };
    document.getElementById("state").textContent = "failed";
  },
);
