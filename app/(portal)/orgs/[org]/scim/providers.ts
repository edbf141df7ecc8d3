// What the portal says about each identity provider: the name an IT admin knows it by
// (PROVIDER_NAMES, shared with the API and CLI), what to call it in "waiting for the
// first request from …", and a one-line description for the picker.
import { type Provider, PROVIDERS } from "@/db/schema";
import { PROVIDER_NAMES } from "@/lib/directory/directories";

export type ProviderInfo = { id: Provider; name: string; senderName: string; blurb: string };

const INFO: Record<Provider, { senderName: string; blurb: string }> = {
  pingone: { senderName: "PingOne", blurb: "PingOne SCIM Outbound connection" },
  okta: { senderName: "Okta", blurb: "Okta app integration with SCIM provisioning" },
  entra: { senderName: "Microsoft Entra ID", blurb: "Enterprise application with automatic provisioning" },
  onelogin: { senderName: "OneLogin", blurb: "SCIM Provisioner app" },
  jumpcloud: { senderName: "JumpCloud", blurb: "Custom application with Identity Management" },
  generic: { senderName: "your identity provider", blurb: "Any client that follows RFC 7643 / 7644" },
};

export function providerInfo(id: Provider): ProviderInfo {
  return { id, name: PROVIDER_NAMES[id], ...INFO[id] };
}

export function providerList(): ProviderInfo[] {
  return PROVIDERS.map(providerInfo);
}
