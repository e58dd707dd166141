import type { createColors } from "picocolors";
import { interopDefault } from "./interop.ts";

/** A picocolors instance; `enabled` tells whether it emits ANSI codes. */
export type Colors = ReturnType<typeof createColors> & { enabled: boolean };

interface StreamLike {
  isTTY?: boolean;
}

/**
 * Decides colour for one stream. picocolors' own detection turns colour on under CI
 * even when piped, so it is never trusted: FORCE_COLOR (non-zero) wins, then NO_COLOR
 * (any non-empty value), then TERM=dumb, then whether the stream is a terminal.
 */
export function shouldColor(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" ) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/**
 * Colours for the given stream, decided by {@link shouldColor}. picocolors (and the `tty` module it
 * loads) is imported only here: the JSON path, which agents and pipes take, never pays for it.
 */
export async function colorsFor(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): Promise<Colors> {
  const enabled = shouldColor(stream, env);
  const pc = interopDefault(await import("picocolors"));
  return Object.assign(pc.createColors(enabled), { enabled });
}

/** Removes ANSI escape sequences (citty colours its usage text by its own rules). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001B\[[0-9;]*m/g, "");
}
