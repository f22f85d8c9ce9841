// scenario.js: the scenario page. It wires the session (web/session.js) to
// its views (article.js, chrome.js, notices.js), the engine and the
// address: it enhances the article the page was served with, runs the
// scenario live as soon as the engine is ready (one play call per run), and
// turns what the person does (edit, run, stop, reset, the source view) into
// calls of the session.

import { Session } from "./session.js";
import * as drafts from "./drafts.js";
import { Article } from "./article.js";
import { Notices } from "./notices.js";
import { buildChrome, Controls, showStatus, showFlips, caretIndex, scrollToLine } from "./chrome.js";
import { Engine, EngineError } from "./engine.js";
import { ask } from "./dialog.js";
import { PostgresLane } from "./postgreslane.js";
import { openShare, copyStepLink, downloadCSV } from "./share.js";
import { FrameLink } from "./frame.js";
import { openLink, compareShared, openFull, pageLink, showSharedChanges } from "./links.js";
import { stepAnchor, startsAt, addressHoldsLink, noteStep, onStepAnchor } from "./router.js";

/**
 * @typedef {import("./wire.js").ScenarioDocument} ScenarioDocument
 * @typedef {import("./wire.js").Transcript} Transcript
 * @typedef {import("./router.js").PageOptions} PageOptions
 */

export class ScenarioPage {
  /**
   * @param {import("./wire.js").PageData} data
   * @param {{id: string, document: ScenarioDocument, transcript: Transcript|null}} sc
   * @param {HTMLElement} main
   * @param {any} handle window.__dbquirks, for the tests
   * @param {PageOptions} opts
   */
  constructor(data, sc, main, handle, opts) {
    this.data = data;
    /** The scenario's recorded lanes, sent with every play (wasm/calls.go
     * playJSON): the module keeps nothing between calls, so a restarted or
     * shared engine shows them too. */
    this.recordings = data.scenario?.recordings?.length ? JSON.stringify(data.scenario.recordings) : "";
    this.main = main;
    this.handle = handle;
    this.opts = opts;
    // Reset draws the served article again: its markup, read before the
    // page changes it.
    const served = main.querySelector("[data-testid=scenario]");
    /** Embeds keep no drafts: their edits live as long as the frame. */
    this.session = new Session(sc, { persist: !opts.embed, target: opts.target, html: served ? served.outerHTML : null });
    /** @type {Promise<any>|null} while the engine reads the page's link */
    this.opening = null;
    /** @type {string|null} the latest source an embed's parent sent during a run */
    this.queuedLoad = null;
    /** @type {(() => void)|null} stops waiting for intent (whenIntent) */
    this.disarm = null;
    /** @type {Promise<any>|null} the engine's start and first live run (boot) */
    this.booting = null;
    this.booted = false;
    // For tests: settles once the warm-up after the first run is over, so
    // that counting the engine's calls around a Run counts only the Run.
    handle.warm = new Promise((resolve) => (this.warmed = resolve));
    /** Whether each Run times the frame that shows its results (timeFrame):
     * only when a measurement asks, through handle.timeFrames(). */
    this.timingFrames = false;
    this.engine = new Engine(data.assets, (s) => this.showStatus(s), { shared: opts.embed });
    /** the live PostgreSQL lane (Run on PostgreSQL) */
    this.postgres = new PostgresLane(this);
    this.ui = buildChrome({ embed: !!opts.embed, openHref: pageLink(this) });
    /** @type {string} the flip the second SQLite lane plays ("" for none) */
    this.flip = showFlips(this.ui, data.scenario?.document?.meta.flips ?? [], "");
    this.article = new Article(main, this.session, this.ui, new Notices(this.session),
      { embed: !!opts.embed, explanations: opts.explanations, lanes: opts.lanes, step: opts.step },
      {
        editStep: (index, sql) => this.session.editStep(index, sql),
        copyStepLink: (n, button) => copyStepLink(this, n, button),
        downloadCSV: (step, statement, button) => downloadCSV(this, step, statement, button),
        canCSV: () => this.engine.has("exportCSV"),
      });
    this.controls = new Controls(this.ui, this.session, {
      openHref: () => pageLink(this) + (this.session.state.pendingLink ? "#" + this.session.state.pendingLink : ""),
      goTo: (line, column) => this.goTo(line, column),
    });
    this.frame = opts.embed ? new FrameLink(opts.frame, { run: () => this.run(), load: (src) => this.load(src) }) : null;
    this.session.subscribe((_, s) => {
      if (s.shared) handle.shared = s.shared;
    });
    this.wire();
  }

