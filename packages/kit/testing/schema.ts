import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const envelopePath = fileURLToPath(new URL("../schema/report.schema.json", import.meta.url));
const envelope = JSON.parse(readFileSync(envelopePath, "utf8")) as { $id: string };

/** Validates a parsed report against the kit's envelope schema and, if given, a tool's schema file. */
export function validateReport(report: unknown, toolSchemaPath?: string): { valid: boolean; errors: string } {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(envelope);
  const schema = toolSchemaPath ? JSON.parse(readFileSync(toolSchemaPath, "utf8")) : envelope;
  const validate = toolSchemaPath ? ajv.compile(schema) : ajv.getSchema(envelope.$id)!;
  const valid = validate(report) as boolean;
  return { valid, errors: valid ? "" : ajv.errorsText(validate.errors, { separator: "\n" }) };
}

/** Parses stdout that must hold exactly one JSON line and validates it; throws with the reason otherwise. */
export function parseSingleReport(stdout: string, toolSchemaPath?: string): Record<string, any> {
  const lines = stdout.split("\n").filter((l) => l.length > 0);
  if (lines.length !== 1 || !stdout.endsWith("\n")) throw new Error(`expected exactly one JSON line on stdout, got ${lines.length}: ${stdout.slice(0, 300)}`);
  const report = JSON.parse(lines[0]!) as Record<string, any>;
  const { valid, errors } = validateReport(report, toolSchemaPath);
  if (!valid) throw new Error(`report does not match its schema:\n${errors}\n${lines[0]!.slice(0, 500)}`);
  return report;
}
