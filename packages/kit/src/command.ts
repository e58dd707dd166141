import type { ArgsDef, CommandDef } from "citty";
import { ToolError } from "./errors.ts";

type Resolvable<T> = T | Promise<T> | (() => T) | (() => Promise<T>);

async function resolveValue<T>(value: Resolvable<T>): Promise<T> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** The command a command line selects, the args left for it, and its parent (for usage). */
export interface ResolvedCommand {
  cmd: CommandDef<ArgsDef>;
  parent: CommandDef<ArgsDef> | undefined;
  rawArgs: string[];
  path: string[];
  /** True when the last step was the parent's `default` command, not a name on the command line. */
  viaDefault: boolean;
}

/**
 * Walks subcommands as citty does, but keeps flags given before the subcommand name
 * (citty drops them) and returns the leaf, so its result can be printed (citty's
 * runCommand discards a subcommand's return value).
 */
export async function resolveCommand(root: CommandDef<ArgsDef>, rawArgs: string[]): Promise<ResolvedCommand> {
  let cmd = root;
  let parent: CommandDef<ArgsDef> | undefined;
  let args = rawArgs;
  const path: string[] = [];
  let viaDefault = false;
  for (;;) {
    const subs = cmd.subCommands ? await resolveValue(cmd.subCommands as Resolvable<Record<string, Resolvable<CommandDef<ArgsDef>>>>) : undefined;
    if (!subs || Object.keys(subs).length === 0) return { cmd, parent, rawArgs: args, path, viaDefault };
    let argsDef = await resolveValue((cmd.args ?? {}) as Resolvable<ArgsDef>);
    // A command name first on the line (the usual `tool slo`) needs no look at the default command:
    // loading it would cost every other command the default's whole module graph.
    const named = args.length > 0 && !args[0]!.startsWith("-") && args[0]! in subs;
    if (cmd.default && !named) {
      // Flags meant for the default command (`tool --registry x.yaml`) must not be read as a command name.
      const fallback = await resolveValue(subs[await resolveValue(cmd.default as Resolvable<string>)]!);
      argsDef = { ...(await resolveValue((fallback.args ?? {}) as Resolvable<ArgsDef>)), ...argsDef };
    }
    const index = findFirstPositional(args, argsDef);
    if (index === -1) {
      if (cmd.default) {
        const name = await resolveValue(cmd.default as Resolvable<string>);
        parent = cmd;
        cmd = await resolveValue(subs[name]!);
        path.push(name);
        viaDefault = true;
        continue;
      }
      if (cmd.run) return { cmd, parent, rawArgs: args, path, viaDefault };
      throw new ToolError("USAGE", `no command given; expected one of: ${Object.keys(subs).join(", ")}`);
    }
    const name = args[index]!;
    const sub = subs[name];
    if (!sub) {
      throw new ToolError("UNKNOWN_COMMAND", `unknown command "${name}"; expected one of: ${Object.keys(subs).join(", ")}`, { path: name });
    }
    parent = cmd;
    cmd = await resolveValue(sub);
    path.push(name);
    viaDefault = false;
    args = [...args.slice(0, index), ...args.slice(index + 1)];
  }
}

function findFirstPositional(args: string[], argsDef: ArgsDef): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return -1;
    if (arg.startsWith("-") && arg !== "-") {
      if (!arg.includes("=") && takesValue(arg, argsDef)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

function takesValue(flag: string, argsDef: ArgsDef): boolean {
  const def = lookupFlag(flag.replace(/^-{1,2}/, "").split("=")[0]!, argsDef);
  return def !== undefined && (def.type === "string" || def.type === "enum");
}

function lookupFlag(name: string, argsDef: ArgsDef): ArgsDef[string] | undefined {
  const wanted = kebab(name);
  for (const [key, def] of Object.entries(argsDef)) {
    if (def.type === "positional") continue;
    if (kebab(key) === wanted) return def;
    const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    if (aliases.includes(name)) return def;
  }
  return undefined;
}

/**
 * Rejects what citty would silently accept: unknown flags, a value missing after a
 * string flag, and more positional arguments than the command declares.
 */
export function validateArgs(rawArgs: string[], argsDef: ArgsDef): void {
  const positionalsAllowed = Object.values(argsDef).filter((d) => d.type === "positional").length;
  const positionals: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") {
      positionals.push(...rawArgs.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-" && !/^-\d/.test(arg)) {
      const [rawName, inlineValue] = splitFlag(arg);
      if (rawName === "help" || rawName === "h" || rawName === "version") continue;
      let def = lookupFlag(rawName, argsDef);
      if (!def && rawName.startsWith("no-")) {
        const negated = lookupFlag(rawName.slice(3), argsDef);
        if (negated?.type === "boolean") def = negated;
      }
      if (!def) throw new ToolError("UNKNOWN_FLAG", `unknown flag ${arg.split("=")[0]}`, { path: arg.split("=")[0] });
      if ((def.type === "string" || def.type === "enum") && inlineValue === undefined) {
        if (i + 1 >= rawArgs.length) throw new ToolError("MISSING_VALUE", `flag ${arg} needs a value`, { path: arg });
        i++;
      }
      if (def.type === "boolean" && inlineValue !== undefined && !["true", "false"].includes(inlineValue)) {
        throw new ToolError("INVALID_ARGUMENT", `flag --${rawName} takes no value`, { path: arg });
      }
      continue;
    }
    positionals.push(arg);
  }
  if (positionals.length > positionalsAllowed) {
    const extra = positionals[positionalsAllowed]!;
    throw new ToolError("UNEXPECTED_ARGUMENT", `unexpected argument "${extra}"`, { path: extra });
  }
}

function splitFlag(arg: string): [string, string | undefined] {
  const body = arg.replace(/^-{1,2}/, "");
  const eq = body.indexOf("=");
  return eq === -1 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}
