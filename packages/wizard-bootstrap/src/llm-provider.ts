import type { Check } from "./check.ts";

/** `llm_provider`: at least one provider key is set in the environment or `$HERMES_HOME/.env`; reports its name, never its value. */
export function llmProviderCheck(spec: { required: boolean; keys: string[] }): Check {
  return {
    id: "llm_provider",
    title: "LLM provider key",
    required: spec.required,
    network: false,
    async run(ctx) {
      const host = ctx.hostEnv();
      const found = spec.keys.filter((name) => host.sourceOf(name) !== undefined);
      for (const name of found) ctx.secrets.add(host.get(name)!);
      const first = found[0];
      if (!first) {
        return {
          status: "fail",
          message: `none of ${spec.keys.join(", ")} is set`,
          fix: `add one of ${spec.keys.join(", ")} to ${host.dotenvPath} (chmod 600)`,
          data: { variables: [] },
        };
      }
      const source = host.sourceOf(first) === "env" ? "environment" : host.dotenvPath;
      return { status: "ok", message: `${first} (from ${source})`, data: { variable: first, source: host.sourceOf(first), variables: found } };
    },
  };
}
