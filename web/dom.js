// dom.js: the one way this app builds elements. Text always goes in as
// text (textContent, attribute values), never as HTML: scenarios and results
// come from links anyone can craft. The only HTML the app inserts is
// goldmark's safe output, through trustedProse.

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
 * trustedProse returns a div holding HTML that the scenario parser rendered
 * with goldmark (raw HTML off, dangerous links dropped). Only Document's
 * explanationHtml, epilogueHtml and meta.django.noteHtml may come here.
 * @param {string} tag
 * @param {string} cls
 * @param {string} safeHTML
 */
export function trustedProse(tag, cls, safeHTML) {
  const el = h(tag, { class: cls });
  // The one deliberate HTML insertion (see above). A <template> parses the
  // markup inertly; links are checked once more on the way in.
  const t = document.createElement("template");
  t.innerHTML = safeHTML;
  for (const a of t.content.querySelectorAll("a[href]")) {
    if (!isSafeURL(a.getAttribute("href"))) a.removeAttribute("href");
  }
  for (const bad of t.content.querySelectorAll("script,style,iframe,object,embed,form,input,button,textarea,select,link,meta,base")) {
    bad.remove();
  }
  for (const el2 of t.content.querySelectorAll("*")) {
    for (const attr of [...el2.attributes]) {
      if (attr.name.startsWith("on") || attr.name === "style" || attr.name === "srcdoc") el2.removeAttribute(attr.name);
      else if ((attr.name === "src" || attr.name === "xlink:href" || attr.name === "action" || attr.name === "formaction") && !isSafeURL(attr.value)) el2.removeAttribute(attr.name);
    }
  }
  el.append(t.content);
  return el;
}

/** isSafeURL accepts http(s) links, and relative links and fragments. */
export function isSafeURL(url) {
  const u = String(url).trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return /^https?:/i.test(u);
  return !u.startsWith("//") && !/[\u0000-\u001f]/.test(u);
}

/** clear removes every child of el. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}
