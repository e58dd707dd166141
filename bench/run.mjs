#!/usr/bin/env node
// `pnpm bench`: runs every bench/<name>.mjs in turn (each builds its own data in a temp dir
// and stops its own servers) and prints one table. Measurements, not tests: exits 0 even when
// a target is missed. `--only a,b` runs some; `--markdown` prints the table for RESULTS.md.
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { formatRow } from "./lib.mjs";

const ORDER = ["cycle-guard", "observatory", "fleet-status", "skills-audit", "dependency-checker", "monthly-audit"];
const args = process.argv.slice(2);
const onlyIdx = args.indexOf("--only");
const only = onlyIdx >= 0 ? args[onlyIdx + 1].split(",") : undefined;
const markdown = args.includes("--markdown");

const rows = [];
for (const name of ORDER) {
  if (only && !only.includes(name)) continue;
  const file = new URL(`./${name}.mjs`, import.meta.url);
  if (!existsSync(file)) {
    console.error(`bench: ${name}.mjs not present, skipped`);
    continue;
  }
  console.error(`bench: ${name} ...`);
  try {
    const mod = await import(file.href);
    for (const r of await mod.run()) {
      rows.push(r);
      console.error(`  ${formatRow(r)}`);
    }
  } catch (err) {
    rows.push({ figure: name, target: "-", met: false, note: `bench failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

const fmt = (n, d = 1) => (n === undefined || n === null ? "–" : Number(n).toFixed(d));
const header = ["figure", "median ms", "baseline ms", "ratio", "target", "met", "peak RSS MiB", "note"];
const table = rows.map((r) => [r.figure, fmt(r.medianMs), fmt(r.baselineMs), fmt(r.ratio, 2), r.target, r.met ? "met" : "MISSED", fmt(r.peakRssMiB), r.note ?? ""]);
if (markdown) {
  console.log(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map(() => "---").join(" | ")} |`);
  for (const t of table) console.log(`| ${t.join(" | ")} |`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  console.log(line(header));
  for (const t of table) console.log(line(t));
}
