import { describe, expect, it } from "vitest";
import { directoryUsers } from "@/lib/directory/users";
import { writeRequestLog } from "@/lib/directory/request-log";
import { makeDirectory, userInput } from "@/test/scim-helpers";
import { type LiveMessage, liveHub, subscribeOrganization } from "./live";

function collect(organizationId: string) {
  const messages: LiveMessage[] = [];
  const waiters: { test: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
  const unsubscribe = subscribeOrganization(organizationId, (m) => {
    messages.push(m);
    for (const w of [...waiters]) if (w.test(m)) w.resolve(m);
  });
  const next = (test: (m: LiveMessage) => boolean, timeoutMs = 5000) =>
    new Promise<LiveMessage>((resolve, reject) => {
      const found = messages.find(test);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error("no live message in time")), timeoutMs);
      waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return { messages, next, unsubscribe };
}

describe("live updates hub", () => {
  it("fans an organization's committed changes out to its subscribers only", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory();
    const watchA = collect(a.organizationId);
    const watchB = collect(b.organizationId);
    await liveHub().ensureListening();

    const created = await directoryUsers(a.db, a.ref).create(userInput({ userName: "live@a.example" }));
    const got = await watchA.next((m) => m.kind === "event" && m.type === "user.created");
    expect(got).toMatchObject({ kind: "event", directoryId: a.directoryId });
    expect(created.id).toBeTruthy();
    // Give a stray delivery to B time to arrive before asserting it did not.
    await new Promise((r) => setTimeout(r, 300));
    expect(watchB.messages.filter((m) => m.kind === "event")).toHaveLength(0);

    watchA.unsubscribe();
    watchB.unsubscribe();
    expect(liveHub().subscriberCount(a.organizationId)).toBe(0);
  });

  it("announces new SCIM requests, which send no NOTIFY, by polling the organization's newest request", async () => {
    const t = await makeDirectory();
    const watch = collect(t.organizationId);
    // The first poll records the starting point; a request after it is news.
    await new Promise((r) => setTimeout(r, 200));
    await writeRequestLog(t.db, {
      directoryId: t.directoryId,
      requestId: "live-1",
      method: "GET",
      path: "/Users",
      query: "filter=userName%20eq%20%22x%22",
      status: 200,
      durationMs: 4,
      userAgent: "PingOne",
      requestBody: null,
      responseBody: "{}",
      errorDetail: null,
    });
    const got = await watch.next((m) => m.kind === "request", 5000);
    expect(got.kind).toBe("request");
    watch.unsubscribe();
  });
});
