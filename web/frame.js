// frame.js: the framed page's side of the embed protocol (the parent's side
// is web/embed.js). Every message is an object
//   {ns: "dbquirks", v: 1, type, frame, ...}
// where frame is the id the parent gave this frame in its URL (&frame=ID),
// so that several embeds on one page never mix up their messages.
//
// Frame -> parent (to window.parent, any origin: the messages carry nothing
// private, only sizes and results the page shows anyway):
//   {type: "ready",  height, scenario}      once, when the scenario is drawn
//   {type: "resize", height}                whenever the content's height changes,
//                                           on screen or not
//   {type: "result", failures, steps, stopped}  after each run, even one
//                                           that ended without results
// Parent -> frame (accepted only from window.parent, checked field by field,
// never evaluated):
//   {type: "run"}                           run the scenario
//   {type: "load", source}                  replace the scenario's source (at
//                                           most 64 KiB of Markdown) and run it

export const NS = "dbquirks";
// VERSION is the frame protocol's own number, not WIRE_VERSION (wire.js):
// the other side is web/embed.js running on other people's pages, served at
// a stable address that they may cache or copy, and host pages may post
// these messages themselves (docs/embedding.md). Its number changes only
// when these messages do, never because the engine's payloads did.
export const VERSION = 1;
const MAX_SOURCE = 64 << 10; // as internal/permalink.MaxDecoded

/** contentHeight is the height of the frame's content, in whole CSS px
 * rounded up: a frame of that height shows all of it. */
function contentHeight() {
  return Math.ceil(document.body.getBoundingClientRect().height);
}

export class FrameLink {
  /**
   * @param {string} frame
   * @param {{run: () => any, load: (source: string) => any}} on
   */
  constructor(frame, on) {
    this.frame = frame;
    this.on = on;
    this.height = -1;
    this.shown = false;
    window.addEventListener("message", (e) => this.receive(e));
    // A ResizeObserver reports a change of layout (a wider or narrower
    // host, a font) but only when the frame is rendered, and Chromium does
    // not render a cross-origin frame while it is off screen: a frame below
    // the fold that changed after its last report kept a stale height, and
    // a scrollbar, until the reader scrolled to it. A change of the DOM is
    // reported whether rendered or not (measuring forces the layout), so
    // such a frame has its height before anyone sees it.
    if ("ResizeObserver" in window) new ResizeObserver(() => this.resized()).observe(document.body);
    if ("MutationObserver" in window) {
      new MutationObserver(() => this.resized()).observe(document.body,
        { childList: true, subtree: true, characterData: true, attributes: true });
    }
  }

  send(type, extra) {
    if (window.parent === window) return;
    window.parent.postMessage({ ns: NS, v: VERSION, type, frame: this.frame, ...extra }, "*");
  }

  /** show says ready, with the height of the scenario now drawn. Before
   * it the page is an empty shell whose height means nothing to the host. */
  show() {
    if (this.shown) return;
    this.shown = true;
    this.height = contentHeight();
    const id = document.querySelector("[data-testid=scenario]")?.getAttribute("data-id") || "";
    this.send("ready", { height: this.height, scenario: id });
  }

  /** resized reports the content's height when it changed since the last
   * report. The body's box is measured, not the viewport, so a frame
   * shrinks as well as grows. */
  resized() {
    if (!this.shown) return;
    const height = contentHeight();
    if (height === this.height) return;
    this.height = height;
    this.send("resize", { height });
  }

  /** @param {import("./wire.js").Transcript} t */
  result(t) {
    this.send("result", {
      failures: Number(t.failures) || 0,
      steps: (t.steps || []).filter((s) => !s.skipped).length,
      stopped: t.stopped ? String(t.stopped.reason || "") : "",
    });
  }

  /** ended answers a run that left no transcript: the engine crashed
   * ("crash") or was stopped ("cancelled"), failed ("error"), or the
   * scenario could not be read ("invalid"). The parent waits for a result
   * to each run and load; it gets one, saying why there are none. */
  ended(reason) {
    this.send("result", { failures: 0, steps: 0, stopped: reason });
  }

  /** @param {MessageEvent} e */
  receive(e) {
    if (e.source !== window.parent || window.parent === window) return;
    const m = e.data;
    if (!m || typeof m !== "object" || m.ns !== NS || m.v !== VERSION) return;
    if (m.frame !== undefined && m.frame !== this.frame) return;
    if (m.type === "run") {
      this.on.run();
    } else if (m.type === "load" && typeof m.source === "string" && m.source.length <= MAX_SOURCE) {
      this.on.load(m.source);
    }
  }
}
