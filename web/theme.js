// theme.js: light, dark, or the system's choice (prefers-color-scheme, the
// default). The choice is kept in localStorage; an embed's ?theme= applies
// to that frame only and is not kept.

import * as storage from "./storage.js";

const THEMES = ["auto", "light", "dark"];
const LABELS = { auto: "Theme: follows the system", light: "Theme: light", dark: "Theme: dark" };
const ICONS = { auto: "◐", light: "☀", dark: "☾" };

/**
 * initTheme applies the stored (or forced) theme and wires the toggle.
 * @param {{forced?: string|null}} opts forced: "light"|"dark"|"auto" from ?theme=
 */
export function initTheme({ forced = null } = {}) {
  const btn = /** @type {HTMLButtonElement|null} */ (document.querySelector("[data-testid=theme-toggle]"));
  let theme = THEMES.includes(forced || "") ? forced : storage.get("theme");
  if (!THEMES.includes(theme || "")) theme = "auto";
  apply(theme, btn);
  if (!btn) return;
  btn.hidden = false;
  btn.addEventListener("click", () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    apply(theme, btn);
    if (!forced) storage.set("theme", theme);
  });
}

function apply(theme, btn) {
  const root = document.documentElement;
  if (theme === "auto") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", theme);
  if (btn) {
    btn.setAttribute("aria-label", LABELS[theme]);
    btn.title = LABELS[theme] + " (click to change)";
    btn.textContent = ICONS[theme];
  }
}
