// What Roster knows about each identity provider, in one place: the name an IT admin knows
// it by, what to call it in a sentence ("waiting for the first request from …"), the
// picker's one-line description, how often a healthy connection talks to us, and what it
// usually means when it stops.
import { type Provider, PROVIDERS } from "@/db/schema";

export { PROVIDERS, type Provider };

export type ProviderProfile = {
  /** The product name an IT admin knows ("Microsoft Entra ID"). */
  name: string;
  /** The provider as the subject of a sentence ("waiting for the first request from Okta"). */
  senderName: string;
  /** One line for the provider picker. */
  blurb: string;
  /**
   * Past this much time without a successful request after the first one, the directory is
   * flagged silent (editable per directory). Entra ID runs a provisioning cycle about every
   * 40 minutes whether or not anything changed; the others push changes as they happen and
   * may rightly say nothing for days in a quiet company.
   */
  expectedActivityMinutes: number;
  /** What a connection that went quiet most likely means, most likely first. */
  silenceCauses: string[];
  /**
   * Whether the provider's console offers OAuth 2 client credentials (RFC 6749 §4.4) besides a
   * static bearer token: PingOne's "OAuth 2 Client Credentials" authentication method, Entra
   * ID's client-credentials grant for non-gallery apps. The portal offers a client secret then.
   */
  clientCredentials: boolean;
};

const DAY = 24 * 60;

export const PROVIDER_PROFILES: Record<Provider, ProviderProfile> = {
  pingone: {
    name: "PingIdentity",
    senderName: "PingOne",
    blurb: "PingOne SCIM Outbound connection",
    expectedActivityMinutes: 7 * DAY,
    silenceCauses: [
      "The provisioning rule was disabled, or its user filter no longer matches anyone.",
      "The SCIM Outbound connection's bearer token was replaced or revoked here.",
      "The connection was paused or deleted in PingOne (Integrations → Provisioning).",
    ],
    clientCredentials: true,
  },
  okta: {
    name: "Okta",
    senderName: "Okta",
    blurb: "Okta app integration with SCIM provisioning",
    expectedActivityMinutes: 7 * DAY,
    silenceCauses: [
      "Provisioning to App was turned off in the app's Provisioning tab.",
      "The API token in the app's integration settings was revoked here or changed in Okta.",
      "No one is assigned to the app any more.",
    ],
    clientCredentials: false,
  },
  entra: {
    name: "Microsoft Entra ID",
    senderName: "Microsoft Entra ID",
    blurb: "Enterprise application with automatic provisioning",
    expectedActivityMinutes: 2 * 60,
    silenceCauses: [
      "Provisioning was stopped, or the job is in quarantine after repeated errors (Provisioning → Overview).",
      "The secret token expired or was revoked here: Entra quarantines the job after failed requests.",
      "The scoping filter or the user and group assignments no longer include anyone.",
    ],
    clientCredentials: true,
  },
  onelogin: {
    name: "OneLogin",
    senderName: "OneLogin",
    blurb: "SCIM Provisioner app",
    expectedActivityMinutes: 7 * DAY,
    silenceCauses: [
      "Provisioning was disabled on the app's Provisioning tab.",
      "The SCIM bearer token in the app's configuration was revoked here or changed.",
      "No users are assigned to the app any more.",
    ],
    clientCredentials: false,
  },
  jumpcloud: {
    name: "JumpCloud",
    senderName: "JumpCloud",
    blurb: "Custom application with Identity Management",
    expectedActivityMinutes: 7 * DAY,
    silenceCauses: [
      "Identity Management was turned off for the application.",
      "The token was revoked here or replaced in the application's settings.",
      "No user groups are bound to the application any more.",
    ],
    clientCredentials: false,
  },
  generic: {
    name: "Custom SCIM 2.0",
    senderName: "your identity provider",
    blurb: "Any client that follows RFC 7643 / 7644",
    expectedActivityMinutes: 7 * DAY,
    silenceCauses: [
      "Provisioning was disabled in the identity provider.",
      "The bearer token was revoked here or replaced in the provider's settings.",
      "The provider can no longer reach this endpoint URL (network, firewall or DNS change).",
    ],
    clientCredentials: false,
  },
};

/** The names a customer's IT admin knows these providers by (and the portal shows). */
export const PROVIDER_NAMES: Record<Provider, string> = Object.fromEntries(
  PROVIDERS.map((p) => [p, PROVIDER_PROFILES[p].name]),
) as Record<Provider, string>;

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}