  /** start shows the page and, unless it is an embed waiting for Run, runs
   * the scenario live once the engine is up. */
  start() {
    this.installTestHooks();
    const s = this.session;
    const boot = startsAt(this.opts);
    const waitForRun = boot !== "load";
    if (this.opts.link && waitForRun) {
      // Only the engine reads links, so an embed of a link waits for Run
      // like any embed: until then it says what Run will open, and nothing
      // on it can be edited (an edit would be lost when the link opens).
      s.awaitLink(this.opts.link);
    } else if (this.opts.link) {
      this.draw();
      return this.openPendingLink(this.opts.link);
    } else if (s.state.persist && s.restoreDraft()) {
      // This draft took the engine down last time: it waits for Run.
      this.draw();
      this.handle.resolveReady?.();
      return this.engine.start().catch(() => {});
    }
    this.draw();
    if (waitForRun) {
      this.showStatus({ state: "idle", message: "The engine starts when you press Run.", ready: false });
      if (boot === "visible") this.whenVisible(() => (s.state.pendingLink ? this.run() : this.firstRun()));
      return Promise.resolve();
    }
    // An embed asked to start at load does (data-autorun="load").
    if (this.opts.embed) return this.boot();
    // A reader who only reads never downloads the engine (about 3 MB):
    // it starts on the first sign that they mean to run or edit.
    this.showStatus({ state: "idle", message: "The engine starts when you press Run.", ready: false });
    this.whenIntent(() => this.boot());
    return Promise.resolve();
  }

  /** whenIntent calls fn once, at the first pointer over or focus on Run,
   * a step's editor or the source editor (docs/benchmarks.md measures what
   * each choice of moment costs the first Run); run() disarms it. */
  whenIntent(fn) {
    const intent = "[data-testid=run], [data-testid=step-sql], [data-testid=source-editor]";
    const on = (/** @type {Event} */ e) => {
      if (e.target instanceof Element && e.target.closest(intent)) fn();
    };
    const types = ["pointerover", "focusin"];
    for (const t of types) document.addEventListener(t, on, true);
    this.disarm = () => {
      for (const t of types) document.removeEventListener(t, on, true);
      this.disarm = null;
    };
  }

  /** boot starts the engine and runs the scenario live once, at the first
   * sign of intent or the first Run, whichever comes first. */
  boot() {
    this.disarm?.();
    // It never rejects (the status line says why an engine did not start),
    // and once settled, Run runs again.
    this.booting ||= this.engine.start()
      .then(() => this.firstRun())
      .catch((err) => this.handle.rejectReady?.(err))
      .finally(() => (this.booted = true));
    return this.booting;
  }

  /** draw shows the session as it is, the first time. */
  draw() {
    this.article.draw();
    this.controls.update(new Set(["document"]));
    this.frame?.show();
  }

  installTestHooks() {
    // For tests: call any engine function, e.g. engineCall("shutdown") ends
    // the Go program as a crash would, engineCall("counters") says how many
    // calls and parses the module made.
    this.handle.engineCall = (op, ...args) => this.engine.call(op, args);
    // For make bench: from now on, each Run's runSplit also says when the
    // frame that shows its results started and was painted.
    this.handle.timeFrames = () => {
      this.timingFrames = true;
    };
  }

  /** openPendingLink starts the engine, has it read the link the page was
   * opened with, and runs what the link holds. */
  openPendingLink(link) {
    this.session.openingLink();
    this.opening = this.engine.start()
      .then(() => openLink(this, link))
      .then((next) => {
        if (next === "run") return this.firstRun();
        // A draft of the link that took the engine down waits for Run.
        if (next === "held") this.handle.resolveReady?.();
      })
      .finally(() => (this.opening = null));
    return this.opening;
  }

  async firstRun() {
    await this.run({ first: true });
    const differ = compareShared(this);
    if (differ !== undefined) this.handle.resultsDiffer = differ;
    if (this.session.state.shared) this.handle.sharedChanged = showSharedChanges(this);
    this.warmUp().then(this.warmed);
  }

