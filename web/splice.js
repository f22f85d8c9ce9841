// splice.js: put a step's edited SQL back into the scenario's Markdown, so
// that one source of truth (the Markdown) is what is run, saved as a draft
// and shared. The step is found by the line of its opening fence
// (Document.steps[i].line); everything outside the block stays byte for byte.

const openFenceRE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * spliceStepSQL replaces the content of the sql block whose opening fence is
 * on 1-based line `line` with `sql`. It returns the new source and how many
 * lines it gained (negative when it lost some), so that the lines of later
 * steps can be shifted without parsing again.
 *
 * It keeps what the parser reads back equal to `sql`: the content is indented
 * like the fence (CommonMark strips that much indentation), and when a line
 * of `sql` would close the fence, the fence is made longer.
 *
 * @param {string} source
 * @param {number} line
 * @param {string} sql
 * @returns {{source: string, delta: number}}
 */
export function spliceStepSQL(source, line, sql) {
  const lines = source.split("\n");
  const open = lines[line - 1];
  const m = open === undefined ? null : openFenceRE.exec(stripCR(open));
  if (!m || !/^[ \t]*sql(?:[ \t]|$)/.test(m[3])) {
    throw new Error(`line ${line} is not the opening fence of a sql step`);
  }
  const [, indent, fence, info] = m;
  const ch = fence[0];
  const cr = open.endsWith("\r") ? "\r" : "";
  const close = closingLine(lines, line, ch, fence.length);

  const content = normalize(sql);
  const body = content === "" ? [] : content.split("\n").map((l) => (l === "" ? cr : indent + l + cr));
  const need = Math.max(fence.length, longestFenceRun(body, ch) + 1);

  let openLine = open, closeLine = lines[close];
  if (need > fence.length || close === lines.length) {
    const f = ch.repeat(need);
    openLine = indent + f + info + cr;
    closeLine = indent + f + cr;
  }
  // Replace from the opening fence to the closing one. An unclosed block
  // runs to the end of the source (less the empty string after a final
  // line break); the closing fence written here ends it.
  const start = line - 1;
  const end = close < lines.length ? close + 1 : lines.length - (source.endsWith("\n") ? 1 : 0);
  const replaced = [openLine, ...body, closeLine];
  const out = [...lines.slice(0, start), ...replaced, ...lines.slice(end)];
  return { source: out.join("\n"), delta: replaced.length - (end - start) };
}

/** closingLine finds the 0-based index of the line that closes the block
 * opened on 1-based line `line`, or lines.length when none does (CommonMark
 * then runs the block to the end of the document). */
function closingLine(lines, line, ch, len) {
  const closeRE = new RegExp(`^ {0,3}(\\${ch}{${len},})[ \\t]*$`);
  for (let i = line; i < lines.length; i++) {
    if (closeRE.test(stripCR(lines[i]))) return i;
  }
  return lines.length;
}

/** longestFenceRun is the longest run of ch that starts a line (after up to
 * three spaces of indentation, counted after the block's own indent was
 * stripped) and could close a fence; 0 when there is none. */
function longestFenceRun(body, ch) {
  const re = new RegExp(`^ *(\\${ch}+)[ \\t\\r]*$`);
  let n = 0;
  for (const l of body) {
    const m = re.exec(l);
    if (m) n = Math.max(n, m[1].length);
  }
  return n;
}

/** normalize gives the SQL the line breaks the parser reads and drops the
 * trailing line breaks it would drop: what a step's sql reads as once
 * spliced. */
export function normalize(sql) {
  return String(sql).replace(/\r\n?/g, "\n").replace(/\n+$/, "");
}

function stripCR(s) {
  return s.endsWith("\r") ? s.slice(0, -1) : s;
}

/**
 * shiftLines returns the steps' lines after a splice at `line` that gained
 * `delta` lines: steps after it move, the others stay.
 * @param {number[]} lines
 * @param {number} line
 * @param {number} delta
 */
export function shiftLines(lines, line, delta) {
  return lines.map((l) => (l > line ? l + delta : l));
}
