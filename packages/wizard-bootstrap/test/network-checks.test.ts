import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeAfterTest, refusedPort, reply, startServer, startSilentServer, startTelegramStub, type LoopbackServer } from "@wizard-council/kit/testing";
import { runBootstrap } from "../src/index.ts";
import { readyHome, writeWithMode } from "./host.ts";


type Answer = { status: number; body: unknown };
const giteaAnswers: [string, Answer, string, string, Record<string, unknown>][] = [
  ["200 with a login", { status: 200, body: { id: 1, login: "merlin" } }, "ok", "authenticated as merlin at <url>", { login: "merlin" }],
  ["401", { status: 401, body: { message: "token is required" } }, "fail", "token rejected (HTTP 401)", { reason: "auth_rejected", httpStatus: 401 }],
  ["403", { status: 403, body: { message: "forbidden" } }, "fail", "token rejected (HTTP 403)", { reason: "auth_rejected", httpStatus: 403 }],
  ["500", { status: 500, body: "internal error" }, "error", "server problem: HTTP 500", { reason: "server_error", httpStatus: 500 }],
  ["404 (wrong base URL)", { status: 404, body: "not found" }, "error", "unexpected HTTP 404 from /api/v1/user", { reason: "bad_response", httpStatus: 404 }],
  ["garbage instead of JSON", { status: 200, body: "<html>proxy login</html>" }, "error", "bad response: /api/v1/user did not return JSON", { reason: "bad_response" }],
  ["JSON without a login", { status: 200, body: { id: 1 } }, "error", "bad response: /api/v1/user has no login", { reason: "bad_response" }],
];

describe("gitea_auth against a loopback Gitea", () => {
  it.each(giteaAnswers)("%s → %s", async (_name, answer, status, message, data) => {
    const gitea = closeAfterTest(await startServer((_req, res) => reply(res, answer.status, answer.body)));
    const report = await runBootstrap({ hermesHome: readyHome(), env: { GITEA_URL: gitea.url, GITEA_TOKEN: "gtok-abcdef-1" }, only: ["gitea_auth"], timeoutMs: 3000 });
    expect(report.findings[0]).toMatchObject({ id: "gitea_auth", status, message: message.replace("<url>", gitea.url), data: { url: gitea.url, tokenSource: "GITEA_TOKEN", ...data } });
    expect(gitea.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([["GET", "/api/v1/user", "token gtok-abcdef-1"]]);
  });

  it("a server that never answers is unreachable (timeout), not a rejected token", async () => {
    const silent = closeAfterTest(await startSilentServer());
    const report = await runBootstrap({ hermesHome: readyHome(), env: { GITEA_URL: silent.url, GITEA_TOKEN: "gtok-abcdef-1" }, only: ["gitea_auth"], timeoutMs: 600 });
    expect(report.findings[0]).toMatchObject({ status: "error", message: `unreachable: no answer within 600 ms (${silent.url})`, data: { reason: "unreachable", kind: "timeout" } });
  });

  it("a refused connection is unreachable, not a rejected token", async () => {
    const port = await refusedPort();
    const report = await runBootstrap({ hermesHome: readyHome(), env: { GITEA_URL: `http://127.0.0.1:${port}`, GITEA_TOKEN: "gtok-abcdef-1" }, only: ["gitea_auth"] });
    expect(report.findings[0]).toMatchObject({ status: "error", message: `unreachable: connection refused (http://127.0.0.1:${port})`, data: { reason: "unreachable", kind: "refused" } });
  });

  it("reads the token from $HERMES_HOME/gitea_token and GITEA_URL from .env, keeping a sub-path", async () => {
    const gitea = closeAfterTest(await startServer((_req, res) => reply(res, 200, { login: "morgana" })));
    const home = readyHome(`GITEA_URL=${gitea.url}/git/\n`);
    writeWithMode(join(home, "gitea_token"), "file-token-778899\n", 0o600);
    const report = await runBootstrap({ hermesHome: home, env: {}, only: ["gitea_auth"] });
    expect(report.findings[0]).toMatchObject({ status: "ok", message: `authenticated as morgana at ${gitea.url}`, data: { tokenSource: join(home, "gitea_token") } });
    expect(gitea.requests.map((r) => [r.url, r.headers.authorization])).toEqual([["/git/api/v1/user", "token file-token-778899"]]);
  });

  it.each([
    ["no GITEA_URL", { GITEA_TOKEN: "gtok-abcdef-1" }, "GITEA_URL is not set"],
    ["no token anywhere", { GITEA_URL: "http://127.0.0.1:9" }, "no Gitea token: GITEA_TOKEN is not set and there is no gitea_token file"],
  ])("%s fails without a request, online or offline", async (_name, env, message) => {
    for (const offline of [false, true]) {
      const report = await runBootstrap({ hermesHome: readyHome(), env, only: ["gitea_auth"], offline });
      expect(report.findings[0]).toMatchObject({ status: "fail", message, data: { reason: "not_configured" } });
    }
  });

  it("--offline makes no request and skips", async () => {
    const gitea = closeAfterTest(await startServer((_req, res) => reply(res, 200, { login: "x" })));
    const report = await runBootstrap({ hermesHome: readyHome(), env: { GITEA_URL: gitea.url, GITEA_TOKEN: "gtok-abcdef-1" }, only: ["gitea_auth"], offline: true });
    expect(report.findings[0]).toMatchObject({ status: "skip", data: { reason: "offline" } });
    expect(gitea.requests).toEqual([]);
  });
});

const telegramAnswers: [string, Answer, string, string, Record<string, unknown>][] = [
  ["401", { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } }, "fail", "token rejected (HTTP 401)", { reason: "auth_rejected", httpStatus: 401 }],
  ["403", { status: 403, body: { ok: false, error_code: 403, description: "Forbidden" } }, "fail", "token rejected (HTTP 403)", { reason: "auth_rejected", httpStatus: 403 }],
  ["404 (Telegram's answer to a malformed token)", { status: 404, body: { ok: false, error_code: 404, description: "Not Found" } }, "fail", "token rejected (HTTP 404)", { reason: "auth_rejected" }],
  ["500", { status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } }, "error", "server problem: HTTP 500", { reason: "server_error", httpStatus: 500 }],
  ["garbage instead of JSON", { status: 200, body: "<html>captive portal</html>" }, "error", "bad response: HTTP 200 with a body that is not JSON", { reason: "bad_response" }],
  ["ok without a username", { status: 200, body: { ok: true, result: { id: 7 } } }, "error", "bad response: getMe returned no username", { reason: "bad_response" }],
];

