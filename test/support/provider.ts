// A provider's idempotent provisioning of one user, the way Okta and Entra recover from a
// request that got no answer: look the user up by userName, create it when missing (a 409
// means a concurrent or earlier attempt won: look again), then add it to the group (adding a
// member twice changes nothing). Shared by the crash test's child process and its replay.
import type { Scim } from "@/test/scim-client";

export const burstUserName = (i: number) => `burst-${i}@example.com`;

async function findUser(scim: Scim, userName: string): Promise<string | undefined> {
  const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  if (found.status !== 200) throw new Error(`lookup answered ${found.status}: ${found.text}`);
  return (found.body as { Resources: { id: string }[] }).Resources[0]?.id;
}

export async function provisionUser(scim: Scim, i: number, groupId: string): Promise<void> {
  const userName = burstUserName(i);
  let id = await findUser(scim, userName);
  if (!id) {
    const created = await scim("POST", "/Users", {
      body: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName,
        name: { givenName: "Burst", familyName: `User ${i}` },
        emails: [{ value: userName, type: "work", primary: true }],
        active: true,
      },
    });
    if (created.status === 201) id = (created.body as { id: string }).id;
    else if (created.status === 409) id = await findUser(scim, userName);
    else throw new Error(`create answered ${created.status}: ${created.text}`);
  }
  if (!id) throw new Error(`user ${userName} neither created nor found`);
  const patched = await scim("PATCH", `/Groups/${groupId}`, {
    body: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "members", value: [{ value: id }] }],
    },
  });
  if (patched.status !== 200 && patched.status !== 204) throw new Error(`PATCH answered ${patched.status}: ${patched.text}`);
}
