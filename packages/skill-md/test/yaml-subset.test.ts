import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { findSkills, parseSkillMd, parseYamlSubset, resolveScalar } from "../src/index.ts";

/** What the full parser says: its value, or "throws". */
function full(text: string): unknown {
  try {
    return { value: parse(text, { schema: "core", uniqueKeys: true, logLevel: "error" }) };
  } catch {
    return "throws";
  }
}

const FAST = [
  "",
  "# only a comment\n",
  "name: fleet-sitrep\ndescription: Produce a SITREP\nversion: 1.2.0\n",
  "version: 1.2\ncount: 3\nneg: -4\nhex: 0x1F\noct: 0o17\nexp: 1e3\nflag: true\nnothing: ~\nempty:\nnull2: null\ninf: -.inf\n",
  "platforms: [linux, macos]\n",
  "dependencies:\n  binaries: [git, node, { name: jq, version: \">=1.6\" }]\n  env_vars: [GITEA_TOKEN, { name: TELEGRAM_BOT_TOKEN, optional: true }]\n",
  "required_environment_variables:\n  - name: OPENROUTER_API_KEY\n    prompt: \"Your key\"\n    optional: false\n  - { name: X, prompt: 'it''s' }\n",
  "list:\n- a\n- b\nnext: 1\n",
  "deep:\n  a:\n    b:\n      - x\n      -\n        y: 1\n      - z\n",
  "metadata:\n  hermes: { tags: [a, b], requires_tools: [] }\n",
  "title: C# and F# # a comment\nurl: http://x.example/a#b\n",
  "key: 'quoted # not a comment'   # comment\n",
  "k: \"double\"\nk2: plain with 'quotes' inside\n",
  "a: [1, -2, .5, 1.0, true, ~, null, 'x']\n",
  "a: {}\nb: []\n",
  "ver: 01\nstr: 1.2.3\nv: v1\n",
  "   \nname: x\n\n\ndescription: y\n",
];

const BAILS = [
  "description: >-\n  folded\n  text\n",
  "description: |\n  literal\n",
  "a: &x 1\nb: *x\n",
  "a: !!str 1\n",
  "a: 1\na: 2\n",
  "a: multi\n  line plain\n",
  "a: \"esc\\n\"\n",
  "a:\tb\n",
  "a: [1,\n  2]\n",
  "? complex\n: key\n",
  "a: b: c\n",
  "just text\n",
  "__proto__: x\n",
  "a: [x, ]\n",
  "a: {b:1}\n",
  "a: \"unclosed\n",
  "a: >=1.6\n",
  "  indented: first\n",
  "a:\n  b: 1\n c: 2\n",
  // Whitespace other than the space: JS's trim() would eat it, YAML keeps it as content.
  "a: b\u00a0\n",
  "a: [x\u00a0, y]\n",
  "a: b\u3000\n",
  "a: b\u2028c\n",
  "a: b\ufeff\n",
  "a: b\x85\n",
  // Deeper than the fast reader goes (the full parser reports its own limit).
  `a: ${"[".repeat(65)}${"]".repeat(65)}\n`,
];

