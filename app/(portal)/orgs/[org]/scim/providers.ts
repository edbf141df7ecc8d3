// What the portal says about each identity provider, read from the one provider registry
// (lib/directory/providers.ts).
import { type Provider, PROVIDERS, PROVIDER_PROFILES } from "@/lib/directory/providers";

export type ProviderInfo = { id: Provider; name: string; senderName: string; blurb: string; clientCredentials: boolean };

export function providerInfo(id: Provider): ProviderInfo {
  const { name, senderName, blurb, clientCredentials } = PROVIDER_PROFILES[id];
  return { id, name, senderName, blurb, clientCredentials };
}

export function providerList(): ProviderInfo[] {
  return PROVIDERS.map(providerInfo);
}
