/*! dbquirks embed.js: live database quirks in documentation pages.
 *
 * One script tag turns placeholders into auto-sizing iframes of dbquirks:
 *
 *   <script src="https://HOST/BASE/embed.js" defer></script>
 *   <div data-dbquirks="sqlite-like-ascii-case">LIKE ignores ASCII case (static text)</div>
 *   <pre data-dbquirks>SELECT 'a' LIKE 'A';</pre>
 *
 * data-dbquirks="ID" embeds a built-in scenario; an empty data-dbquirks on a
 * <pre> embeds its text as SQL, carried in the frame's URL fragment as a
 * scenario link (#v1.…, the format of internal/permalink), so it never
 * reaches any server. Options, all optional:
 *   data-step="N"               show only step N
 *   data-theme="light|dark|auto"
 *   data-explanations="off"     hide the explanations
 *   data-lanes="none"           hide the recorded PostgreSQL and MariaDB answers
 *   data-autorun="visible|load" start the engine when the frame is visible,
 *                               or at once (default: on the reader's Run)
 *   data-title="…"              title of a <pre> scenario
 * Without JavaScript, or when something cannot be embedded, the placeholder
 * stays as it is. The protocol between this script and the frames is in
 * docs/embedding.md. No dependencies; works in any page, under any CSP that
 * lets this script run.
 *
 * It is not part of the page's bundle: it reads its own script's address and
 * the host's location, which web/router.js owns only inside dbquirks pages,
 * and its protocol number is web/frame.js's VERSION, not the wire version.
 */