  whenVisible(fn) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        fn();
      }
    });
    io.observe(this.main);
  }

  /** warmUp has the engine play its small built-in scenario, so the
   * browser compiles the code paths this scenario did not touch before the
   * person's first Run (see wasm/main.go). */
  warmUp() {
    if (!this.engine.has("warmup")) return Promise.resolve();
    return this.engine.call("warmup", [], { quiet: true }).then(() => {}, () => {});
  }

  /** announce tells screen readers what just happened. */
  announce(text) {
    this.ui.announcer.textContent = "";
    // A change of text is what a live region reads: clear, then set.
    requestAnimationFrame(() => (this.ui.announcer.textContent = text));
  }

  // ---- Running ---------------------------------------------------------

  /** run plays the current source from a fresh database. */
  async run({ first = false } = {}) {
    const s = this.session;
    if (this.opening && !first) return this.opening;
    if (!first && (this.disarm || (this.booting && !this.booted))) return this.boot();
    if (s.state.pendingLink) {
      return this.openPendingLink(s.state.pendingLink).catch((err) => this.handle.rejectReady?.(err));
    }
    if (s.state.running) return;
    s.setRunning(true);
    this.postgres.clear();
    const source = s.state.source;
    const draftName = s.state.draftName;
    if (s.state.persist) drafts.runStarted(draftName, source);
    let crashed = false;
    const t0 = performance.now();
    let split = null;
    try {
      /** @type {import("./wire.js").PlayResult} */
      const play = await this.engine.call("play", this.playArgs(source));
      if (play.diagnostics.length || !play.transcript) {
        s.showMistakes(play.diagnostics, "The scenario cannot be read.");
        this.frame?.ended("invalid");
      } else {
        this.handle.lastTranscript = play.transcript;
        this.handle.lastDocument = play.document;
        this.handle.lastHTML = play.html;
        const t1 = performance.now();
        s.showRun(source, play);
        this.flip = showFlips(this.ui, play.document?.meta.flips ?? [], this.flip);
        // Where the Run's time went, for make bench (internal/bench): in Go,
        // in the worker's messages around it, and putting it on the page.
        split = { start: t0, go: this.engine.lastCallMs, call: t1 - t0, show: performance.now() - t1, after: 0, frame: 0, painted: 0 };
        this.handle.runSplit = split;
        if (this.timingFrames) timeFrame(split);
        this.handle.engineTimes = this.engine.times;
        this.handle.runs = (this.handle.runs || 0) + 1;
        this.frame?.result(play.transcript);
        // Said next to Run, so a run whose results look the same still shows
        // that it happened (and screen readers hear how it went).
        if (this.engine.state === "ready") this.showStatus({ state: "ready", message: runOutcome(play.transcript), ready: true });
      }
      this.handle.resolveReady?.();
    } catch (err) {
      if (!(err instanceof EngineError)) console.error(err);
      crashed = err instanceof EngineError && err.kind === "crashed";
      this.frame?.ended(crashed ? "crash" : err instanceof EngineError && err.kind === "stopped" ? "cancelled" : "error");
      // Stopped and crashed runs: the status line says what happened.
      if (first && err instanceof EngineError && (err.kind === "engine" || err.kind === "version")) this.handle.rejectReady?.(err);
    } finally {
      // A run that took the engine down stays noted: the next load does
      // not run this source again on its own.
      if (s.state.persist && !crashed) drafts.runEnded(draftName);
      s.setRunning(false);
    }
    if (split) split.after = performance.now() - t0 - split.call - split.show;
    const queued = this.queuedLoad;
    this.queuedLoad = null;
    if (queued !== null) await this.load(queued);
  }

  /** playArgs are the play call's arguments for source (wasm/main.go).
   * The last is the shape of the article on screen: a play of the same
   * shape sends only the results' markup (the article is a third of the
   * answer). */
  playArgs(source) {
    const s = this.session.state;
    return [source, s.id, this.data.base, this.recordings, this.flip, s.doc.shape ?? ""];
  }

  /** replay plays the source of the results shown again, without showing
   * it, for a handle the engine knows (it forgot theirs, or they are the
   * baked ones), and records it in the session. */
  async replay() {
    const s = this.session.state;
    const play = await this.engine.call("play", this.playArgs(s.resultSource ?? s.source), { quiet: true });
    if (!play.transcript) throw new Error("the scenario cannot be read");
    if (this.session.state.resultSource === s.resultSource) this.session.setRun(play.run);
    return play.run;
  }

  async stop() {
    if (!this.session.state.running) return;
    if (this.postgres.active) return this.postgres.stop();
    await this.engine.stop().catch(() => {});
  }

  /** load replaces the source (an embed's parent sent it) and runs it.
   * One that arrives during a run waits for it to end (the latest such
   * load only): the parent gets a result for the run under way and one
   * for what it sent. */
  load(source) {
    if (this.opening) return this.opening.then(() => this.load(source));
    if (this.session.state.running) {
      this.queuedLoad = source;
      return Promise.resolve();
    }
    this.session.load(source);
    return this.run();
  }

  // ---- Source view, reset -----------------------------------------------

  toggleSource() {
    const s = this.session;
    const toSource = s.state.view !== "source";
    s.setView(toSource ? "source" : "steps");
    if (toSource) this.ui.editor.focus();
    // Source edits may have moved, added or removed steps: show them by
    // running; until then the steps are read-only and marked stale.
    else if (!s.known) this.run();
  }

  async askReset() {
    if (this.session.edited && this.session.state.persist) {
      const discard = await ask({
        testid: "reset-dialog", yesID: "reset-confirm", noID: "reset-cancel", danger: true,
        title: "Discard your edits?", text: "Reset returns to the original scenario and deletes your saved draft of it.",
        yes: "Discard and reset", no: "Keep my edits",
      });
      if (!discard) return;
    }
    if (this.session.state.pendingLink) return;
    this.session.reset();
    if (this.engine.state !== "error" && this.engine.state !== "idle") this.run();
  }

  // ---- Other tabs ------------------------------------------------------

  /** watchOtherTabs hears when another tab of the same scenario changes
   * its draft; when both tabs hold edits of their own, the person is asked
   * which to keep (the other tab still shows its own, and is asked in turn
   * if this one's is kept). Until then nothing is saved here. */
  watchOtherTabs() {
    if (!this.session.state.persist) return;
    drafts.watch((name) => {
      if (name === null || name === this.session.state.draftName) this.session.otherTabChanged();
    });
    let asking = false;
    this.session.subscribe(async (_, s) => {
      if (!s.tabConflict || asking) return;
      asking = true;
      const load = await ask({
        testid: "tabs-dialog", yesID: "tabs-load", noID: "tabs-keep",
        title: "Edited in another tab", yes: "Load the other tab's edit", no: "Keep this tab's edit",
        text: "This scenario's draft was changed in another tab while this tab holds edits of its own. Keeping this tab's edit saves it over the other tab's draft; loading the other tab's replaces what this tab shows.",
      });
      asking = false;
      if (load) this.session.loadOtherTab();
      else this.session.keepThisTab();
    });
  }

  /** goTo opens the source view with the caret at a line and column. */
  goTo(line, column) {
    if (this.session.state.view !== "source") this.toggleSource();
    const ed = this.ui.editor;
    const at = caretIndex(ed.value, line, column);
    ed.focus();
    ed.setSelectionRange(at, Math.min(at + 1, ed.value.length));
    scrollToLine(ed, line);
  }

  /** wire connects the controls, the keyboard and the address to the page. */
  wire() {
    const ui = this.ui;
    ui.run.addEventListener("click", () => this.run());
    ui.stop.addEventListener("click", () => this.stop());
    ui.runPostgres.addEventListener("click", () => this.postgres.run());
    ui.reset.addEventListener("click", () => this.askReset());
    ui.source.addEventListener("click", () => this.toggleSource());
    ui.share.addEventListener("click", () => openShare(this));
    ui.open.addEventListener("click", (e) => openFull(this, e));
    ui.editor.addEventListener("input", () => this.session.editSource(ui.editor.value));
    ui.flip.addEventListener("change", () => {
      this.flip = ui.flip.value;
      this.run();
    });
    // A step's anchor would replace a #v1 link in the address, and the
    // scenario with it: keep the link, note the step in ?step=N.
    this.main.addEventListener("click", (e) => {
      const a = /** @type {HTMLElement} */ (e.target).closest?.("a.step-num");
      const n = a ? stepAnchor(a.getAttribute("href")) : null;
      if (!n || !addressHoldsLink() || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      noteStep(n);
      this.session.point(n);
      this.article.scrollToStep(n);
    });
    onStepAnchor((n) => this.session.point(n));
    this.watchOtherTabs();
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !document.querySelector("dialog[open]")) {
        e.preventDefault();
        this.run();
      }
    });
  }

  showStatus(s) {
    showStatus(this.ui.status, s);
    this.handle.status = s.state;
    // For tests: the states this page went through, with any progress.
    const log = (this.handle.statusLog ||= []);
    if (log.length < 200) log.push(s.state + (s.total ? ` ${s.loaded}/${s.total}` : ""));
  }
}

/** timeFrame notes, for make bench (which asks through handle.timeFrames),
 * when the frame that shows a Run's results starts (its animation frame
 * callbacks, asked for in the task that put them in) and when its rendering
 * is done: a message posted from that callback runs after the frame's
 * style, layout and paint. A frame asked for later, once the Run is seen to
 * be over, would be the next one. */
function timeFrame(split) {
  requestAnimationFrame(() => {
    const at = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      split.frame = at - split.start;
      split.painted = performance.now() - split.start;
    };
    ch.port2.postMessage(0);
  });
}

/** runOutcome sums a run up in a few words for the status line. */
function runOutcome(t) {
  const steps = (t.steps || []).filter((s) => !s.skipped).length;
  if (t.stopped) return `Stopped after ${plural(steps, "step")}: ${t.stopped.message}`;
  const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return `Ran ${plural(steps, "step")} at ${time}: ` + (t.failures ? `${plural(t.failures, "check")} failed.` : "all as expected.");
}

function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}
