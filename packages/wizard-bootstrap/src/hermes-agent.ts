import type { EnvironmentContract } from "./contract.ts";
import type { Check } from "./check.ts";
import { findExecutable, runProgram } from "./executables.ts";

/** `hermes_agent`: the `hermes` command is on PATH, or `python3 -c "import hermes_constants"` succeeds. */
export function hermesAgentCheck(spec: NonNullable<EnvironmentContract["hermesAgent"]>): Check {
  return {
    id: "hermes_agent",
    title: "hermes-agent installed",
    required: spec.required,
    network: false,
    async run(ctx) {
      const command = findExecutable(spec.command, ctx.env);
      if (command) return { status: "ok", message: `${spec.command} at ${command}`, data: { via: "command", path: command } };
      const fix = `install hermes-agent (pip install hermes-agent) so that ${spec.command} is on PATH`;
      const python = findExecutable(spec.python, ctx.env);
      if (!python) return { status: "fail", message: `${spec.command} is not on PATH and ${spec.python} is not either`, fix, data: { via: "none" } };
      const probe = await runProgram(python, ["-c", `import ${spec.module}`], ctx.env, ctx.timeoutMs);
      if (probe.ok) return { status: "ok", message: `${spec.python} can import ${spec.module}`, data: { via: "module", path: python } };
      if (probe.reason?.startsWith("no answer")) {
        return { status: "error", message: `${spec.python} -c "import ${spec.module}": ${probe.reason}`, fix: `check that ${python} starts`, data: { via: "none" } };
      }
      return { status: "fail", message: `${spec.command} is not on PATH and ${spec.python} cannot import ${spec.module}`, fix, data: { via: "none" } };
    },
  };
}
