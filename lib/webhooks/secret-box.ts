// Webhook signing secrets at rest. A receiver verifies with the secret itself, so Roster
// must be able to read it back: it is encrypted (AES-256-GCM), not hashed. The key is
// ROSTER_ENCRYPTION_KEY (32 random bytes, base64) when set, else derived from AUTH_SECRET
// with HKDF — so a database dump alone does not give away the secrets. Each ciphertext is
// bound to its endpoint's id (additional authenticated data): a secret copied onto another
// row does not decrypt.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";

let cachedKey: { source: string; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const { encryptionKey: dedicated, authSecret } = env();
  const source = dedicated ? `k:${dedicated}` : authSecret ? `a:${authSecret}` : undefined;
  if (!source) {
    throw new Error("Set ROSTER_ENCRYPTION_KEY (or AUTH_SECRET) to store webhook signing secrets.");
  }
  if (cachedKey?.source === source) return cachedKey.key;
  let key: Buffer;
  if (dedicated) {
    key = Buffer.from(dedicated.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length !== 32) throw new Error("ROSTER_ENCRYPTION_KEY must decode to exactly 32 bytes (openssl rand -base64 32).");
  } else {
    key = Buffer.from(hkdfSync("sha256", authSecret!, "roster", "roster webhook secrets v1", 32));
  }
  cachedKey = { source, key };
  return key;
}

export function sealSecret(plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openSecret(sealed: string, boundTo: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("Unrecognised encrypted secret format.");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(boundTo, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
