// DELETE /api/v1/directories/{directoryId}/oauth-clients/{secretId} — revokes a client secret and every
// access token it obtained (204; 404 when there is no such unrevoked secret).
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { oauthClientOperations as ops } from "@/lib/api/schemas/oauth-clients";
import { revokeClientSecret } from "@/lib/auth/oauth-client";

export const DELETE = apiRoute(ops.revoke, async ({ db, apiKeyId, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const isRevoked = await revokeClientSecret(db, directory, params.secretId, { type: "api_key", id: apiKeyId });
  found(isRevoked || undefined, "unrevoked client secret in that directory");
});
