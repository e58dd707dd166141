// Owner: the dependency-checker work.

/**
 * A fast reader for the small YAML subset SKILL.md frontmatter is almost always written in
 * (block maps and lists, plain and quoted scalars, one-line flow `[...]`/`{...}`), resolving
 * scalars exactly as the `yaml` package's core schema does. Anything outside the subset (block
 * scalars, anchors, tags, multi-line scalars, escapes, duplicate keys, odd indentation, deep
 * nesting, whitespace other than spaces) returns undefined so the caller falls back to the full
 * `yaml` parser. Why: parsing a thousand SKILL.md files with the full parser costs over a second,
 * the bench target is a fraction of that.
 *
 * It walks the text in place (a cursor over line bounds, no split lines, no per-line objects):
 * most of a run's thousand documents are parsed before the JIT has warmed up, so every
 * allocation and every interpreted step counts.
 */
export function parseYamlSubset(text: string): { value: unknown } | undefined {
  // Only the space counts as whitespace below: tabs, control characters, and the other
  // characters JS's trim() and `.` treat as space or line end go to the full parser.
  if (OUTSIDE.test(text)) return undefined;
  src = text;
  hashFrom = -1;
  try {
    return { value: document() };
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  } finally {
    src = "";
  }
}

const BAIL = Symbol("outside the YAML subset");
const bail = (): never => {
  throw BAIL;
};

