/// <reference path="./raw.d.ts" />
// (the reference makes `?raw` imports type-check in any program that includes this file, e.g. monthly-audit's)
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { ToolError } from "@wizard-council/kit";
import bundledText from "../contract.yaml?raw";

/** An interpreter probed with `<command> --version`, its version held to a semver range. */
export interface RuntimeSpec {
  name: string;
  command: string;
  range?: string;
  required: boolean;
}

/** An executable that must be on PATH. */
export interface BinarySpec {
  name: string;
  required: boolean;
}

/** The Wizard Environment Contract: what every forge host must have (README.md explains each field). */
export interface EnvironmentContract {
  version: string;
  /** Where it was read from: a path, or `bundled`. */
  source: string;
  runtimes: RuntimeSpec[];
  binaries: BinarySpec[];
  hermesHome: { folders: string[]; files: string[] };
  secretFiles: string[];
  /** The sections below are checked only when the contract has them. */
  hermesAgent?: { required: boolean; command: string; python: string; module: string };
  llmProvider?: { required: boolean; keys: string[] };
  gitea?: { required: boolean };
  telegram?: { required: boolean; chatIdVars: string[] };
}

/** The env var naming another contract file (the `--contract` flag wins over it). */
export const CONTRACT_ENV = "WIZARD_ENVIRONMENT_CONTRACT";

/** The contract file to use: the flag, else `$WIZARD_ENVIRONMENT_CONTRACT`, else the bundled one (undefined). */
export function resolveContractPath(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const chosen = flag || env[CONTRACT_ENV];
  if (!chosen) return undefined;
  return isAbsolute(chosen) ? chosen : resolve(chosen);
}

/** Reads and validates a contract (the bundled one when no path is given); a malformed one is INVALID_CONTRACT naming the line. */
export async function loadContract(path?: string): Promise<EnvironmentContract> {
  if (path === undefined) return parseContract(bundledText, "bundled contract.yaml", "bundled");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, expected a YAML file" : `cannot read (${code ?? "error"})`;
    throw new ToolError("INVALID_CONTRACT", `environment contract ${path}: ${what}`, { path });
  }
  return parseContract(text, path, path);
}

/** Parses contract text; `label` names the file in errors. */
export async function parseContract(text: string, label: string, source: string): Promise<EnvironmentContract> {
  const { validateContractText } = await import("./contract-schema.ts");
  return { ...(await validateContractText(text, label)), source };
}
