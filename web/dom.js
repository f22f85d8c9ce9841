// dom.js: the one way this app builds elements. Text always goes in as
// text (textContent, attribute values), never as HTML: scenarios and results
// come from links anyone can craft. The only HTML the app inserts is
// internal/view's markup, through insertViewHTML.

/**
 * h builds an element. attrs: plain attributes ("class", "data-x", "aria-x",
 * ...), plus "hidden"/"disabled" as booleans and "on<event>" as listeners.
 * children: strings (inserted as text), nodes, arrays, or null/false (skipped).
 * @param {string} tag
 * @param {Record<string, any>|null} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

/** append adds children as h does. */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return el;
}

/**
 * insertViewHTML puts markup from internal/view on the page: inside el
 * (replacing its children), or in place of el with where "replace". It is
 * the only place the page inserts HTML, and it only ever receives markup
 * internal/view wrote (the baked article, or a play's html): Go escapes
 * every text in it, and the only markup from a scenario is goldmark's
 * sanitised prose inside it. It returns the first element inserted.
 * @param {Element} el
 * @param {string} viewHTML
 * @param {"inside"|"replace"} [where]
 * @returns {Element|null}
 */
export function insertViewHTML(el, viewHTML, where = "inside") {
  // A <template> parses the markup inertly: nothing in it loads or runs
  // before it is in the page.
  const t = document.createElement("template");
  t.innerHTML = viewHTML;
  dropActive(t.content);
  const first = t.content.firstElementChild;
  if (where === "replace") el.replaceWith(t.content);
  else el.replaceChildren(t.content);
  return first;
}

/** dropActive removes what the view never writes and what could run:
 * a second guard, after Go's escaping and the parser's link check. A page
 * whose results lost something here differs from the view's markup, which
 * the browser tests compare. */
function dropActive(root) {
  for (const bad of root.querySelectorAll("script,style,iframe,object,embed,form,link,meta,base")) bad.remove();
  for (const el of root.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const url = attr.name === "href" || attr.name === "src" || attr.name === "action" || attr.name === "formaction" || attr.name === "xlink:href";
      if (attr.name.startsWith("on") || attr.name === "style" || attr.name === "srcdoc" || (url && !isSafeURL(attr.value))) el.removeAttribute(attr.name);
    }
  }
}

/** isSafeURL accepts what scenario.SafeURL does, read as a browser reads
 * it: http, https and mailto addresses, and links with no scheme. */
function isSafeURL(url) {
  const u = String(url).replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
  if (/[\u0000-\u001f\u007f]/.test(u)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u);
  return !scheme || /^(https?|mailto)$/i.test(scheme[1]);
}

/** clear removes every child of el. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}
