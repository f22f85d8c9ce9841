// postgreslane.js: the live PostgreSQL lane of a scenario page (Run on
// PostgreSQL). The engine plans what each step sends and reads PostgreSQL's
// answers; PGlite (livepg.js) runs them; this file carries one to the other
// and puts each step's answer under the step's own result.

import { EngineError } from "./engine.js";
import { showLaneStatus } from "./chrome.js";
import { h, insertViewHTML } from "./dom.js";
import { LivePostgres } from "./livepg.js";

export class PostgresLane {
  /** @param {import("./scenario.js").ScenarioPage} page */
  constructor(page) {
    this.page = page;
    /** @type {LivePostgres|null} made on the first Run on PostgreSQL */
    this.pg = null;
    /** a Run on PostgreSQL is under way (Stop ends it) */
    this.active = false;
  }

  /** run plays the steps shown on PostgreSQL in the browser (PGlite,
   * loaded now if it was not): an edit is run on SQLite first, so that
   * both answer the same steps. */
  async run() {
    const page = this.page;
    const s = page.session;
    if (s.state.running || page.opening || !page.data.assets.pglite?.worker) return;
    this.clear();
    if (!s.resultsFresh || s.state.run === null) await page.run();
    if (!s.resultsFresh || s.state.running) return;
    s.setRunning(true);
    this.active = true;
    try {
      let run = /** @type {number|string} */ (s.state.run);
      let plan;
      try {
        plan = await page.engine.call("lanePlan", [String(run), "postgres"], { quiet: true });
      } catch (err) {
        if (!(err instanceof EngineError && err.reason === "UnknownRun")) throw err;
        run = await page.replay();
        plan = await page.engine.call("lanePlan", [String(run), "postgres"], { quiet: true });
      }
      this.pg ||= new LivePostgres(page.data.assets.pglite, (st) => this.status(st));
      const answer = await this.pg.run(plan);
      const lane = await page.engine.call("laneResult", [String(run), "postgres", JSON.stringify(answer)], { quiet: true });
      this.show(lane);
      page.handle.lastLane = lane;
      page.handle.laneRuns = (page.handle.laneRuns || 0) + 1;
      this.status(answer.stopped
        ? { state: "stopped", message: "Stopped PostgreSQL. " + lane.label }
        : { state: "done", message: lane.label });
    } catch (err) {
      console.error("dbquirks: the live PostgreSQL lane failed:", err);
      this.status({ state: "error", message: "PostgreSQL could not run: " + (err instanceof Error ? err.message : String(err)) });
    } finally {
      this.active = false;
      s.setRunning(false);
    }
  }

  /** stop ends the run under way on PostgreSQL. */
  stop() {
    return this.pg?.stop();
  }

  /** show puts each step's live lane (the view's markup) under the step's
   * own result. */
  show(lane) {
    for (const [index, html] of Object.entries(lane.html || {})) {
      const li = this.page.article.step(Number(index));
      const area = li?.querySelector("[data-testid=step-result]");
      if (!li || !area) continue;
      const box = h("div", { class: "live-lane-box", "data-testid": "live-lane-box" });
      (li.querySelector(".csv-bar") || area).after(box);
      insertViewHTML(box, html);
    }
  }

  /** clear removes the live lane's answers: they belong to the steps as
   * they were when it ran. */
  clear() {
    for (const box of this.page.main.querySelectorAll("[data-testid=live-lane-box]")) box.remove();
  }

  status(st) {
    showLaneStatus(this.page.ui.laneStatus, st);
    // For tests: the states the lane went through, with any progress.
    const log = (this.page.handle.laneLog ||= []);
    if (log.length < 400) log.push(st.state + (st.total ? ` ${st.loaded}/${st.total}` : ""));
  }
}
