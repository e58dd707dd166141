import type { Check } from "./check.ts";
import type { EnvironmentContract } from "./contract.ts";
import { giteaCheck } from "./gitea.ts";
import { hermesAgentCheck } from "./hermes-agent.ts";
import { hermesHomeCheck } from "./hermes-home.ts";
import { llmProviderCheck } from "./llm-provider.ts";
import { binaryCheck, runtimeCheck } from "./runtimes.ts";
import { secretFileCheck } from "./secret-files.ts";
import { telegramBotCheck, telegramChatCheck } from "./telegram.ts";

/** Every check the contract asks for, in report order; ids are stable (`runtime:node`, `secret_file:.env`, ...). */
export function buildChecks(contract: EnvironmentContract): Check[] {
  const checks: Check[] = [
    ...contract.runtimes.map(runtimeCheck),
    ...contract.binaries.map(binaryCheck),
    hermesHomeCheck(contract.hermesHome.folders, contract.hermesHome.files),
    ...contract.secretFiles.map(secretFileCheck),
  ];
  if (contract.hermesAgent) checks.push(hermesAgentCheck(contract.hermesAgent));
  if (contract.llmProvider) checks.push(llmProviderCheck(contract.llmProvider));
  if (contract.gitea) checks.push(giteaCheck(contract.gitea.required));
  if (contract.telegram) {
    checks.push(telegramBotCheck(contract.telegram.required));
    checks.push(telegramChatCheck(contract.telegram.required, contract.telegram.chatIdVars));
  }
  // Two contract entries naming the same runtime would give two findings one id; the first wins.
  const seen = new Set<string>();
  return checks.filter((c) => !seen.has(c.id) && seen.add(c.id));
}
