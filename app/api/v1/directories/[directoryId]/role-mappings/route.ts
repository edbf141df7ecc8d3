// GET /api/v1/directories/{directoryId}/role-mappings — each mapped group with its role keys
// PUT /api/v1/directories/{directoryId}/role-mappings {mappings: [{groupId, roles}]} — replaces the mapping
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { roleOperations as ops } from "@/lib/api/schemas/roles";
import { listRoleMappings, replaceRoleMappings } from "@/lib/directory/roles";

export const GET = apiRoute(ops.listMappings, async ({ db, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  return { data: await listRoleMappings(db, directory.id) };
});

export const PUT = apiRoute(ops.replaceMappings, async ({ db, apiKeyId, params, body }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const change = await replaceRoleMappings(db, directory, body.mappings, { type: "api_key", id: apiKeyId });
  return { data: change.mappings, usersUpdated: change.usersUpdated };
});
