// notices.js: the notices above a scenario's steps (a restored draft, a
// shared link, a draft that could not be saved...), drawn from the
// session's list. Each is plain text with a button that dismisses it.

import { h } from "./dom.js";

export class Notices {
  /** @param {import("./session.js").Session} session */
  constructor(session) {
    this.session = session;
    /** @type {Map<string, {text: string, el: HTMLElement}>} what is on screen, by kind */
    this.shown = new Map();
    /** @type {HTMLElement|null} the article's notices box */
    this.box = null;
  }

  /** place puts the notices in a newly drawn article's box. */
  place(box) {
    this.box = box;
    this.update();
  }

  /** update draws the session's notices, keeping those that did not change. */
  update() {
    const want = this.session.state.notices;
    for (const [kind, n] of this.shown) {
      if (!want.some((w) => w.kind === kind && w.text === n.text)) {
        n.el.remove();
        this.shown.delete(kind);
      }
    }
    for (const { kind, text } of want) {
      let n = this.shown.get(kind);
      if (!n) {
        n = { text, el: this.notice(kind, text) };
        this.shown.set(kind, n);
      }
      // New ones last, as in the session's list; moving one that is in
      // place would take the focus from its button.
      if (this.box && n.el.parentNode !== this.box) this.box.append(n.el);
    }
  }

  notice(kind, text) {
    return h("p", { class: "notice", "data-notice": kind },
      h("span", null, text), " ",
      h("button", { type: "button", class: "notice-close", "aria-label": "Dismiss", onclick: () => this.session.dropNotice(kind) }, "×"));
  }
}
