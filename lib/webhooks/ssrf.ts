// Webhook URLs are chosen by whoever holds an API key or an operator session, and Roster
// POSTs to them from inside its network: a server-side request forgery risk. So a URL is
// refused when it resolves to a loopback, private, link-local (cloud metadata lives at
// 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast or reserved address,
// and plain http is refused in production — at create/update time, and again at delivery
// time on the address actually connected to (lookupPublicOnly), so a DNS answer that
// changes after the check (rebinding) cannot reach inside. ROSTER_WEBHOOK_ALLOW_PRIVATE=true
// lifts both rules for development and tests. Redirects are never followed (delivery.ts).
import dns from "node:dns";
import net from "node:net";

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(address, prefix, "ipv6");
}

/** An IPv4 address embedded in an IPv6 one (::ffff:a.b.c.d, NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}

/** True for an address a webhook must not reach (see the header). */
export function isForbiddenAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookUrlError";
  }
}

export type UrlPolicy = { allowPrivate: boolean; isProduction: boolean };

/** The URL, parsed, if its form is acceptable (scheme, no credentials); no DNS here. */
export function parseWebhookUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError("The URL is not an absolute http(s) URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookUrlError("The URL must use https.");
  if (url.protocol === "http:" && policy.isProduction && !policy.allowPrivate) {
    throw new WebhookUrlError("The URL must use https (plain http is refused in production).");
  }
  if (url.username || url.password) throw new WebhookUrlError("The URL must not contain credentials.");
  if (url.hash) throw new WebhookUrlError("The URL must not contain a #fragment.");
  return url;
}

/** The hostname without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Checks a URL for create/update: its form, then every address its host resolves to.
 * Throws WebhookUrlError with a reason a person can act on.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  const url = parseWebhookUrl(raw, policy);
  if (policy.allowPrivate) return url;
  const host = bareHost(url);
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new WebhookUrlError(`The host ${host} does not resolve.`);
    }
  }
  const bad = addresses.find(isForbiddenAddress);
  if (bad) {
    throw new WebhookUrlError(
      `The host ${host} resolves to ${bad}, a private, loopback or link-local address; webhooks only go to public addresses.`,
    );
  }
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves as usual and then refuses forbidden addresses:
 * the check applies to the address the socket connects to.
 */
export function lookupPublicOnly(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses;
    const bad = list.find((a) => isForbiddenAddress(a.address));
    if (bad) {
      const refused: NodeJS.ErrnoException = new WebhookUrlError(
        `Refused: ${hostname} resolves to ${bad.address}, a private, loopback or link-local address.`,
      );
      refused.code = "ESSRF";
      return callback(refused, []);
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}
