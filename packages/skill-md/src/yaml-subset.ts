// Owner: the dependency-checker work.

/**
 * A fast reader for the small YAML subset SKILL.md frontmatter is almost always written in
 * (block maps and lists, plain and quoted scalars, one-line flow `[...]`/`{...}`), resolving
 * scalars exactly as the `yaml` package's core schema does. Anything outside the subset (block
 * scalars, anchors, tags, multi-line scalars, escapes, duplicate keys, odd indentation) returns
 * undefined so the caller falls back to the full `yaml` parser. Why: parsing a thousand SKILL.md
 * files with the full parser costs over a second, the bench target is a fraction of that.
 */
export function parseYamlSubset(text: string): { value: unknown } | undefined {
  try {
    return { value: new SubsetParser(text).document() };
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}

const BAIL = Symbol("outside the YAML subset");
const bail = (): never => {
  throw BAIL;
};

const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$/;
const FLOW_KEY = /([A-Za-z_][A-Za-z0-9_.-]*): +/y;
const PLAIN_IN_FLOW = /[^,[\]{}]*/y;
const SPACES = / */y;
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype", "true", "false", "null", "True", "False", "Null", "TRUE", "FALSE", "NULL"]);

interface Line {
  indent: number;
  text: string;
}

class SubsetParser {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(text: string) {
    // Tabs and control characters have their own YAML rules (and errors): leave them to the full parser.
    if (/[\t\x00-\x08\x0b-\x1f\x7f]/.test(text)) bail();
    for (const raw of text.split("\n")) {
      const trimmed = raw.trimEnd();
      const text = trimmed.trimStart();
      if (text === "" || text.startsWith("#")) continue;
      this.lines.push({ indent: trimmed.length - text.length, text });
    }
  }

  document(): unknown {
    if (this.lines.length === 0) return null;
    const first = this.lines[0]!;
    if (first.indent !== 0 || !(isSeqItem(first.text) || KEY.test(first.text))) bail();
    const value = this.block(0);
    if (this.i !== this.lines.length) bail();
    return value;
  }

  private block(indent: number): unknown {
    return isSeqItem(this.lines[this.i]!.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) bail();
      const m = KEY.exec(line.text) ?? bail();
      const key = m[1]!;
      if (RESERVED_KEYS.has(key) || Object.prototype.hasOwnProperty.call(out, key)) bail();
      this.i += 1;
      out[key] = m[2] === undefined || m[2] === "" ? this.nested(indent, true) : this.inline(m[2], indent);
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent || (line.indent === indent && !isSeqItem(line.text))) break;
      if (line.indent > indent) bail();
      const rest = line.text.slice(1).trimStart();
      if (rest === "") {
        this.i += 1;
        out.push(this.nested(indent, false));
      } else if (KEY.test(rest)) {
        // `- key: value` opens a map whose keys line up with `key`.
        line.indent += line.text.length - rest.length;
        line.text = rest;
        out.push(this.mapping(line.indent));
      } else {
        if (isSeqItem(rest)) bail();
        this.i += 1;
        out.push(this.inline(rest, indent));
      }
    }
    return out;
  }

  /** The value after `key:` or `-` with nothing on the line: a deeper block, a same-level list under a key, or null. */
  private nested(indent: number, underKey: boolean): unknown {
    const next = this.lines[this.i];
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && underKey && next.indent === indent && isSeqItem(next.text)) return this.sequence(indent);
    return null;
  }

  private inline(text: string, indent: number): unknown {
    const value = inlineValue(text);
    const next = this.lines[this.i];
    // A deeper line after an inline value would be a multi-line scalar (or an error): not ours.
    if (next && next.indent > indent) bail();
    return value;
  }
}

