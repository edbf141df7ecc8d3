// GET /api/v1/roles — the application's roles, in order
// PUT /api/v1/roles {roles: [{key, name, description?, isDefault?}]} — replaces the set
import { apiRoute } from "@/lib/api/route";
import { roleOperations as ops } from "@/lib/api/schemas/roles";
import { listRoles, replaceRoles } from "@/lib/directory/roles";

export const GET = apiRoute(ops.list, async ({ db }) => ({ data: await listRoles(db) }));

export const PUT = apiRoute(ops.replace, async ({ db, apiKeyId, body }) => {
  const roles = body.roles.map((r) => ({ key: r.key, name: r.name, description: r.description ?? null, isDefault: r.isDefault }));
  const change = await replaceRoles(db, roles, { type: "api_key", id: apiKeyId });
  return { data: change.roles };
});
