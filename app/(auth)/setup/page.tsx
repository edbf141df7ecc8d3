import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { isSetupDone } from "@/lib/auth/operators";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Roster" };
export const dynamic = "force-dynamic";

// First run only: once an operator exists this page is gone for good.
export default async function SetupPage() {
  if (await isSetupDone(await getDb())) redirect("/login");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Welcome to Roster</h1>
        <p className="mt-1 text-sm text-slate-500">
          Create the first operator account. You will use it to add organizations and connect their identity providers.
        </p>
      </div>
      <SetupForm />
    </div>
  );
}
