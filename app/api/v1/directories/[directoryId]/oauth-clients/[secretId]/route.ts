// DELETE /api/v1/directories/{id}/oauth-clients/{secretId} — revokes a client secret and every
// access token it obtained (204; 404 when there is no such unrevoked secret).
import { ApiError, apiHandler } from "@/lib/api/http";
import { revokeClientSecret } from "@/lib/auth/oauth-client";
import { isUuid } from "@/lib/auth/scim-token";

type Params = { directoryId: string; secretId: string };

export const DELETE = apiHandler<Params>(async (_request, { db }, { directoryId, secretId }) => {
  const revoked = isUuid(directoryId) && (await revokeClientSecret(db, directoryId, secretId));
  if (!revoked) throw new ApiError(404, "not_found", "No unrevoked client secret with that id in that directory.");
  return new Response(null, { status: 204 });
});
