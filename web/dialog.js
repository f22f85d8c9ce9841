// dialog.js: modal questions and panels on <dialog>, which keeps focus
// inside, closes on Escape and gives focus back when it closes.

import { h } from "./dom.js";

/**
 * ask shows a question with two answers and resolves true for the first.
 * The buttons' test ids are yesID and noID.
 * @param {{testid: string, yesID: string, noID: string, title: string, text: string, yes: string, no: string, danger?: boolean}} q
 * @returns {Promise<boolean>}
 */
export function ask(q) {
  const yes = h("button", { type: "button", class: "btn " + (q.danger ? "danger" : "primary"), "data-testid": q.yesID, value: "yes" }, q.yes);
  const no = h("button", { type: "button", class: "btn", "data-testid": q.noID, value: "no" }, q.no);
  const d = /** @type {HTMLDialogElement} */ (h("dialog", { class: "confirm", "data-testid": q.testid, "aria-labelledby": q.testid + "-title" },
    h("h2", { id: q.testid + "-title" }, q.title), h("p", null, q.text), h("div", { class: "dialog-buttons" }, no, yes)));
  document.body.append(d);
  return new Promise((resolve) => {
    // A button answers at once; the close event (Escape) may come a task or
    // more later, so it is only the fallback.
    let done = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      if (d.open) d.close(answer);
      d.remove();
      resolve(answer === "yes");
    };
    d.addEventListener("click", (e) => {
      const b = /** @type {HTMLElement} */ (e.target).closest("button");
      if (b) finish(b.getAttribute("value") || "no");
    });
    d.addEventListener("close", () => finish(d.returnValue === "yes" ? "yes" : "no"));
    d.showModal();
    no.focus();
  });
}

/**
 * panel shows a dialog with a title, content and a Close button.
 * @param {{testid: string, title: string}} p
 * @param {...any} content
 */
export function panel(p, ...content) {
  const close = h("button", { type: "button", class: "btn", "data-testid": p.testid + "-close" }, "Close");
  const d = /** @type {HTMLDialogElement} */ (h("dialog", { class: "panel", "data-testid": p.testid, "aria-labelledby": p.testid + "-title" },
    h("div", { class: "panel-head" }, h("h2", { id: p.testid + "-title" }, p.title), close), ...content));
  close.addEventListener("click", () => {
    d.close();
    d.remove();
  });
  d.addEventListener("close", () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

/** copyText puts text on the clipboard; where that is refused it selects
 * the field so the person can copy it, and says so. */
export async function copyText(text, field, statusEl) {
  try {
    await navigator.clipboard.writeText(text);
    statusEl.textContent = "Copied.";
  } catch {
    if (field) {
      field.focus();
      field.select();
    }
    statusEl.textContent = "Press Ctrl+C (⌘C) to copy the selected text.";
  }
}
