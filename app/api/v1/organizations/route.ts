// GET  /api/v1/organizations — a page of organizations with counts
// POST /api/v1/organizations {name} — create one (slug derived from the name)
import { apiRoute, found } from "@/lib/api/route";
import { organizationOperations as ops } from "@/lib/api/schemas/organizations";
import { serializeOrganization } from "@/lib/api/serialize";
import { createOrganization, getOrganizationSummary, listOrganizationsPage } from "@/lib/directory/organizations";

export const GET = apiRoute(ops.list, async ({ db, query }) => {
  const page = await listOrganizationsPage(db, query);
  return { data: page.rows.map(serializeOrganization), nextCursor: page.nextCursor };
});

export const POST = apiRoute(ops.create, async ({ db, apiKeyId, body }) => {
  const org = await createOrganization(db, body.name, { type: "api_key", id: apiKeyId });
  return serializeOrganization(found(await getOrganizationSummary(db, org.id), "organization"));
});
