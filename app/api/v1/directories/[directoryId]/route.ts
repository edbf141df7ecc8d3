// GET    /api/v1/directories/{directoryId} — status, provider, endpoint URL, counts, last request
// PATCH  /api/v1/directories/{directoryId} {name?, status?} — rename, disable, enable
// DELETE /api/v1/directories/{directoryId}
import { directoriesWithStats, directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { directoryOperations as ops } from "@/lib/api/schemas/directories";
import { deleteDirectory, renameDirectory, setDirectoryStatus } from "@/lib/directory/directories";

export const GET = apiRoute(ops.get, async ({ db, origin, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const [shown] = await directoriesWithStats(db, [directory], origin);
  return found(shown, "directory");
});

export const PATCH = apiRoute(ops.update, async ({ db, origin, apiKeyId, params, body }) => {
  let directory = await directoryOr404(db, params.directoryId);
  const actor = { type: "api_key", id: apiKeyId } as const;
  if (body.name !== undefined) {
    directory = found(await renameDirectory(db, directory.organizationId, directory.id, body.name, actor), "directory");
  }
  if (body.status !== undefined) {
    directory = found(await setDirectoryStatus(db, directory.organizationId, directory.id, body.status, actor), "directory");
  }
  const [shown] = await directoriesWithStats(db, [directory], origin);
  return found(shown, "directory");
});

export const DELETE = apiRoute(ops.delete, async ({ db, apiKeyId, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  found((await deleteDirectory(db, directory.organizationId, directory.id, { type: "api_key", id: apiKeyId })) || undefined, "directory");
});
