// The deprovisioning guard on the SCIM Provisioning tab: an alert with Release / Discard
// while a hold keeps changes back from the application, and the directory's rule.
import { Link } from "../_components/link";
import { Alert, Card, CardHeader } from "@/app/_components/ui";
import { type Directory } from "@/db/schema";
import { GUARD_DEFAULTS, type HoldWithCount, guardRule } from "@/lib/directory/deprovision-guard";
import { PROVIDER_PROFILES } from "@/lib/directory/providers";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { TimeAgo } from "../_components/time-ago";
import { resolveHoldAction } from "./guard-actions";
import { GuardSettingsForm } from "./guard-form";

export function HoldAlert({ slug, directory, hold }: { slug: string; directory: Directory; hold: HoldWithCount }) {
  const sender = PROVIDER_PROFILES[directory.provider].senderName;
  const { deprovisioned, users, percent, windowMinutes } = hold.trigger;
  return (
    <Alert tone="red" title="Deprovisioning held for review">
      <p>
        {sender} deactivated or deleted {deprovisioned.toLocaleString("en")} of {users.toLocaleString("en")} users within{" "}
        {windowMinutes} minutes (more than {percent}%), <TimeAgo date={hold.createdAt} />. Roster keeps applying {sender}&apos;s
        changes, but holds back the {hold.heldEvents.toLocaleString("en")} events of {hold.heldUsers.toLocaleString("en")}{" "}
        deprovisioned {hold.heldUsers === 1 ? "user" : "users"} from your application until someone reviews them.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Link href={`/orgs/${slug}/scim/holds/${hold.id}?directory=${directory.id}`} className="font-medium underline">
          Review held changes
        </Link>
        <ConfirmDialog
          triggerLabel="Release"
          triggerVariant="primary"
          triggerSize="sm"
          title="Release the held changes?"
          description={`Your application receives the ${hold.heldEvents.toLocaleString("en")} held events (feed and webhooks) and will deprovision these users. Release when the change in ${sender} was intended.`}
          confirmLabel="Release to the application"
          confirmVariant="primary"
          pendingText="Releasing…"
          action={resolveHoldAction}
          hidden={{ slug, holdId: hold.id, resolution: "released" }}
        />
        <ConfirmDialog
          triggerLabel="Discard"
          triggerSize="sm"
          title="Discard the held changes?"
          description={`Your application never receives these events. Fix the rule in ${sender} first: its next changes (for example re-activating the users) flow as usual.`}
          confirmLabel="Discard the held events"
          pendingText="Discarding…"
          action={resolveHoldAction}
          hidden={{ slug, holdId: hold.id, resolution: "discarded" }}
        />
      </div>
    </Alert>
  );
}

export function GuardCard({ slug, directory }: { slug: string; directory: Directory }) {
  const rule = guardRule(directory);
  return (
    <Card>
      <CardHeader
        title="Deprovisioning guard"
        description={`When a misconfigured rule deactivates or deletes much of the directory at once, Roster holds those changes back from your application for review (default: more than ${GUARD_DEFAULTS.percent}% of users within ${GUARD_DEFAULTS.windowMinutes} minutes, at least ${GUARD_DEFAULTS.minUsers}). Currently: ${rule.isEnabled ? `more than ${rule.percent}% within ${rule.windowMinutes} minutes, at least ${rule.minUsers} users` : "off"}.`}
      />
      <div className="space-y-4 p-5">
        <Link href={`/orgs/${slug}/scim/holds?directory=${directory.id}`} className="text-sm font-medium text-brand-700 hover:underline">
          Held changes and past holds
        </Link>
        <GuardSettingsForm
          slug={slug}
          directoryId={directory.id}
          rule={{
            isEnabled: directory.deprovisionGuardEnabled,
            percent: directory.deprovisionGuardPercent,
            windowMinutes: directory.deprovisionGuardWindowMinutes,
            minUsers: directory.deprovisionGuardMinUsers,
          }}
          defaults={GUARD_DEFAULTS}
        />
      </div>
    </Card>
  );
}
