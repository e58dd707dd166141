import type { BinarySpec, RuntimeSpec } from "./contract.ts";
import type { Check } from "./check.ts";
import { extractVersion, interopDefault } from "@wizard-council/kit";
import { findExecutable, runProgram } from "./executables.ts";

/** `runtime:<name>`: the interpreter is on PATH and its `--version` satisfies the contract's range. */
export function runtimeCheck(spec: RuntimeSpec): Check {
  return {
    id: `runtime:${spec.name}`,
    title: spec.range ? `${spec.name} ${spec.range}` : spec.name,
    required: spec.required,
    network: false,
    async run(ctx) {
      const path = findExecutable(spec.command, ctx.env);
      const install = `install ${spec.name}${spec.range ? ` ${spec.range}` : ""} and put ${spec.command} on PATH`;
      if (!path) return { status: "fail", message: `${spec.command} is not on PATH`, fix: install, data: { command: spec.command } };
      const probe = await runProgram(path, ["--version"], ctx.env, ctx.timeoutMs);
      if (!probe.ok) return { status: "error", message: `${path} --version failed: ${probe.reason}`, fix: `check that ${path} runs`, data: { path } };
      const version = extractVersion(probe.output);
      if (!version) return { status: "error", message: `cannot read a version from ${path} --version`, fix: `check that ${path} is ${spec.name}`, data: { path } };
      if (spec.range) {
        const { satisfies } = interopDefault(await import("semver"));
        if (!satisfies(version, spec.range)) {
          return { status: "fail", message: `${spec.command} is ${version}, the contract needs ${spec.range}`, fix: install, data: { path, version, range: spec.range } };
        }
      }
      return { status: "ok", message: `${version} at ${path}`, data: { path, version, ...(spec.range ? { range: spec.range } : {}) } };
    },
  };
}

/** `binary:<name>`: the executable is on PATH (looked up without a shell). */
export function binaryCheck(spec: BinarySpec): Check {
  return {
    id: `binary:${spec.name}`,
    title: `${spec.name} on PATH`,
    required: spec.required,
    network: false,
    async run(ctx) {
      const path = findExecutable(spec.name, ctx.env);
      if (!path) return { status: "fail", message: `${spec.name} is not on PATH`, fix: `install ${spec.name} and put it on PATH`, data: { command: spec.name } };
      return { status: "ok", message: path, data: { path } };
    },
  };
}