const OUTSIDE = /[\t\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const KEY = /[A-Za-z_][A-Za-z0-9_.-]*:/y;
const PLAIN_IN_FLOW = /[^,[\]{}\n]*/y;
const NOT_PLAIN_IN_FLOW = /[:#"'!&*|>%@`?\\]/;
/** Deeper documents are left to the full parser (which reports its own limit). */
const MAX_DEPTH = 64;
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype", "true", "false", "null", "True", "False", "Null", "TRUE", "FALSE", "NULL"]);
const hasOwn = Object.prototype.hasOwnProperty;

// The cursor: the document, and the current line (the next one that is neither blank nor a
// comment). `ind` is its indentation (-1 past the end), content runs from `pos` to `end`
// (trailing spaces cut), `nextLine` is where the line after it starts.
let src = "";
let ind = -1;
let pos = 0;
let end = 0;
let nextLine = 0;
let depth = 0;
// The next " #" at or after some position, found once and reused (a fresh indexOf per line would
// scan to the end of the document every time).
let hashFrom = -1;
let hashAt = -1;

function advance(from: number): void {
  const n = src.length;
  while (from < n) {
    let nl = src.indexOf("\n", from);
    if (nl === -1) nl = n;
    let c = from;
    while (c < nl && src.charCodeAt(c) === 32) c += 1;
    if (c < nl && src.charCodeAt(c) !== 35) {
      let e = nl;
      while (src.charCodeAt(e - 1) === 32) e -= 1;
      ind = c - from;
      pos = c;
      end = e;
      nextLine = nl + 1;
      return;
    }
    from = nl + 1;
  }
  ind = -1;
  pos = end = nextLine = n;
}

function document(): unknown {
  advance(0);
  if (ind === -1) return null;
  if (ind !== 0 || !(isSeqItem(pos) || isKey(pos))) bail();
  depth = 0;
  const value = block(0);
  if (ind !== -1) bail();
  return value;
}

function block(indent: number): unknown {
  if (++depth > MAX_DEPTH) bail();
  const value = isSeqItem(pos) ? sequence(indent) : mapping(indent);
  depth -= 1;
  return value;
}

/** True when the current line's content at `p` is `-` alone or `- ...`. */
function isSeqItem(p: number): boolean {
  return src.charCodeAt(p) === 45 && (p + 1 === end || src.charCodeAt(p + 1) === 32);
}

/** True when the current line's content at `p` is `key:` alone or `key: ...`. */
function isKey(p: number): boolean {
  KEY.lastIndex = p;
  if (!KEY.test(src)) return false;
  const after = KEY.lastIndex;
  return after === end || (after < end && src.charCodeAt(after) === 32);
}

function mapping(indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (ind === indent) {
    if (!isKey(pos)) bail();
    const colon = KEY.lastIndex - 1;
    const key = src.slice(pos, colon);
    if (RESERVED_KEYS.has(key) || hasOwn.call(out, key)) bail();
    let v = colon + 1;
    while (v < end && src.charCodeAt(v) === 32) v += 1;
    if (v === end) {
      advance(nextLine);
      out[key] = nested(indent, true);
    } else {
      out[key] = inline(v, indent);
    }
  }
  if (ind > indent) bail();
  return out;
}

function sequence(indent: number): unknown[] {
  const out: unknown[] = [];
  while (ind === indent && isSeqItem(pos)) {
    let r = pos + 1;
    while (r < end && src.charCodeAt(r) === 32) r += 1;
    if (r === end) {
      advance(nextLine);
      out.push(nested(indent, false));
    } else if (isKey(r)) {
      // `- key: value` opens a map whose keys line up with `key`.
      ind += r - pos;
      pos = r;
      if (++depth > MAX_DEPTH) bail();
      out.push(mapping(ind));
      depth -= 1;
    } else {
      if (isSeqItem(r)) bail();
      out.push(inline(r, indent));
    }
  }
  if (ind > indent) bail();
  return out;
}

/** The value after `key:` or `-` with nothing on the line: a deeper block, a same-level list under a key, or null. */
function nested(indent: number, underKey: boolean): unknown {
  if (ind > indent) return block(ind);
  if (underKey && ind === indent && isSeqItem(pos)) return sequence(indent);
  return null;
}

/** The value written on the current line from `p`; the line after it may not be deeper (a multi-line scalar). */
function inline(p: number, indent: number): unknown {
  const value = inlineValue(p);
  advance(nextLine);
  if (ind > indent) bail();
  return value;
}

function inlineValue(p: number): unknown {
  const c = src.charCodeAt(p);
  if (c === 34 || c === 39 || c === 91 || c === 123) {
    fp = p;
    const value = flowNode();
    // Only spaces and then a comment may follow a quoted or flow value.
    if (fp < end) {
      if (src.charCodeAt(fp) !== 32) bail();
      while (src.charCodeAt(fp) === 32) fp += 1;
      if (src.charCodeAt(fp) !== 35) bail();
    }
    return value;
  }
  // ! & * | > % @ ` ? : , ] } # open something else in YAML; `-` alone or `- x` is a nested list.
  if (c === 33 || c === 38 || c === 42 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96 || c === 63 || c === 58 || c === 44 || c === 93 || c === 125 || c === 35 || isSeqItem(p)) bail();
  if (hashFrom === -1 || hashAt !== -1 && hashAt < p || hashFrom > p) {
    hashFrom = p;
    hashAt = src.indexOf(" #", p);
  }
  let e = hashAt !== -1 && hashAt < end ? hashAt : end;
  while (src.charCodeAt(e - 1) === 32) e -= 1;
  const plain = src.slice(p, e);
  if (plain.includes(": ") || plain.charCodeAt(plain.length - 1) === 58) bail();
  return resolveScalar(plain);
}

// The flow cursor: a flow value never leaves its line, and the line's newline stops every token.
let fp = 0;

function flowNode(): unknown {
  const c = src.charCodeAt(fp);
  if (c === 34) {
    const q = src.indexOf('"', fp + 1);
    if (q === -1 || q >= end) bail();
    const body = src.slice(fp + 1, q);
    if (body.includes("\\")) bail();
    fp = q + 1;
    return body;
  }
  if (c === 39) {
    let out = "";
    let i = fp + 1;
    for (;;) {
      const q = src.indexOf("'", i);
      if (q === -1 || q >= end) bail();
      out += src.slice(i, q);
      if (src.charCodeAt(q + 1) !== 39) {
        fp = q + 1;
        return out;
      }
      out += "'";
      i = q + 2;
    }
  }
  if (c === 91 || c === 123) return flowCollection(c === 123);
  PLAIN_IN_FLOW.lastIndex = fp;
  PLAIN_IN_FLOW.test(src);
  const stop = PLAIN_IN_FLOW.lastIndex;
  const plain = src.slice(fp, stop).trim();
  if (plain === "" || NOT_PLAIN_IN_FLOW.test(plain)) bail();
  if (plain.charCodeAt(0) === 45 && !isDigitOrDot(plain.charCodeAt(1))) bail();
  fp = stop;
  return resolveScalar(plain);
}

/**
 * One element and the separator after it, in one regex call: a plain scalar (its characters
 * exclude everything flowNode would bail on, so a match needs no further checks but the leading
 * `-` and emptiness) or a double-quoted one without escapes, then `,` or the closing bracket.
 * Anything else (nesting, single quotes, odd characters) fails the match and takes the general
 * path below, which reads the same grammar one character class at a time.
 */
const SEQ_ITEM = / *(?:"([^"\\\n]*)"|([^,[\]{}\n:#"'!&*|>%@`?\\]*?)) *([,\]])/y;
const MAP_ITEM = / *([A-Za-z_][A-Za-z0-9_.-]*): +(?:"([^"\\\n]*)"|([^,[\]{}\n:#"'!&*|>%@`?\\]*?)) *([,}])/y;

