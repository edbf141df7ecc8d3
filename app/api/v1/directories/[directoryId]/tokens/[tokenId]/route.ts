// DELETE /api/v1/directories/{directoryId}/tokens/{tokenId} — revoke; the next request with it is refused
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { directoryOperations as ops } from "@/lib/api/schemas/directories";
import { revokeDirectoryToken } from "@/lib/directory/directories";

export const DELETE = apiRoute(ops.revokeToken, async ({ db, apiKeyId, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const isRevoked = await revokeDirectoryToken(db, directory, params.tokenId, { type: "api_key", id: apiKeyId });
  found(isRevoked || undefined, "unrevoked token");
});
