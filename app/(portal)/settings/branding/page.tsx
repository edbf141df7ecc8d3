import type { Metadata } from "next";
import { Card, CardHeader } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { getSavedBranding } from "@/lib/branding";
import { env } from "@/lib/env";
import { BrandingForm } from "./branding-form";

export const metadata: Metadata = { title: "Branding · Settings" };

/** Deployment settings: the brand customer admins see in the portal, its links and its iframe. */
export default async function BrandingPage() {
  await requireOperatorPrincipal();
  const saved = await getSavedBranding(await getDb());
  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="Your application"
        description="What your customers' IT admins see when your application opens the Admin Portal for them: your application's name, logo and colour — in the portal's header, its “Back to …” link, the link-expired pages and the setup guides."
      />
      <div className="p-5">
        <BrandingForm saved={saved} fromEnv={env().branding} />
      </div>
    </Card>
  );
}
