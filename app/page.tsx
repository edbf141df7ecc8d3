import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { isSetupDone } from "@/lib/auth/operators";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await isSetupDone(await getDb())) ? "/orgs" : "/setup");
}