describe("parseYamlSubset", () => {
  it.each(FAST.map((t) => [t]))("reads %j exactly as the yaml package does", (text) => {
    const fast = parseYamlSubset(text);
    expect(fast).toBeDefined();
    expect({ value: fast!.value }).toEqual(full(text));
  });

  it.each(BAILS.map((t) => [t]))("leaves %j to the full parser", (text) => {
    expect(parseYamlSubset(text)).toBeUndefined();
  });

  it("reads flow nesting up to its depth limit exactly as the yaml package does", () => {
    const text = `a: ${"[".repeat(63)}x${"]".repeat(63)}\n`;
    expect({ value: parseYamlSubset(text)!.value }).toEqual(full(text));
  });

  it("gives the yaml package's answer for a document with non-space whitespace (via the fallback)", () => {
    for (const text of ["a: b\u00a0\n", "a: [x\u00a0, y]\n", "a: b\u3000\n"]) {
      const r = parseSkillMd(`---\n${text}---\n`);
      expect(r.ok && { value: r.frontmatter }).toEqual(full(text));
    }
  });

  it("agrees with the yaml package on every bundled skill's frontmatter", () => {
    const root = fileURLToPath(new URL("../../../skills", import.meta.url));
    const { skills } = findSkills(root);
    expect(skills.length).toBeGreaterThanOrEqual(3);
    for (const s of skills) {
      const text = readFileSync(s.skillMd, "utf8");
      const yaml = text.slice(4, text.indexOf("\n---", 4) + 1);
      const fast = parseYamlSubset(yaml);
      if (fast) expect({ value: fast.value }).toEqual(full(yaml));
    }
  });

  it("never disagrees with the yaml package on 20,000 generated documents", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = ["a", "b", "name", "x-y", "1", "-1", "1.5", "0x1f", "0o7", "1e3", ".inf", ".nan", "~", "null", "true", "False", "yes", "on", "''", "'it''s'", '"q"', '"a#b"', "a #c", "a#b", "C#", "[]", "{}", "[a, b]", "[1, [2, 3]]", "{k: v}", "{k: [1, 2], j: 'x'}", "-", "- a", ": x", "a: b", "&a", "*a", "!t", "|", ">", "%", "@", "`", "?", ",", "[a", "{k: }", "x:y", "http://h/p", "2026-01-01", "1.2.3", ">=1.6", " ", "",
      // the flow forms dependency declarations use, and near misses
      '[git, { name: jq, version: ">=1.6" }, { name: x-1, optional: true }]', "{ name: a, optional: true }", "{a: 1, a: 2}", "[[[]]]", "{ k: { j: [x] } }",
      "[a , b ]", "[ a,b ]", "{ a: b }  # c", "[a]#c", '"q" # c', "'a''b' c", "a\u00a0", "[a\u00a0]", "-1.5", "[-, a]", "[- a]", "{a: -}"];
    const keys = ["a", "b", "name", "k-1", "x.y", "1", "true", "__proto__", "a b", "'q'"];
    let fastCount = 0;
    for (let n = 0; n < 20_000; n++) {
      const lines: string[] = [];
      const count = 1 + rand(6);
      for (let l = 0; l < count; l++) {
        const indent = " ".repeat([0, 0, 0, 2, 4, 1][rand(6)]!);
        const shape = rand(5);
        const atom = atoms[rand(atoms.length)]!;
        if (shape === 0) lines.push(`${indent}${keys[rand(keys.length)]}: ${atom}`);
        else if (shape === 1) lines.push(`${indent}${keys[rand(keys.length)]}:`);
        else if (shape === 2) lines.push(`${indent}- ${atom}`);
        else if (shape === 3) lines.push(`${indent}- ${keys[rand(keys.length)]}: ${atom}`);
        else lines.push(`${indent}${rand(2) ? "# c" : ""}`);
      }
      const text = `${lines.join("\n")}\n`;
      const fast = parseYamlSubset(text);
      if (!fast) continue;
      fastCount += 1;
      expect({ text, result: { value: fast.value } }).toEqual({ text, result: full(text) });
    }
    // the fast path must actually be exercised, not bail on everything
    expect(fastCount).toBeGreaterThan(3000);
  });
});

describe("resolveScalar", () => {
  it.each([
    ["", null], ["~", null], ["Null", null], ["true", true], ["FALSE", false], ["yes", "yes"], ["12", 12], ["+3", 3], ["-0", -0],
    ["0o17", 15], ["0x1F", 31], ["1.5", 1.5], ["1.", 1], [".5", 0.5], ["1e3", 1000], ["-.inf", -Infinity], [".NaN", NaN], ["1.2.3", "1.2.3"], ["v1", "v1"],
  ])("%j → %j", (plain, value) => {
    expect(resolveScalar(plain)).toEqual(value);
    expect(resolveScalar(plain)).toEqual(parse(`v: ${plain || "~"}`, { schema: "core" }).v);
  });
});
