// Operator settings: webhook endpoints, API keys and branding, for the SaaS team (not one
// organization's data), so only the operator principal gets here.
import type { ReactNode } from "react";
import { PageHeader } from "@/app/_components/ui";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { SettingsTabs } from "./_components/settings-tabs";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireOperatorPrincipal();
  return (
    <>
      <PageHeader title="Settings" description="How your application receives the directory (webhooks, API keys for the REST API and the events feed), and how the portal looks to your customers." />
      <SettingsTabs />
      <div className="mt-6">{children}</div>
    </>
  );
}
