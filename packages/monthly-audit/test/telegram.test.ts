import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { composeAudit, runMonthlyAudit } from "../src/audit.ts";
import { renderTelegramSummary } from "../src/telegram-summary.ts";
import type { AuditDocument } from "../src/document.ts";
import { envelope, hostileFinding, telegramHtmlProblem } from "./envelopes.ts";

const TOKEN = "123456:canary-token-value-XYZ";
const NOV = new Date("2026-11-01T09:00:00.000Z");
const DEC = new Date("2026-12-01T09:00:00.000Z");
const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

async function stub(script?: Parameters<typeof startTelegramStub>[0]) {
  const s = await startTelegramStub(script);
  stubs.push(s);
  return s;
}

const failing = [envelope("skills-audit", [{ id: "devops/a", status: "fail", title: "a is MISSING", fix: "skills-audit --fix" }])];
const sleeps: number[] = [];
const telegram = { sleep: async (ms: number) => void sleeps.push(ms), timeoutMs: 5000 };
const env = (url: string, extra: NodeJS.ProcessEnv = {}) => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: "-100777", TELEGRAM_API_BASE: url, ...extra });
const messageText = (body: string) => (JSON.parse(body) as { text: string; chat_id: string; parse_mode: string });

describe("--post-telegram", () => {
  it("posts the HTML summary, then the report file with sendDocument", async () => {
    const tg = await stub();
    const out = testdir();
    const { report, markdown } = await composeAudit({ out, env: env(tg.url), now: NOV, month: "2026-11", inputReports: failing, postTelegram: true, telegram });
    expect(tg.calls.map((c) => c.method)).toEqual(["sendMessage", "sendDocument"]);
    expect(tg.calls.every((c) => c.token === TOKEN)).toBe(true);
    const msg = messageText(tg.calls[0]!.body);
    expect(msg).toMatchObject({ chat_id: "-100777", parse_mode: "HTML" });
    expect(msg.text.startsWith("<b>Monthly audit 2026-11 · forge-01</b>\nOverall: <b>❌ fail</b>")).toBe(true);
    expect(msg.text).toContain("• <b>skills-audit</b> devops/a: a is MISSING <i>(fix: skills-audit --fix)</i>");
    expect(tg.calls[1]!.body).toContain('filename="audit-2026-11.md"');
    expect(tg.calls[1]!.body).toContain(markdown);
    expect(report.findings.at(-1)).toMatchObject({ id: "telegram", status: "ok", title: "posted to Telegram" });
    expect(report.data.delivery).toEqual({ ok: true, deliveredFromOutbox: 0, queued: [] });
    expect(existsSync(join(out, "outbox"))).toBe(false);
  });

  it("reads the token and chat id from $HERMES_HOME/.env (WIZARD_COUNCIL_CHAT_ID as the fallback chat)", async () => {
    const tg = await stub();
    const home = testdir();
    writeFileSync(join(home, ".env"), `TELEGRAM_BOT_TOKEN=${TOKEN}\nWIZARD_COUNCIL_CHAT_ID=555\nTELEGRAM_API_BASE=${tg.url}\n`);
    const report = await runMonthlyAudit({ hermesHome: home, env: {}, now: NOV, inputReports: failing, postTelegram: true, telegram });
    expect(messageText(tg.calls[0]!.body).chat_id).toBe("555");
    expect(report.findings.at(-1)).toMatchObject({ id: "telegram", status: "ok" });
  });

  it("honours a 429's retry_after and then delivers", async () => {
    sleeps.length = 0;
    const tg = await stub((method, call) => (method === "sendMessage" && call === 1 ? { status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: 7 } } } : undefined));
    const report = await runMonthlyAudit({ out: testdir(), env: env(tg.url), now: NOV, inputReports: failing, postTelegram: true, telegram });
    expect(sleeps).toEqual([7000]);
    expect(tg.calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage", "sendDocument"]);
    expect(report.findings.at(-1)).toMatchObject({ id: "telegram", status: "ok" });
  });

  it("keeps the files, queues the post in a 0600 outbox without the token, and sends it first next run", async () => {
    const out = testdir();
    const down = await stub(() => ({ status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } }));
    const failed = await runMonthlyAudit({ out, env: env(down.url), now: NOV, month: "2026-11", inputReports: failing, postTelegram: true, telegram });
    expect(failed.status).toBe("fail");
    const tgFinding = failed.findings.at(-1)!;
    expect(tgFinding).toMatchObject({ id: "telegram", status: "error", title: "Telegram delivery failed" });
    expect(tgFinding.message).toMatch(/^Telegram sendMessage: HTTP 500: Internal Server Error; the report files are kept and 1 post\(s\) wait in the outbox/);
    expect(existsSync(join(out, "audit-2026-11.md"))).toBe(true);
    const queued = readdirSync(join(out, "outbox"));
    expect(queued).toHaveLength(1);
    const queuedPath = join(out, "outbox", queued[0]!);
    expect(statSync(queuedPath).mode & 0o777).toBe(0o600);
    const text = readFileSync(queuedPath, "utf8");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("-100777");
    expect(JSON.parse(text)).toMatchObject({ month: "2026-11", messageSent: false, document: { filename: "audit-2026-11.md" } });
    expect(JSON.stringify(failed)).not.toContain(TOKEN);

    const up = await stub();
    const next = await runMonthlyAudit({ out, env: env(up.url), now: DEC, month: "2026-12", inputReports: failing, postTelegram: true, telegram });
    expect(up.calls.map((c) => c.method)).toEqual(["sendMessage", "sendDocument", "sendMessage", "sendDocument"]);
    expect(messageText(up.calls[0]!.body).text).toContain("Monthly audit 2026-11");
    expect(up.calls[1]!.body).toContain('filename="audit-2026-11.md"');
    expect(messageText(up.calls[2]!.body).text).toContain("Monthly audit 2026-12");
    expect(next.findings.at(-1)).toMatchObject({ id: "telegram", status: "ok", message: "summary and report sent (after 1 queued from an earlier run)" });
    expect(readdirSync(join(out, "outbox"))).toEqual([]);
  });

  it("says so when the outbox itself cannot be written, keeping the report files", async () => {
    const out = testdir();
    writeFileSync(join(out, "outbox"), "not a folder");
    const down = await stub(() => ({ status: 500, body: { ok: false, description: "down" } }));
    const report = await runMonthlyAudit({ out, env: env(down.url), now: NOV, inputReports: failing, postTelegram: true, telegram });
    expect(report.findings.at(-1)!.message).toMatch(/^Telegram sendMessage: HTTP 500: down; could not queue the post in .*outbox \((EEXIST|ENOTDIR)\); the report files are kept and 0 post\(s\) wait/);
    expect(existsSync(join(out, "audit-2026-11.md"))).toBe(true);
  });

  it("retries only the document when the summary already went out", async () => {
    const out = testdir();
    const half = await stub((method) => (method === "sendDocument" ? { status: 500, body: { ok: false, description: "upload failed" } } : undefined));
    const failed = await runMonthlyAudit({ out, env: env(half.url), now: NOV, inputReports: failing, postTelegram: true, telegram });
    expect(failed.findings.at(-1)).toMatchObject({ id: "telegram", status: "error" });
    const [name] = readdirSync(join(out, "outbox"));
    expect(JSON.parse(readFileSync(join(out, "outbox", name!), "utf8"))).toMatchObject({ messageSent: true });
    const up = await stub();
    await runMonthlyAudit({ out, env: env(up.url), now: NOV, inputReports: failing, postTelegram: true, telegram });
    expect(up.calls.map((c) => c.method)).toEqual(["sendDocument", "sendMessage", "sendDocument"]);
  });

  it("with no token: exit 2 naming the variable, after writing the files", async () => {
    const home = testdir();
    await expect(runMonthlyAudit({ hermesHome: home, env: { TELEGRAM_CHAT_ID: "1" }, now: NOV, inputReports: failing, postTelegram: true }))
      .rejects.toMatchObject({ code: "TELEGRAM_NOT_CONFIGURED", path: join(home, ".env"), message: expect.stringContaining("--post-telegram needs TELEGRAM_BOT_TOKEN in the environment or") });
    expect(existsSync(join(home, "wizard-council", "audit-2026-11.md"))).toBe(true);
    expect(existsSync(join(home, "wizard-council", "audit-2026-11.json"))).toBe(true);
  });
});

