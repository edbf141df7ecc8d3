// Standard Webhooks signatures (https://www.standardwebhooks.com), made by the
// `standardwebhooks` package — the same one the README tells receivers to verify with.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** A new signing secret: 32 random bytes, base64, behind the spec's `whsec_` prefix. */
export function newSigningSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64");
}

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/**
 * The three headers for one message. With several secrets (during a rotation's grace
 * period) each signs, space-separated, as the spec allows: a receiver holding either
 * secret verifies the message.
 */
export function signMessage(secrets: readonly string[], messageId: string, timestamp: Date, body: string): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