function flowCollection(isMap: boolean): unknown {
  if (++depth > MAX_DEPTH) bail();
  const close = isMap ? 125 : 93;
  fp += 1;
  skipSpaces();
  const map: Record<string, unknown> | undefined = isMap ? {} : undefined;
  const list: unknown[] | undefined = isMap ? undefined : [];
  if (src.charCodeAt(fp) !== close) {
    for (;;) {
      let c: number;
      const fast = isMap ? MAP_ITEM : SEQ_ITEM;
      fast.lastIndex = fp;
      const m = fast.exec(src);
      if (m !== null) {
        const k = isMap ? 1 : 0;
        const quoted = m[1 + k];
        let value: unknown = quoted;
        if (quoted === undefined) {
          const plain = m[2 + k]!;
          const first = plain.charCodeAt(0);
          if (plain === "" || (first === 45 && !isDigitOrDot(plain.charCodeAt(1)))) bail();
          value = resolveScalar(plain);
        }
        if (map) {
          const key = m[1]!;
          if (RESERVED_KEYS.has(key) || hasOwn.call(map, key)) bail();
          map[key] = value;
        } else list!.push(value);
        fp = fast.lastIndex;
        c = src.charCodeAt(fp - 1);
      } else {
        if (map) {
          KEY.lastIndex = fp;
          if (!KEY.test(src) || src.charCodeAt(KEY.lastIndex) !== 32) bail();
          const key = src.slice(fp, KEY.lastIndex - 1);
          if (RESERVED_KEYS.has(key) || hasOwn.call(map, key)) bail();
          fp = KEY.lastIndex;
          skipSpaces();
          map[key] = flowNode();
        } else {
          list!.push(flowNode());
        }
        skipSpaces();
        c = src.charCodeAt(fp);
        if (c !== close && c !== 44) bail();
        fp += 1;
      }
      if (c === close) break;
      skipSpaces();
      const d = src.charCodeAt(fp);
      if (d === close || d === 44) bail();
    }
  } else fp += 1;
  depth -= 1;
  return map ?? list;
}

function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}

function skipSpaces(): void {
  while (src.charCodeAt(fp) === 32) fp += 1;
}

// Module constants: a regex literal inside a function is a new RegExp object at every call.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/** Resolves a plain scalar as the `yaml` package's core schema does (null, bool, int, float, string). */
export function resolveScalar(plain: string): unknown {
  if (plain === "") return null;
  const c = plain.charCodeAt(0);
  // Most scalars are words: only those starting with a digit, sign, dot or one of ~nNtTfF can be anything else.
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  if (!numeric) {
    if (c !== 126 && c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70) return plain;
    if (NULL.test(plain)) return null;
    if (TRUE.test(plain)) return true;
    if (FALSE.test(plain)) return false;
    return plain;
  }
  if (INT.test(plain)) return parseInt(plain, 10);
  if (OCT.test(plain)) return parseInt(plain.slice(2), 8);
  if (HEX.test(plain)) return parseInt(plain.slice(2), 16);
  if (EXP.test(plain) || FLOAT.test(plain)) return parseFloat(plain);
  if (INF.test(plain)) return plain.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (NAN.test(plain)) return NaN;
  return plain;
}