(function () {
  "use strict";

  var NS = "dbquirks";
  var VERSION = 1;
  var MAX_DECODED = 64 * 1024; // internal/permalink.MaxDecoded
  var MAX_HEIGHT = 20000; // px; a frame asking for more is capped
  var ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/; // a scenario id, as permalink accepts

  var script = document.currentScript ||
    document.querySelector('script[src$="/embed.js"],script[src="embed.js"]');
  var base = new URL(".", script && script.src ? script.src : location.href);
  var origin = base.origin;

  var frames = Object.create(null); // frame id -> {iframe, placeholder}
  var counter = 0;

  // ---- Scenario links (#v1.…), the same bytes internal/permalink reads ----

  function utf8(s) {
    return new TextEncoder().encode(s);
  }

  /** deflateRaw compresses with the browser's CompressionStream, or, where
   * there is none, writes the data as stored (uncompressed) DEFLATE blocks:
   * longer links, but every decoder reads them. */
  function deflateRaw(bytes) {
    if (typeof CompressionStream === "function") {
      try {
        var stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
        return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
      } catch (e) {
        // "deflate-raw" unknown to this browser: fall through.
      }
    }
    return Promise.resolve(stored(bytes));
  }

  function stored(bytes) {
    var blocks = Math.max(1, Math.ceil(bytes.length / 65535));
    var out = new Uint8Array(bytes.length + 5 * blocks);
    var o = 0;
    for (var i = 0; i < blocks; i++) {
      var chunk = bytes.subarray(i * 65535, Math.min(bytes.length, (i + 1) * 65535));
      var n = chunk.length;
      out[o++] = i === blocks - 1 ? 1 : 0; // BFINAL, BTYPE=00 (stored)
      out[o++] = n & 255;
      out[o++] = n >>> 8;
      out[o++] = ~n & 255;
      out[o++] = (~n >>> 8) & 255;
      out.set(chunk, o);
      o += n;
    }
    return out;
  }

  function base64url(bytes) {
    var bin = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** encode makes the fragment (without "#") for a scenario's Markdown. */
  function encode(source) {
    var json = utf8(JSON.stringify({ source: String(source), base: "", engine: "", digest: "" }));
    if (json.length > MAX_DECODED) {
      return Promise.reject(new Error("the scenario is more than 64 KiB, too large for a link"));
    }
    return deflateRaw(json).then(function (z) { return "v1." + base64url(z); });
  }

  /** scenarioFromSQL wraps SQL in a one-step scenario. The fence is longer
   * than any run of backticks in the SQL, so nothing in it ends the step. */
  function scenarioFromSQL(sql, title) {
    var fence = "```";
    while (sql.indexOf(fence) >= 0) fence += "`";
    return "---\ntitle: " + JSON.stringify(title.replace(/\s+/g, " ").trim() || "SQL example") + "\n---\n\n" +
      fence + "sql\n" + sql + "\n" + fence + "\n";
  }

  // ---- Placeholders -> frames ------------------------------------------

  function embed(el) {
    if (el.hasAttribute("data-dbquirks-frame")) return Promise.resolve(null);
    var id = (el.getAttribute("data-dbquirks") || "").trim();
    var frame = "dbq" + (++counter) + "-" + Math.random().toString(36).slice(2, 10);
    el.setAttribute("data-dbquirks-frame", frame);

    var q = new URLSearchParams();
    q.set("embed", "1");
    q.set("frame", frame);
    var step = parseInt(el.getAttribute("data-step") || "", 10);
    if (step > 0) q.set("step", String(step));
    var theme = el.getAttribute("data-theme");
    if (theme === "light" || theme === "dark" || theme === "auto") q.set("theme", theme);
    if (/^(off|false|no|0|hide)$/i.test(el.getAttribute("data-explanations") || "")) q.set("explain", "0");
    if (/^(none|off|false|no|0|hide)$/i.test(el.getAttribute("data-lanes") || "")) q.set("lanes", "0");
    var autorun = el.getAttribute("data-autorun");
    if (autorun === "visible" || autorun === "load") q.set("boot", autorun);

    var src;
    if (id) {
      if (!ID.test(id)) return fail(el, 'data-dbquirks="' + id + '" is not a scenario id');
      src = Promise.resolve(new URL("s/" + encodeURIComponent(id) + "/?" + q, base).href);
    } else if (el.tagName === "PRE") {
      var sql = (el.textContent || "").replace(/^\s*\n/, "").replace(/\s+$/, "");
      if (!sql) return fail(el, "the <pre data-dbquirks> block holds no SQL");
      src = encode(scenarioFromSQL(sql, el.getAttribute("data-title") || ""))
        .then(function (fragment) { return new URL("?" + q + "#" + fragment, base).href; });
    } else {
      return fail(el, "data-dbquirks needs a scenario id, or must be on a <pre> of SQL");
    }

    return src.then(function (href) {
      var iframe = document.createElement("iframe");
      iframe.src = href;
      iframe.title = "dbquirks: " + (id || el.getAttribute("data-title") || "SQL example");
      iframe.setAttribute("loading", "lazy");
      iframe.setAttribute("data-dbquirks-frame", frame);
      iframe.style.width = "100%";
      iframe.style.height = "24em"; // until the frame reports its height
      iframe.style.border = "0";
      iframe.style.display = "block";
      frames[frame] = { iframe: iframe, placeholder: el };
      el.parentNode.insertBefore(iframe, el.nextSibling);
      // The placeholder stays in the page for readers without frames and
      // for the host's own scripts, hidden.
      el.hidden = true;
      el.style.display = "none";
      return iframe;
    }, function (err) {
      return fail(el, err && err.message ? err.message : String(err));
    });
  }

  function fail(el, why) {
    el.setAttribute("data-dbquirks-error", why);
    if (window.console) console.warn("dbquirks embed: " + why + "; the placeholder is left as it is.", el);
    return Promise.resolve(null);
  }

  // ---- Messages from frames --------------------------------------------

  window.addEventListener("message", function (e) {
    var m = e.data;
    if (!m || typeof m !== "object" || m.ns !== NS || m.v !== VERSION || typeof m.frame !== "string") return;
    var f = frames[m.frame];
    // Only the frame this script made, from the dbquirks site, speaks for
    // its id: another frame or page naming it is ignored.
    if (!f || e.source !== f.iframe.contentWindow || e.origin !== origin) return;
    if ((m.type === "ready" || m.type === "resize") && typeof m.height === "number" && isFinite(m.height) && m.height > 0) {
      f.iframe.style.height = Math.min(Math.ceil(m.height), MAX_HEIGHT) + "px";
    }
    if (m.type === "ready" || m.type === "result") {
      var detail = { frame: m.frame };
      if (m.type === "result") {
        detail.failures = Number(m.failures) || 0;
        detail.steps = Number(m.steps) || 0;
        detail.stopped = typeof m.stopped === "string" ? m.stopped : "";
      }
      f.placeholder.dispatchEvent(new CustomEvent("dbquirks:" + m.type, { detail: detail }));
    }
  });

  /** send posts a message to the frame of a placeholder or iframe element
   * (or frame id), to the dbquirks origin only. */
  function send(target, type, extra) {
    var frame = typeof target === "string" ? target : target && target.getAttribute("data-dbquirks-frame");
    var f = typeof frame === "string" ? frames[frame] : undefined;
    if (!f || !f.iframe.contentWindow) return false;
    var m = { ns: NS, v: VERSION, type: type, frame: frame };
    for (var k in extra) m[k] = extra[k];
    f.iframe.contentWindow.postMessage(m, origin);
    return true;
  }

  function scan(root) {
    var els = (root || document).querySelectorAll("[data-dbquirks]:not([data-dbquirks-frame])");
    return Promise.all(Array.prototype.map.call(els, embed));
  }

  window.dbquirksEmbed = {
    version: VERSION,
    /** scan embeds the placeholders under root (default: the document)
     * that are not embedded yet, e.g. after the page added some. */
    scan: scan,
    /** run asks a frame to run its scenario. */
    run: function (target) { return send(target, "run", {}); },
    /** load replaces a frame's scenario with Markdown source and runs it. */
    load: function (target, source) { return send(target, "load", { source: String(source) }); },
    /** encode returns (a Promise of) the scenario link fragment, v1.…,
     * for Markdown source. */
    encode: encode,
    /** fromSQL is the scenario Markdown a <pre data-dbquirks> block becomes. */
    fromSQL: scenarioFromSQL,
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(); });
  } else {
    scan();
  }
})();
