import { redirect } from "next/navigation";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";

export default async function SettingsPage(): Promise<never> {
  // Checked before redirecting, so a customer admin's 404 is for /settings itself.
  await requireOperatorPrincipal();
  redirect("/settings/webhooks");
}
