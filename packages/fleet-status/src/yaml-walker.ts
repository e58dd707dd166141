import { basename } from "node:path";
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from "yaml";

/** One problem in the registry, at a line and a field path. */
export interface RegistryProblem {
  line: number;
  field: string;
  message: string;
}

// After this many problems the rest are counted, not described: one bad generator makes 10,000.
const MAX_PROBLEMS = 20;

/**
 * Walks a parsed YAML document node by node so every problem names its line. Values are
 * never echoed in messages: a registry URL may carry credentials.
 */
export class YamlWalker {
  readonly problems: RegistryProblem[] = [];
  problemCount = 0;

  constructor(private readonly doc: Document, private readonly lines: LineCounter) {}

  /** The 1-based line where a node starts (1 when the node has no position). */
  lineOf(node: unknown): number {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? this.lines.linePos(range[0]).line : 1;
  }

  /** Follows an alias to its anchor, so `*shared` is validated like the node it names. */
  deref(node: unknown): Node | null {
    if (!isAlias(node)) return (node as Node | null | undefined) ?? null;
    // yaml's Alias.resolve() walks the whole document on every call: 10,000 aliases would
    // be quadratic. One walk builds the table; an alias names the last anchor before it.
    this.anchors ??= collectAnchors(this.doc);
    const at = node.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    const candidates = this.anchors.get(node.source) ?? [];
    // Candidates are in document order: binary-search the last one starting before the alias.
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((candidates[mid]!.range?.[0] ?? 0) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? candidates[lo - 1]! : null;
  }

  private anchors: Map<string, Node[]> | undefined;

  /** Records a problem at a node. */
  report(node: unknown, field: string, message: string, line = this.lineOf(node)): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line, field, message });
  }

  /**
   * A mapping's values by key, after checking its keys against `allowed` and `required`;
   * undefined (and a recorded problem) when the node is not a mapping.
   */
  mapping(raw: unknown, field: string, allowed: readonly string[], required: readonly string[] = []): Map<string, Node | null> | undefined {
    const node = this.deref(raw);
    if (!isMap(node)) {
      this.report(raw, field, `expected a mapping, got ${describe(node)}`);
      return undefined;
    }
    const values = new Map<string, Node | null>();
    for (const pair of node.items) {
      const key = this.deref(pair.key);
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === undefined || !allowed.includes(name)) {
        const shown = name !== undefined && /^[\w.-]{1,40}$/.test(name) ? ` "${name}"` : "";
        this.report(pair.key, field, `unknown key${shown} (expected one of: ${allowed.join(", ")})`);
        continue;
      }
      values.set(name, (pair.value as Node | null) ?? null);
    }
    for (const name of required) {
      if (!values.has(name)) this.report(raw, field, `missing required key "${name}"`);
    }
    return values;
  }

  /** The items of a list (an absent or null list is empty). */
  list(raw: unknown, field: string): unknown[] {
    const node = this.deref(raw);
    if (node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.report(raw, field, `expected a list, got ${describe(node)}`);
      return [];
    }
    return node.items;
  }

  /** A string scalar, or undefined (and a recorded problem) when it is anything else. */
  string(raw: unknown, field: string): string | undefined {
    const node = this.deref(raw);
    if (isScalar(node) && typeof node.value === "string") return node.value;
    this.report(raw, field, `expected a string, got ${describe(node)}`);
    return undefined;
  }

  /** A whole number in a range. */
  integer(raw: unknown, field: string, min: number, max: number): number | undefined {
    const node = this.deref(raw);
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    this.report(raw, field, `expected a whole number from ${min} to ${max}, got ${describe(node)}`);
    return undefined;
  }

  /** The first problem as one line, `fleet.yaml:12: wizards[3].gateway.url: expected ...`, plus a count of the rest. */
  summary(file: string): string {
    const first = this.problems[0]!;
    const more = this.problemCount > 1 ? ` (and ${this.problemCount - 1} more problem${this.problemCount > 2 ? "s" : ""})` : "";
    return `${basename(file)}:${first.line}: ${first.field ? `${first.field}: ` : ""}${first.message}${more}`;
  }
}

function collectAnchors(doc: Document): Map<string, Node[]> {
  const anchors = new Map<string, Node[]>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node) || !node.anchor) return;
      const list = anchors.get(node.anchor);
      if (list) list.push(node);
      else anchors.set(node.anchor, [node]);
    },
  });
  return anchors;
}

/** "a string", "a list", a number as itself... for messages that must not show a string value (it may be a credential). */
export function describe(node: Node | null): string {
  if (node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "null";
    if (typeof v === "string") return v === "" ? "an empty string" : "a string";
    if (typeof v === "number") return String(v);
    if (typeof v === "boolean") return "a boolean";
  }
  return "an unsupported value";
}
