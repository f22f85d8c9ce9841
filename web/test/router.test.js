// router.js: what the address means, and every change the page makes to it.
import { test } from "node:test";
import assert from "node:assert/strict";

// A browser's address, enough for router.js: location, history (whose
// replaceState moves location), and window's hashchange listeners.
const listeners = [];
const address = {
  set(href) {
    const u = new URL(href);
    Object.assign(globalThis.location, { href: u.href, origin: u.origin, pathname: u.pathname, search: u.search, hash: u.hash });
  },
};
globalThis.location = /** @type {any} */ ({ reload() { this.reloaded = true; } });
globalThis.history = /** @type {any} */ ({
  state: { kept: true },
  calls: [],
  replaceState(state, _title, url) {
    this.calls.push({ state, url });
    address.set(new URL(url, globalThis.location.href).href);
  },
});
globalThis.window = /** @type {any} */ ({ self: 1, top: 1, addEventListener: (type, fn) => listeners.push({ type, fn }) });
const hashChanges = (hash) => {
  address.set(new URL(hash, globalThis.location.href).href);
  for (const l of listeners) if (l.type === "hashchange") l.fn();
};

const router = await import("../router.js");
const { pageOptions, startsAt } = router;

test("startsAt: full pages at once, embeds as their boot says, links included", () => {
  const at = (search, hash = "") => startsAt(pageOptions(/** @type {any} */ ({ search, hash })));
  const cases = [
    ["", "", "load"],
    ["", "#v1.abc", "load"], // a full page opens its link at once
    ["?embed=1", "", "run"],
    ["?embed=1&frame=f1", "#v1.abc", "run"], // a <pre data-dbquirks> frame
    ["?embed=1&boot=visible", "#v1.abc", "visible"],
    ["?embed=1&boot=load", "#v1.abc", "load"],
    ["?embed=1&boot=bogus", "#v1.abc", "run"],
    ["?embed=0", "#v1.abc", "load"],
  ];
  for (const [search, hash, want] of cases) assert.equal(at(search, hash), want, search + hash);
});

test("startsAt: a framed page is an embed even without ?embed=1", () => {
  globalThis.window.top = 2;
  try {
    assert.equal(startsAt(pageOptions(/** @type {any} */ ({ search: "", hash: "#v1.abc" }))), "run");
  } finally {
    globalThis.window.top = 1;
  }
});

test("pageOptions reads the page's own address by default", () => {
  address.set("http://site.test/s/x/?step=3&theme=dark#v1.abc");
  const o = pageOptions();
  assert.equal(o.step, 3);
  assert.equal(o.target, 3);
  assert.equal(o.theme, "dark");
  assert.equal(o.link, "v1.abc");
  assert.equal(o.lanes, true);
  address.set("http://site.test/s/x/?embed=1&lanes=0");
  assert.equal(pageOptions().lanes, false, "data-lanes=none reaches the frame as lanes=0");
  address.set("http://site.test/s/x/#step-4");
  assert.equal(pageOptions().target, 4);
  assert.equal(pageOptions().link, null);
});

test("stepAnchor and isLink tell a step's anchor from a permalink", () => {
  const cases = [
    ["#step-3", 3, false],
    ["step-12", 12, false],
    ["#step-0", null, false],
    ["#step-3x", null, false],
    ["#v1.abc", null, true],
    ["#v9.", null, true],
    ["#v1", null, false],
    ["", null, false],
  ];
  for (const [hash, step, link] of cases) {
    assert.equal(router.stepAnchor(hash), step, "stepAnchor " + hash);
    assert.equal(router.isLink(hash), link, "isLink " + hash);
  }
});

test("pageURL and absoluteURL are of this site, whatever the page's path", () => {
  address.set("http://site.test/base/s/a/?embed=1#v1.x");
  assert.equal(router.pageURL("/base/", "b c"), "http://site.test/base/s/b%20c/");
  assert.equal(router.pageURL("/base/", ""), "http://site.test/base/");
  assert.equal(router.absoluteURL("/base/embed.js"), "http://site.test/base/embed.js");
});

