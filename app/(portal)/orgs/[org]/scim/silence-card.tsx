// The silent-provider alert of the SCIM Provisioning tab: a directory whose provider stopped
// sending is shown as silent since its last successful request, with that provider's
// likely causes; below, the window after which it counts as silent.
import { Alert, Card, CardHeader } from "@/app/_components/ui";
import { type Directory } from "@/db/schema";
import { PROVIDER_PROFILES } from "@/lib/directory/providers";
import { expectedActivityMinutes } from "@/lib/directory/silence";
import { TimeAgo } from "../_components/time-ago";
import { SilenceWindowForm, type WindowParts } from "./silence-form";

export function formatWindow(minutes: number): string {
  const { amount, unit } = windowParts(minutes);
  return `${amount} ${amount === 1 ? unit.replace(/s$/, "") : unit}`;
}

function windowParts(minutes: number): WindowParts {
  if (minutes % (24 * 60) === 0) return { amount: minutes / (24 * 60), unit: "days" };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: "hours" };
  return { amount: minutes, unit: "minutes" };
}

export function SilenceCard({ slug, directory }: { slug: string; directory: Directory }) {
  const profile = PROVIDER_PROFILES[directory.provider];
  const minutes = expectedActivityMinutes(directory);
  return (
    <Card>
      <CardHeader
        title="Silent-provider alert"
        description={`Roster flags this connection when ${profile.senderName} sends no successful request for longer than this, and tells your application (directory.silent event).`}
      />
      <div className="space-y-4 p-5">
        {directory.silentSince ? (
          <Alert tone="red" title={`${profile.senderName} has gone silent`}>
            <p>
              No successful request since <TimeAgo date={directory.silentSince} /> — longer than the expected{" "}
              {formatWindow(minutes)}. Changes made in {profile.senderName} are not reaching this application. Likely causes:
            </p>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {profile.silenceCauses.map((cause) => (
                <li key={cause}>{cause}</li>
              ))}
            </ul>
            <p className="mt-2">The alert clears by itself with the next successful request.</p>
          </Alert>
        ) : null}
        <SilenceWindowForm
          slug={slug}
          directoryId={directory.id}
          senderName={profile.senderName}
          isCustom={directory.expectedActivityMinutes !== null}
          current={windowParts(minutes)}
          defaultLabel={formatWindow(profile.expectedActivityMinutes)}
        />
      </div>
    </Card>
  );
}