describe("telegram_bot against a loopback Bot API", () => {
  it("getMe answers → the bot's username, token only in the URL path", async () => {
    const tg = closeAfterTest(await startTelegramStub());
    const report = await runBootstrap({ hermesHome: readyHome(), env: { TELEGRAM_BOT_TOKEN: "123456:tg-token-abc", TELEGRAM_API_BASE: tg.url }, only: ["telegram_bot"] });
    expect(report.findings[0]).toMatchObject({ id: "telegram_bot", status: "ok", message: "bot @council_bot", data: { username: "council_bot", url: tg.url } });
    expect(tg.calls.map((c) => [c.method, c.token])).toEqual([["getMe", "123456:tg-token-abc"]]);
  });

  it.each(telegramAnswers)("%s → %s", async (_name, answer, status, message, data) => {
    const tg = closeAfterTest(await startTelegramStub(() => answer));
    const report = await runBootstrap({ hermesHome: readyHome(), env: { TELEGRAM_BOT_TOKEN: "123456:tg-token-abc", TELEGRAM_API_BASE: tg.url }, only: ["telegram_bot"] });
    expect(report.findings[0]).toMatchObject({ status, message, data });
    expect(tg.calls).toHaveLength(1);
  });

  it("a silent server and a refused port are unreachable errors", async () => {
    const silent = closeAfterTest(await startSilentServer());
    const port = await refusedPort();
    for (const [base, message] of [[silent.url, `unreachable: no answer within 600 ms (${silent.url})`], [`http://127.0.0.1:${port}`, `unreachable: connection refused (http://127.0.0.1:${port})`]] as const) {
      const report = await runBootstrap({ hermesHome: readyHome(), env: { TELEGRAM_BOT_TOKEN: "123456:tg-token-abc", TELEGRAM_API_BASE: base }, only: ["telegram_bot"], timeoutMs: 600 });
      expect(report.findings[0]).toMatchObject({ status: "error", message, data: { reason: "unreachable" } });
    }
  });

  it("no token fails; --offline with a token skips without calling", async () => {
    const tg = closeAfterTest(await startTelegramStub());
    const missing = await runBootstrap({ hermesHome: readyHome(), env: { TELEGRAM_API_BASE: tg.url }, only: ["telegram_bot"] });
    expect(missing.findings[0]).toMatchObject({ status: "fail", message: "TELEGRAM_BOT_TOKEN is not set" });
    const offline = await runBootstrap({ hermesHome: readyHome(), env: { TELEGRAM_BOT_TOKEN: "123456:tg-token-abc", TELEGRAM_API_BASE: tg.url }, only: ["telegram_bot"], offline: true });
    expect(offline.findings[0]).toMatchObject({ status: "skip", message: `offline: ${tg.url} not contacted` });
    expect(tg.calls).toEqual([]);
  });
});