function isSeqItem(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

function inlineValue(text: string): unknown {
  const c = text[0]!;
  if (c === '"' || c === "'" || c === "[" || c === "{") {
    const [value, end] = flowNode(text, 0);
    if (!/^ *(?:#.*)?$/.test(text.slice(end))) bail();
    if (end < text.length && text[end] !== " " && text.slice(end).trim() !== "") bail();
    return value;
  }
  if ("!&*|>%@`?:,]}#".includes(c) || text === "-" || text.startsWith("- ")) bail();
  const hash = text.indexOf(" #");
  const plain = (hash === -1 ? text : text.slice(0, hash)).trimEnd();
  if (plain.includes(": ") || plain.endsWith(":")) bail();
  return resolveScalar(plain);
}

function flowNode(s: string, pos: number): [unknown, number] {
  const c = s[pos];
  if (c === '"') {
    const end = s.indexOf('"', pos + 1);
    if (end === -1) bail();
    const body = s.slice(pos + 1, end);
    if (body.includes("\\")) bail();
    return [body, end + 1];
  }
  if (c === "'") {
    let out = "";
    let i = pos + 1;
    for (;;) {
      const q = s.indexOf("'", i);
      if (q === -1) bail();
      out += s.slice(i, q);
      if (s[q + 1] === "'") {
        out += "'";
        i = q + 2;
      } else return [out, q + 1];
    }
  }
  if (c === "[" || c === "{") return flowCollection(s, pos);
  // Regexes run as native code from the first call; a char-by-char loop would run in the
  // interpreter for most of a thousand cold documents.
  PLAIN_IN_FLOW.lastIndex = pos;
  PLAIN_IN_FLOW.exec(s);
  const end = PLAIN_IN_FLOW.lastIndex;
  const plain = s.slice(pos, end).trim();
  if (plain === "" || /[:#"'!&*|>%@`?\\]/.test(plain) || (plain.startsWith("-") && !/^-[0-9.]/.test(plain))) bail();
  return [resolveScalar(plain), end];
}

function flowCollection(s: string, pos: number): [unknown, number] {
  const isMap = s[pos] === "{";
  const close = isMap ? "}" : "]";
  const list: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(s, pos + 1);
  if (s[i] === close) return [isMap ? map : list, i + 1];
  for (;;) {
    if (isMap) {
      FLOW_KEY.lastIndex = i;
      const m = FLOW_KEY.exec(s) ?? bail();
      const key = m[1]!;
      if (RESERVED_KEYS.has(key) || Object.prototype.hasOwnProperty.call(map, key)) bail();
      const [value, end] = flowNode(s, FLOW_KEY.lastIndex);
      map[key] = value;
      i = skipSpaces(s, end);
    } else {
      const [value, end] = flowNode(s, skipSpaces(s, i));
      list.push(value);
      i = skipSpaces(s, end);
    }
    if (s[i] === close) return [isMap ? map : list, i + 1];
    if (s[i] !== ",") bail();
    i = skipSpaces(s, i + 1);
    if (s[i] === close || s[i] === ",") bail();
  }
}

function skipSpaces(s: string, i: number): number {
  if (s.charCodeAt(i) !== 32) return i;
  SPACES.lastIndex = i;
  SPACES.exec(s);
  return SPACES.lastIndex;
}

/** Resolves a plain scalar as the `yaml` package's core schema does (null, bool, int, float, string). */
export function resolveScalar(plain: string): unknown {
  if (plain === "") return null;
  const c = plain.charCodeAt(0);
  // Most scalars are words: only those starting with a digit, sign, dot or one of ~nNtTfF can be anything else.
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
  if (!numeric && !"~nNtTfF".includes(plain[0]!)) return plain;
  if (!numeric) {
    if (/^(?:~|[Nn]ull|NULL)$/.test(plain)) return null;
    if (/^(?:[Tt]rue|TRUE)$/.test(plain)) return true;
    if (/^(?:[Ff]alse|FALSE)$/.test(plain)) return false;
    return plain;
  }
  if (/^[-+]?[0-9]+$/.test(plain)) return parseInt(plain, 10);
  if (/^0o[0-7]+$/.test(plain)) return parseInt(plain.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(plain)) return parseInt(plain.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(plain) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(plain)) return parseFloat(plain);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(plain)) return plain.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(plain)) return NaN;
  return plain;
}
