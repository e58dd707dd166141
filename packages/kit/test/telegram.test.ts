import { describe, expect, it } from "vitest";
import { escapeHtml, fitTelegramText, TelegramClient, TelegramError } from "../src/telegram.ts";
import { closeAfterTest, refusedPort, startTelegramStub } from "../testing/index.ts";

const TOKEN = "123456:CANARY-telegram-token-xyz";

async function failure(p: Promise<unknown>): Promise<TelegramError> {
  try {
    await p;
  } catch (err) {
    return err as TelegramError;
  }
  throw new Error("expected a failure");
}

describe("TelegramClient against a loopback Bot API", () => {
  it("getMe and sendMessage reach /bot<token>/<method> with HTML parse mode", async () => {
    const stub = await startTelegramStub();
    closeAfterTest(stub);
    const client = new TelegramClient({ token: TOKEN, apiBase: stub.url });
    expect((await client.getMe()).username).toBe("council_bot");
    await client.sendMessage("-100", "<b>hi</b>");
    expect(stub.calls.map((c) => [c.method, c.token])).toEqual([["getMe", TOKEN], ["sendMessage", TOKEN]]);
    expect(JSON.parse(stub.calls[1]!.body)).toMatchObject({ chat_id: "-100", text: "<b>hi</b>", parse_mode: "HTML" });
  });

  it("honours retry_after on 429, then succeeds (bounded)", async () => {
    const stub = await startTelegramStub((method, n) => (method === "sendMessage" && n <= 2 ? { status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: 7 } } } : undefined));
    closeAfterTest(stub);
    const waits: number[] = [];
    const client = new TelegramClient({ token: TOKEN, apiBase: stub.url, sleep: async (ms) => void waits.push(ms) });
    await client.sendMessage(1, "x");
    expect(waits).toEqual([7000, 7000]);
    expect(stub.calls.filter((c) => c.method === "sendMessage")).toHaveLength(3);
  });

  it("gives up after maxRetries 429s, and does not wait for an unreasonable retry_after", async () => {
    const stub = await startTelegramStub(() => ({ status: 429, body: { ok: false, parameters: { retry_after: 1 } } }));
    closeAfterTest(stub);
    const waits: number[] = [];
    const err = await failure(new TelegramClient({ token: TOKEN, apiBase: stub.url, maxRetries: 2, sleep: async (ms) => void waits.push(ms) }).sendMessage(1, "x"));
    expect([err.kind, waits.length, stub.calls.length]).toEqual(["rate_limited", 2, 3]);
    const stub2 = await startTelegramStub(() => ({ status: 429, body: { ok: false, parameters: { retry_after: 3600 } } }));
    closeAfterTest(stub2);
    const err2 = await failure(new TelegramClient({ token: TOKEN, apiBase: stub2.url, sleep: async () => { throw new Error("must not sleep"); } }).sendMessage(1, "x"));
    expect([err2.kind, err2.retryAfterS]).toEqual(["rate_limited", 3600]);
  });

  it("tells a rejected token (401) from an unreachable API and a server error, without the token", async () => {
    const stub = await startTelegramStub((m) => (m === "getMe" ? { status: 401, body: { ok: false, error_code: 401, description: `Unauthorized ${TOKEN}` } } : { status: 500, body: "<html>oops</html>" }));
    closeAfterTest(stub);
    const client = new TelegramClient({ token: TOKEN, apiBase: stub.url });
    const rejected = await failure(client.getMe());
    const broken = await failure(client.sendMessage(1, "x"));
    const port = await refusedPort();
    const unreachable = await failure(new TelegramClient({ token: TOKEN, apiBase: `http://127.0.0.1:${port}`, timeoutMs: 1000 }).getMe());
    expect([rejected.kind, broken.kind, unreachable.kind]).toEqual(["auth_rejected", "bad_response", "unreachable"]);
    for (const e of [rejected, broken, unreachable]) expect(`${e.message} ${e.stack}`).not.toContain("CANARY");
  });

  it("sendDocument uploads multipart with the file name and content", async () => {
    const stub = await startTelegramStub();
    closeAfterTest(stub);
    await new TelegramClient({ token: TOKEN, apiBase: stub.url }).sendDocument(5, { filename: "audit-2026-11.md", content: "# Audit\n| a | b |" }, "report");
    const body = stub.calls[0]!.body;
    expect(stub.calls[0]!.method).toBe("sendDocument");
    expect(body).toContain('name="document"; filename="audit-2026-11.md"');
    expect(body).toContain("# Audit\n| a | b |");
    expect(body).toMatch(/name="chat_id"\r\n\r\n5\r\n/);
  });
});

describe("message text", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<b>&"x"</b>`)).toBe("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;");
  });
  it.each([
    ["short text is untouched", "a\nb", 4096, "a\nb"],
    ["cut at the last line that fits, with an ellipsis", "line1\nline2\nline3", 14, "line1\nline2\n…"],
    ["never splits a surrogate pair", "🎉".repeat(10), 9, "🎉🎉🎉\n…"],
    ["never splits an entity", "aaaa&amp;bb", 8, "aaaa\n…"],
  ])("%s", (_n, text, limit, expected) => {
    const out = fitTelegramText(text, limit);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(limit);
  });
});
