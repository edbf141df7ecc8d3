import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { settleBackground } from "@/lib/background";
import { readEventsAfter } from "@/lib/events/reader";
import { scimClient } from "@/test/scim-client";
import { makeDirectory, settleEvents } from "@/test/scim-helpers";
import { getDirectory } from "./directories";
import { expectedActivityMinutes, flagSilentDirectories, setExpectedActivity } from "./silence";

type T = Awaited<ReturnType<typeof makeDirectory>>;

async function logRequest(t: T, status: number, minutesAgo: number): Promise<void> {
  await queryRows(
    t.db,
    sql`insert into scim_requests (directory_id, request_id, method, path, status, duration_ms, created_at)
        values (${t.directoryId}, ${crypto.randomUUID()}, 'GET', '/Users', ${status}, 3, now() - make_interval(mins => ${minutesAgo}))`,
  );
}

async function directoryEvents(t: T): Promise<string[]> {
  await settleEvents(t.db, t.directoryId);
  const read = await readEventsAfter(t.db, undefined, { directoryId: t.directoryId }, 100);
  return read.events.map((e) => e.type);
}

describe("silent providers", () => {
  it("uses the provider's window unless the directory has its own", async () => {
    const entra = await makeDirectory("entra");
    const okta = await makeDirectory("okta");
    expect(expectedActivityMinutes((await getDirectory(entra.db, entra.organizationId, entra.directoryId))!)).toBe(120);
    expect(expectedActivityMinutes((await getDirectory(okta.db, okta.organizationId, okta.directoryId))!)).toBe(7 * 24 * 60);
    const changed = await setExpectedActivity(okta.db, okta.organizationId, okta.directoryId, 30);
    expect(changed && expectedActivityMinutes(changed)).toBe(30);
    // Another organization's directory id changes nothing.
    expect(await setExpectedActivity(okta.db, entra.organizationId, okta.directoryId, 5)).toBeUndefined();
  });

  it("flags a directory quiet past its window once, and clears it with the next successful request", async () => {
    const t = await makeDirectory("entra");
    await setExpectedActivity(t.db, t.organizationId, t.directoryId, 5);
    await logRequest(t, 200, 12);
    // A failing request is no sign of a healthy connection (a revoked token keeps knocking).
    await logRequest(t, 401, 1);

    expect(await flagSilentDirectories(t.db)).toContain(t.directoryId);
    expect(await flagSilentDirectories(t.db)).not.toContain(t.directoryId);
    const silent = await getDirectory(t.db, t.organizationId, t.directoryId);
    expect(silent?.silentSince).toBeInstanceOf(Date);
    expect(Date.now() - silent!.silentSince!.getTime()).toBeGreaterThan(11 * 60_000);
    await settleEvents(t.db, t.directoryId);
    const read = await readEventsAfter(t.db, undefined, { directoryId: t.directoryId, types: ["directory.silent"] }, 10);
    expect(read.events).toHaveLength(1);
    const [event] = read.events;
    if (event?.type !== "directory.silent") throw new Error("no directory.silent");
    expect(event.data.directory).toMatchObject({ id: t.directoryId, provider: "entra", expectedActivityMinutes: 5 });
    expect(event.data.directory.lastActivityAt).toBe(silent!.silentSince!.toISOString());

    const scim = scimClient(t.directoryId, t.token);
    expect((await scim("GET", "/Users?filter=userName eq \"x\"")).status).toBe(200);
    await settleBackground();
    expect((await getDirectory(t.db, t.organizationId, t.directoryId))?.silentSince).toBeNull();
    expect((await scim("GET", "/Users")).status).toBe(200);
    await settleBackground();
    expect(await flagSilentDirectories(t.db)).not.toContain(t.directoryId);
    expect(await directoryEvents(t)).toEqual(["directory.silent", "directory.active_again"]);
  });

  it("does not flag a directory that never had a successful request, nor a disabled one", async () => {
    const waiting = await makeDirectory("entra");
    await setExpectedActivity(waiting.db, waiting.organizationId, waiting.directoryId, 5);
    await logRequest(waiting, 401, 30);
    const disabled = await makeDirectory("entra");
    await setExpectedActivity(disabled.db, disabled.organizationId, disabled.directoryId, 5);
    await logRequest(disabled, 200, 30);
    await queryRows(disabled.db, sql`update directories set status = 'disabled' where id = ${disabled.directoryId}`);
    const flagged = await flagSilentDirectories(waiting.db);
    expect(flagged).not.toContain(waiting.directoryId);
    expect(flagged).not.toContain(disabled.directoryId);
  });
});
