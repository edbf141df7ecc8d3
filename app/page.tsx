import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countOperators } from "@/lib/auth/operators";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await countOperators(await getDb())) === 0 ? "/setup" : "/orgs");
}
