// What the portal says about each identity provider, read from the one provider registry
// (lib/directory/providers.ts).
import { type Provider, PROVIDERS, PROVIDER_PROFILES } from "@/lib/directory/providers";

export type ProviderInfo = { id: Provider; name: string; senderName: string; blurb: string };

export function providerInfo(id: Provider): ProviderInfo {
  const { name, senderName, blurb } = PROVIDER_PROFILES[id];
  return { id, name, senderName, blurb };
}

export function providerList(): ProviderInfo[] {
  return PROVIDERS.map(providerInfo);
}
