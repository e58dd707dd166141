import { interopDefault, ToolError } from "@wizard-council/kit";
import type { EnvironmentContract } from "./contract.ts";

type Node = import("yaml").Node | import("yaml").Pair | null | undefined;
type YamlMap = import("yaml").YAMLMap<unknown, unknown>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Where a chat id may be configured when the contract does not say (first set wins). */
const DEFAULT_CHAT_ID_VARS = ["TELEGRAM_CHAT_ID", "TELEGRAM_HOME_CHANNEL", "OBSERVATORY_ALERT_CHAT_ID"];
const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/**
 * Parses contract YAML as data and validates every field; the first problem is an
 * INVALID_CONTRACT error naming the file, the line and what was expected.
 */
export async function validateContractText(text: string, label: string): Promise<Omit<EnvironmentContract, "source">> {
  const [yaml, semverModule] = await Promise.all([import("yaml"), import("semver")]);
  const { parseDocument, LineCounter, isMap, isSeq, isScalar } = interopDefault(yaml);
  const semver = interopDefault(semverModule);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const bad = (offset: number | undefined, message: string): never => {
    throw new ToolError("INVALID_CONTRACT", `${label} line ${lineOf(offset)}: ${message}`, { path: label });
  };
  const firstError = doc.errors[0];
  if (firstError) bad(firstError.pos[0], `not valid YAML: ${firstError.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  const at = (node: Node) => (node && "range" in node && node.range ? node.range[0] : undefined);
  const describe = (node: Node) => (isScalar(node) ? JSON.stringify(node.value) : isSeq(node) ? "a list" : isMap(node) ? "a mapping" : "nothing");

  const map = (node: Node, where: string, allowed: readonly string[], required: readonly string[]): YamlMap => {
    if (!isMap(node)) return bad(at(node), `${where} must be a mapping, got ${describe(node)}`);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!allowed.includes(key)) bad(at(pair.key as Node), `unknown key "${key}" in ${where}; expected one of: ${allowed.join(", ")}`);
    }
    for (const key of required) if (!node.has(key)) bad(at(node), `${where} is missing "${key}"`);
    return node;
  };
  const field = (m: YamlMap, key: string) => m.get(key, true) as Node;
  const str = (node: Node, where: string, pattern?: RegExp): string => {
    if (!isScalar(node) || typeof node.value !== "string" || node.value.trim() === "") return bad(at(node) ?? 0, `${where} must be a non-empty string, got ${describe(node)}`);
    if (pattern && !pattern.test(node.value)) bad(at(node), `${where} has an invalid value ${JSON.stringify(node.value)}`);
    return node.value;
  };
  const bool = (node: Node, where: string, fallback: boolean): boolean => {
    if (node === undefined) return fallback;
    if (!isScalar(node) || typeof node.value !== "boolean") return bad(at(node), `${where} must be true or false, got ${describe(node)}`);
    return node.value;
  };
  const list = <T>(node: Node, where: string, item: (n: Node, w: string) => T, fallback: T[] = []): T[] => {
    if (node === undefined) return fallback;
    if (!isSeq(node)) return bad(at(node), `${where} must be a list, got ${describe(node)}`);
    return node.items.map((n, i) => item(n as Node, `${where}[${i}]`));
  };
  const range = (node: Node, where: string): string | undefined => {
    if (node === undefined) return undefined;
    const value = str(node, where);
    if (semver.validRange(value) === null) bad(at(node), `${where} must be a semver range (e.g. ">=3.11"), got ${JSON.stringify(value)}`);
    return value;
  };

  const root = map(doc.contents as Node, "the contract", ["version", "runtimes", "binaries", "hermes_home", "secret_files", "hermes_agent", "llm_provider", "gitea", "telegram"], ["version"]);
  const versionNode = field(root, "version");
  const version = str(versionNode, "version");
  if (semver.valid(version) === null) bad(at(versionNode), `version must be a semver version like "1.0.0", got ${JSON.stringify(version)}`);
  const home = root.has("hermes_home") ? map(field(root, "hermes_home"), "hermes_home", ["folders", "files"], []) : undefined;
  const agent = root.has("hermes_agent") ? map(field(root, "hermes_agent"), "hermes_agent", ["required", "command", "python", "module"], []) : undefined;
  const llm = root.has("llm_provider") ? map(field(root, "llm_provider"), "llm_provider", ["required", "keys"], ["keys"]) : undefined;
  const gitea = root.has("gitea") ? map(field(root, "gitea"), "gitea", ["required"], []) : undefined;
  const telegram = root.has("telegram") ? map(field(root, "telegram"), "telegram", ["required", "chat_id_vars"], []) : undefined;
  const relPath = /^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/;

  return {
    version,
    runtimes: list(field(root, "runtimes"), "runtimes", (n, w) => {
      const m = map(n, w, ["name", "command", "range", "required"], ["name"]);
      const name = str(field(m, "name"), `${w}.name`, CHECK_NAME);
      const r = range(field(m, "range"), `${w}.range`);
      return { name, command: m.has("command") ? str(field(m, "command"), `${w}.command`, CHECK_NAME) : name, ...(r ? { range: r } : {}), required: bool(field(m, "required"), `${w}.required`, true) };
    }),
    binaries: list(field(root, "binaries"), "binaries", (n, w) => {
      const m = map(n, w, ["name", "required"], ["name"]);
      return { name: str(field(m, "name"), `${w}.name`, CHECK_NAME), required: bool(field(m, "required"), `${w}.required`, true) };
    }),
    hermesHome: {
      folders: home ? list(field(home, "folders"), "hermes_home.folders", (n, w) => str(n, w, relPath)) : [],
      files: home ? list(field(home, "files"), "hermes_home.files", (n, w) => str(n, w, relPath)) : [],
    },
    secretFiles: list(field(root, "secret_files"), "secret_files", (n, w) => str(n, w, relPath)),
    ...(agent ? {
      hermesAgent: {
        required: bool(field(agent, "required"), "hermes_agent.required", true),
        command: agent.has("command") ? str(field(agent, "command"), "hermes_agent.command", CHECK_NAME) : "hermes",
        python: agent.has("python") ? str(field(agent, "python"), "hermes_agent.python", CHECK_NAME) : "python3",
        module: agent.has("module") ? str(field(agent, "module"), "hermes_agent.module", /^[A-Za-z_][\w.]*$/) : "hermes_constants",
      },
    } : {}),
    ...(llm ? { llmProvider: { required: bool(field(llm, "required"), "llm_provider.required", true), keys: list(field(llm, "keys"), "llm_provider.keys", (n, w) => str(n, w, ENV_NAME)) } } : {}),
    ...(gitea ? { gitea: { required: bool(field(gitea, "required"), "gitea.required", true) } } : {}),
    ...(telegram ? {
      telegram: {
        required: bool(field(telegram, "required"), "telegram.required", true),
        chatIdVars: telegram.has("chat_id_vars") ? list(field(telegram, "chat_id_vars"), "telegram.chat_id_vars", (n, w) => str(n, w, ENV_NAME)) : [...DEFAULT_CHAT_ID_VARS],
      },
    } : {}),
  };
}