describe("secrets", () => {
  it("a token that slipped into a finding is masked in the report files and the post", async () => {
    const tg = await stub();
    const out = testdir();
    const leaky = [envelope("fleet-status", [{ id: "service:gitea", status: "fail", title: "gitea DOWN", message: `server said: bad token ${TOKEN}` }])];
    const { markdown } = await composeAudit({ out, env: env(tg.url), now: NOV, inputReports: leaky, postTelegram: true, telegram });
    expect(markdown).toContain("gitea DOWN: server said: bad token \\*\\*\\*");
    expect(readFileSync(join(out, "audit-2026-11.json"), "utf8")).not.toContain(TOKEN);
    expect(readFileSync(join(out, "audit-2026-11.md"), "utf8")).not.toContain(TOKEN);
    expect(tg.calls.map((c) => c.body.includes(TOKEN))).toEqual([false, false]);
    expect(messageText(tg.calls[0]!.body).text).toContain("server said: bad token ***");
  });
});

describe("the Telegram summary", () => {
  it("stays valid HTML within 4096 UTF-16 units, cut at a line boundary, with hostile findings", async () => {
    const out = testdir();
    const findings = Array.from({ length: 60 }, (_, i) => hostileFinding(i));
    const { report } = await composeAudit({ out, env: {}, now: NOV, inputReports: [envelope("skills-audit", findings)] });
    const doc = JSON.parse(readFileSync(report.data.jsonPath, "utf8")) as AuditDocument;
    const html = renderTelegramSummary(doc);
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html.length).toBeGreaterThan(3000);
    expect(html.endsWith("\n…")).toBe(true);
    expect(telegramHtmlProblem(html)).toBeUndefined();
    expect(html).toContain("pipe | &lt;b&gt;bold&lt;/b&gt; &amp; `tick` 🧙‍♂️ #0");
    // Every line but the ellipsis is a whole line of the uncut summary.
    const lines = html.split("\n");
    expect(lines.at(-2)).toMatch(/^• <b>skills-audit<\/b> hostile\/\d+\|x: .*<\/i>$/);
  });

  it("is what the stub receives for a hostile audit: valid HTML, at most 4096 units", async () => {
    const tg = await stub();
    const findings = Array.from({ length: 40 }, (_, i) => hostileFinding(i));
    await runMonthlyAudit({ out: testdir(), env: env(tg.url), now: NOV, inputReports: [envelope("skills-audit", findings)], postTelegram: true, telegram });
    const text = messageText(tg.calls[0]!.body).text;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(telegramHtmlProblem(text)).toBeUndefined();
    expect(text.endsWith("\n…")).toBe(true);
    expect(tg.calls[1]!.body).toContain("pipe \\| &lt;b&gt;bold&lt;/b&gt;");
  });

  it("counts emoji as Telegram does (UTF-16 units), never splitting a surrogate pair", async () => {
    const out = testdir();
    const findings = Array.from({ length: 80 }, (_, i) => ({ id: `e/${i}`, status: "fail" as const, title: "🔥".repeat(150) }));
    const { report } = await composeAudit({ out, env: {}, now: NOV, inputReports: [envelope("skills-audit", findings)] });
    const html = renderTelegramSummary(JSON.parse(readFileSync(report.data.jsonPath, "utf8")) as AuditDocument);
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(html)).toBe(false);
    expect(telegramHtmlProblem(html)).toBeUndefined();
  });
});
