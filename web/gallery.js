// gallery.js: filters, search and keyboard moves over the gallery's cards.
// The cards themselves are the baked ones (internal/view); the
// filter state lives in the query string (?q=&tag=&backend=, read and
// written through router.js) so it survives reload and back/forward and can
// be linked to.

import { h, clear } from "./dom.js";
import { galleryFilters, rememberFilters } from "./router.js";

/**
 * @param {import("./data.js").PageData} data
 * @param {HTMLElement} main
 */
export function initGallery(data, main) {
  const root = main.querySelector("[data-testid=gallery]");
  if (!root) return;
  const meta = new Map(data.catalog.map((e) => [e.id, e.meta]));
  // The Django code, prose and SQL of each scenario (view.SearchText).
  const body = new Map(data.catalog.map((e) => [e.id, e.text || ""]));
  // The recorded lanes each card names: "postgresql" finds them too.
  const lanes = new Map(data.catalog.map((e) => [e.id, e.lanes || []]));
  const cards = [...root.querySelectorAll("[data-testid=card]")];
  const tools = root.querySelector("[data-testid=gallery-tools]");
  const empty = root.querySelector("[data-testid=gallery-empty]");

  const backends = uniq(data.catalog.map((e) => e.meta.backend).filter(Boolean));
  const tags = uniq(data.catalog.flatMap((e) => e.meta.tags || []));
  const search = h("input", {
    type: "search", id: "gallery-search", "data-testid": "gallery-search", placeholder: "Search quirks  ( / )",
    autocomplete: "off", spellcheck: "false",
  });
  const backend = select("filter-backend", "All backends", backends);
  const tag = select("filter-tag", "All tags", tags);
  const count = h("p", { class: "gallery-count", "data-testid": "gallery-count", "aria-live": "polite" });
  if (tools) {
    clear(tools).append(
      h("label", { class: "field grow" }, h("span", { class: "label" }, "Search"), search),
      h("label", { class: "field" }, h("span", { class: "label" }, "Backend"), backend),
      h("label", { class: "field" }, h("span", { class: "label" }, "Tag"), tag),
      count);
  }

  // Nothing matches: one click undoes every filter.
  const clearAll = h("button", { type: "button", class: "btn", "data-testid": "gallery-clear" }, "Show all scenarios");
  if (empty) empty.append(" ", clearAll);
  clearAll.addEventListener("click", () => {
    search.value = backend.value = tag.value = "";
    apply();
    remember();
    search.focus();
  });

  const asked = galleryFilters();
  search.value = asked.q;
  backend.value = backends.includes(asked.backend) ? asked.backend : "";
  tag.value = tags.includes(asked.tag) ? asked.tag : "";

  // Each card's metadata and the lower-cased text the search looks in,
  // made once rather than at every key.
  const known = new Map(cards.map((card) => {
    const m = meta.get(card.dataset.id) || { title: card.textContent, tags: [] };
    // The topic as its heading words it: the search finds "locking" too.
    const topic = card.closest("section.topic")?.querySelector(".topic-title")?.textContent || "";
    const text = [card.dataset.id, m.title, m.summary, m.backend, topic, ...(m.tags || []), ...(lanes.get(card.dataset.id) || []), body.get(card.dataset.id)].join(" ").toLowerCase();
    return [card, { m, text }];
  }));

  const apply = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const card of cards) {
      const { m, text } = /** @type {{m: any, text: string}} */ (known.get(card));
      const ok = words.every((w) => text.includes(w)) &&
        (!backend.value || m.backend === backend.value) &&
        (!tag.value || (m.tags || []).includes(tag.value));
      card.hidden = !ok;
      if (ok) shown++;
    }
    for (const section of root.querySelectorAll("section.topic")) {
      section.hidden = !section.querySelector("[data-testid=card]:not([hidden])");
    }
    if (empty) empty.hidden = shown > 0;
    count.textContent = `${shown} of ${cards.length} scenarios`;
  };
  let pending = 0;
  const remember = () => {
    clearTimeout(pending);
    pending = 0;
    rememberFilters({ q: search.value, backend: backend.value, tag: tag.value });
  };
  // Typing updates the address once it pauses, not at every key. A click
  // (on a card, say) writes what is pending first, so Back finds it.
  const rememberSoon = () => {
    clearTimeout(pending);
    pending = setTimeout(remember, 300);
  };
  document.addEventListener("click", () => pending && remember(), true);
  search.addEventListener("input", () => {
    apply();
    rememberSoon();
  });
  for (const el of [backend, tag]) {
    el.addEventListener("input", () => {
      apply();
      remember();
    });
  }
  apply();

  document.addEventListener("keydown", (e) => {
    const t = /** @type {HTMLElement} */ (e.target);
    const typing = t.matches("input, textarea, select, [contenteditable]");
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      search.focus();
      search.select();
      return;
    }
    if (!["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight"].includes(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    const links = cards.filter((c) => !c.hidden).map((c) => /** @type {HTMLElement} */ (c.querySelector("a.card-link"))).filter(Boolean);
    const i = links.indexOf(/** @type {any} */ (document.activeElement));
    // In the search box only Down leaves it (Left and Right move the caret);
    // elsewhere the arrows act on cards only.
    if (typing ? t !== search || e.key !== "ArrowDown" : i < 0 && e.key !== "ArrowDown") return;
    if (!links.length) return;
    e.preventDefault();
    if (i < 0) {
      links[0].focus();
      return;
    }
    const next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : vertical(links, i, e.key === "ArrowDown" ? 1 : -1);
    if (next < 0) search.focus();
    else if (next < links.length) links[next].focus();
  });
}

/**
 * vertical finds the card link above (dir -1) or below (dir 1) links[i] on
 * screen: the grid flows in rows, so the card below is the nearest one in
 * the next row down, not the next in the list. It returns -1 above the
 * first row and links.length below the last.
 * @param {HTMLElement[]} links
 * @param {number} i
 * @param {number} dir
 */
function vertical(links, i, dir) {
  const box = (el) => /** @type {HTMLElement} */ (el.closest("[data-testid=card]")).getBoundingClientRect();
  const here = box(links[i]);
  const x = here.left + here.width / 2;
  let best = -1, bestDy = Infinity, bestDx = Infinity;
  links.forEach((l, j) => {
    const b = box(l);
    const dy = dir > 0 ? b.top - here.bottom : here.top - b.bottom;
    if (j === i || dy < -1) return; // not in that direction
    const dx = Math.abs(b.left + b.width / 2 - x);
    // The nearest row first, then the nearest column within it.
    if (dy < bestDy - 1 || (Math.abs(dy - bestDy) <= 1 && dx < bestDx)) {
      best = j;
      bestDy = dy;
      bestDx = dx;
    }
  });
  return best >= 0 ? best : dir > 0 ? links.length : -1;
}

function select(testid, all, values) {
  return h("select", { id: testid, "data-testid": testid },
    h("option", { value: "" }, all), values.map((v) => h("option", { value: v }, v)));
}

function uniq(xs) {
  return [...new Set(xs)].sort((a, b) => a.localeCompare(b));
}
