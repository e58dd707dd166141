/** Exit codes of the contract (CONTRACT.md §2). */
export const EXIT = { OK: 0, FAIL: 1, USAGE: 2, TEMPFAIL: 75 } as const;

export interface ToolErrorOptions {
  /** The file, flag or value the error is about; printed in parentheses. */
  path?: string;
  /** 2 (default) or 75 (temporary: safe to retry). */
  exitCode?: number;
  cause?: unknown;
}

/**
 * An expected failure with a stable UPPER_SNAKE code. The kit is inlined into every
 * tool, so callers test `isToolError(e)` / `e.code`, never `instanceof`.
 */
export class ToolError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly exitCode: number;
  readonly isToolError = true;

  constructor(code: string, message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ToolError";
    this.code = code;
    this.path = options.path;
    this.exitCode = options.exitCode ?? EXIT.USAGE;
  }
}

/** True for a ToolError from any copy of the kit. */
export function isToolError(err: unknown): err is ToolError {
  return typeof err === "object" && err !== null && (err as { isToolError?: unknown }).isToolError === true
    && typeof (err as { code?: unknown }).code === "string";
}

/** The one-line form printed on stderr: `<tool>: <message> (<path>)`. */
export function formatErrorLine(tool: string, err: Pick<ToolError, "message" | "path">): string {
  const message = err.message.replace(/\s*\n\s*/g, " ");
  return err.path && !message.includes(err.path) ? `${tool}: ${message} (${err.path})` : `${tool}: ${message}`;
}