test("galleryFilters reads what withFilters writes", () => {
  const cases = [
    { q: "", backend: "", tag: "" },
    { q: "like ä", backend: "sqlite", tag: "" },
    { q: "a&b=c#d", backend: "", tag: "locking" },
  ];
  for (const f of cases) {
    const u = new URL(router.withFilters("http://site.test/?embed=1#top", f));
    assert.deepEqual(router.galleryFilters(u.search), { ...f, q: f.q.trim() }, JSON.stringify(f));
    assert.equal(u.searchParams.get("embed"), "1", "other parameters are kept");
    assert.equal(u.hash, "#top", "the fragment is kept");
  }
});

test("withFilters removes the filters that are empty and trims the search", () => {
  const href = router.withFilters("http://site.test/?q=old&tag=t&backend=b", { q: "  new  ", backend: "", tag: "" });
  assert.equal(href, "http://site.test/?q=new");
  assert.equal(router.withFilters("http://site.test/?q=x", { q: " ", backend: "", tag: "" }), "http://site.test/");
});

test("rememberFilters replaces the address, keeping history's state, only on a change", () => {
  address.set("http://site.test/?q=a");
  history.calls.length = 0;
  router.rememberFilters({ q: "a", backend: "", tag: "" });
  assert.equal(history.calls.length, 0, "nothing changed, nothing written");
  router.rememberFilters({ q: "b", backend: "sqlite", tag: "" });
  assert.equal(location.href, "http://site.test/?q=b&backend=sqlite");
  assert.deepEqual(history.calls.map((c) => c.state), [{ kept: true }]);
  assert.deepEqual(router.galleryFilters(), { q: "b", backend: "sqlite", tag: "" });
});

test("noteStep puts ?step=N in the address and keeps the link in the fragment", () => {
  address.set("http://site.test/s/x/?step=2#v1.abc");
  assert.equal(router.addressHoldsLink(), true);
  router.noteStep(5);
  assert.equal(location.href, "http://site.test/s/x/?step=5#v1.abc");
  assert.equal(router.addressHoldsLink(), true);
  assert.equal(pageOptions().target, 5);
  address.set("http://site.test/s/x/#step-1");
  assert.equal(router.addressHoldsLink(), false);
});

test("showInAddressBar puts a URL in the address", () => {
  address.set("http://site.test/s/x/");
  router.showInAddressBar("http://site.test/s/x/?step=2#v1.zz");
  assert.equal(location.href, "http://site.test/s/x/?step=2#v1.zz");
});

test("onStepAnchor hears #step-N and nothing else; watchLinks reloads for another link only", () => {
  listeners.length = 0;
  address.set("http://site.test/s/x/#v1.first");
  const steps = [];
  router.onStepAnchor((n) => steps.push(n));
  router.watchLinks("v1.first");
  for (const hash of ["#step-2", "#v1.first", "#nothing", "#step-7"]) hashChanges(hash);
  assert.deepEqual(steps, [2, 7]);
  assert.equal(location.reloaded, undefined, "the same link, or no link: no reload");
  hashChanges("#v1.second");
  assert.equal(location.reloaded, true);
});

test("openInNewTab opens at once, then sends the tab to the address, its opener cut", async () => {
  const opened = [];
  const tab = { opener: "this page", document: { body: { textContent: "" } }, location: { href: "about:blank" } };
  globalThis.window.open = (url, target, features) => {
    opened.push([url, target, features]);
    return tab;
  };
  let resolve = (/** @type {string} */ _) => {};
  const done = router.openInNewTab(new Promise((r) => (resolve = r)), "Making the link…");
  assert.deepEqual(opened, [["about:blank", "_blank", undefined]]);
  assert.equal(tab.document.body.textContent, "Making the link…");
  resolve("http://site.test/s/x/#v1.abc");
  await done;
  assert.equal(tab.opener, null);
  assert.equal(tab.location.href, "http://site.test/s/x/#v1.abc");
});

test("openInNewTab, when the blank tab was refused, opens the address itself", async () => {
  const opened = [];
  globalThis.window.open = (url, target, features) => {
    opened.push([url, target, features]);
    return null;
  };
  await router.openInNewTab(Promise.resolve("http://site.test/"), "…");
  assert.deepEqual(opened, [["about:blank", "_blank", undefined], ["http://site.test/", "_blank", "noopener"]]);
});
