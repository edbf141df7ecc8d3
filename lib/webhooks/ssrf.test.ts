import { describe, expect, it } from "vitest";
import { WebhookUrlError, checkWebhookUrl, isForbiddenAddress, parseWebhookUrl } from "./ssrf";

const STRICT = { allowPrivate: false, isProduction: true };

describe("webhook URL checks", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.100.100.200",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::10.0.0.1",
  ])("refuses %s", (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::6810:85e5", "::ffff:8.8.8.8"])("allows %s", (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it("refuses plain http in production, credentials, fragments and other schemes", () => {
    expect(() => parseWebhookUrl("http://example.com/hook", STRICT)).toThrow(/https/);
    expect(parseWebhookUrl("http://example.com/hook", { allowPrivate: false, isProduction: false }).host).toBe("example.com");
    expect(() => parseWebhookUrl("https://u:p@example.com/", STRICT)).toThrow(/credentials/);
    expect(() => parseWebhookUrl("https://example.com/#x", STRICT)).toThrow(/fragment/);
    expect(() => parseWebhookUrl("ftp://example.com/", STRICT)).toThrow(WebhookUrlError);
    expect(() => parseWebhookUrl("not a url", STRICT)).toThrow(WebhookUrlError);
  });

  it("refuses hosts that resolve to private addresses, unless private addresses are allowed", async () => {
    await expect(checkWebhookUrl("https://127.0.0.1/hook", STRICT)).rejects.toThrow(/127\.0\.0\.1/);
    await expect(checkWebhookUrl("https://[::1]/hook", STRICT)).rejects.toThrow(/private/);
    await expect(checkWebhookUrl("https://169.254.169.254/latest/meta-data", STRICT)).rejects.toThrow(/link-local/);
    await expect(checkWebhookUrl("https://localhost:8443/hook", STRICT)).rejects.toThrow(/resolves to/);
    await expect(checkWebhookUrl("http://127.0.0.1:9/hook", { allowPrivate: true, isProduction: true })).resolves.toBeInstanceOf(URL);
  });
});
