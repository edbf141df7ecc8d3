// POST /api/v1/directories/{directoryId}/role-mappings/preview {mappings} — what replacing the mapping would do; saves nothing
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { roleOperations as ops } from "@/lib/api/schemas/roles";
import { previewRoleMappings } from "@/lib/directory/roles";

export const POST = apiRoute(ops.previewMappings, async ({ db, params, body }) => {
  const directory = await directoryOr404(db, params.directoryId);
  return previewRoleMappings(db, directory, body.mappings);
});
