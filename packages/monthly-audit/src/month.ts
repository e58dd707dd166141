import { ToolError } from "@wizard-council/kit";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The calendar month (UTC) a clock reading falls in, as `YYYY-MM`. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** Validates a `--month` value; anything but `YYYY-MM` is a usage error naming the flag. */
export function parseMonth(value: string, name = "--month"): string {
  if (!MONTH.test(value)) throw new ToolError("INVALID_ARGUMENT", `${name} must be YYYY-MM (e.g. 2026-11), got "${value}"`, { path: name });
  return value;
}

/** The month before a `YYYY-MM` month (`2026-01` → `2025-12`). */
export function previousMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new ToolError("INVALID_ARGUMENT", `not a YYYY-MM month: "${month}"`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  return mon === 1 ? `${String(year - 1).padStart(4, "0")}-12` : `${m[1]}-${String(mon - 1).padStart(2, "0")}`;
}