describe("concurrency, deadline and optional checks", () => {
  it("the overall deadline turns an unfinished check into an error while finished ones keep their result", async () => {
    const silent = closeAfterTest(await startSilentServer());
    const tg = closeAfterTest(await startTelegramStub());
    const env = { GITEA_URL: silent.url, GITEA_TOKEN: "gtok-abcdef-1", TELEGRAM_BOT_TOKEN: "123456:tg-token-abc", TELEGRAM_API_BASE: tg.url, TELEGRAM_CHAT_ID: "42" };
    const report = await runBootstrap({ hermesHome: readyHome(), env, only: ["gitea_auth", "telegram_bot", "telegram_chat"], timeoutMs: 30_000, deadlineMs: 3000 });
    expect(report.findings.map((f) => [f.id, f.status, f.message])).toEqual([
      ["gitea_auth", "error", "not finished before the overall deadline of 3000 ms"],
      ["telegram_bot", "ok", "bot @council_bot"],
      ["telegram_chat", "ok", "TELEGRAM_CHAT_ID (from environment)"],
    ]);
    expect(report.data).toMatchObject({ ready: false, problems: 1, deadlineMs: 3000, timeoutMs: 30_000 });
  });

  it("an optional network check that errors is a warning, so the host is still ready", async () => {
    const port = await refusedPort();
    const dir = readyHome();
    const contract = join(dir, "contract.yaml");
    writeFileSync(contract, 'version: "1.0.0"\ngitea:\n  required: false\n');
    const report = await runBootstrap({ hermesHome: dir, env: { GITEA_URL: `http://127.0.0.1:${port}`, GITEA_TOKEN: "gtok-abcdef-1" }, contractPath: contract });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["hermes_home", "ok"], ["gitea_auth", "warn"]]);
    expect(report.findings[1]!.data).toMatchObject({ required: false, wouldBe: "error", reason: "unreachable" });
    expect([report.status, report.data.ready]).toEqual(["warn", true]);
  });
});

describe("URLs that are not http(s) are configuration failures, not unreachable servers", () => {
  it.each([
    ["gitea_auth", { GITEA_URL: "forge.example.org", GITEA_TOKEN: "gtok-abcdef-1" }, "GITEA_URL is not an http(s) URL"],
    ["gitea_auth", { GITEA_URL: "ftp://forge.example.org", GITEA_TOKEN: "gtok-abcdef-1" }, "GITEA_URL is not an http(s) URL"],
    ["telegram_bot", { TELEGRAM_BOT_TOKEN: "123:abcdef", TELEGRAM_API_BASE: "api.telegram.org" }, "TELEGRAM_API_BASE is not an http(s) URL"],
  ])("%s with %j → fail", async (id, env, message) => {
    const report = await runBootstrap({ hermesHome: readyHome(), env, only: [id] });
    expect(report.findings[0]).toMatchObject({ status: "fail", message, data: { reason: "not_configured" } });
  });
});
