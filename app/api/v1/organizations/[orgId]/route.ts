// GET    /api/v1/organizations/{orgId}
// PATCH  /api/v1/organizations/{orgId} {name} — rename (the slug stays)
// DELETE /api/v1/organizations/{orgId} — with everything it holds
import { apiRoute, found } from "@/lib/api/route";
import { organizationOperations as ops } from "@/lib/api/schemas/organizations";
import { serializeOrganization } from "@/lib/api/serialize";
import { deleteOrganization, getOrganizationSummary, renameOrganization } from "@/lib/directory/organizations";

export const GET = apiRoute(ops.get, async ({ db, params }) =>
  serializeOrganization(found(await getOrganizationSummary(db, params.orgId), "organization")),
);

export const PATCH = apiRoute(ops.rename, async ({ db, apiKeyId, params, body }) => {
  const org = await renameOrganization(db, params.orgId, body.name, { type: "api_key", id: apiKeyId });
  return serializeOrganization(found(await getOrganizationSummary(db, org.id), "organization"));
});

export const DELETE = apiRoute(ops.delete, async ({ db, apiKeyId, params }) => {
  await deleteOrganization(db, params.orgId, { type: "api_key", id: apiKeyId });
});
