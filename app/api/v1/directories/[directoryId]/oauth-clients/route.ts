// GET  /api/v1/directories/{directoryId}/oauth-clients — the directory's OAuth client secrets (never the secrets)
// POST /api/v1/directories/{directoryId}/oauth-clients — a new client secret under the directory's client
//      id: 201 {"clientId", "clientSecret", "tokenUrl"}, the only time the secret is shown.
//      Creating another is rotation; the old stays valid until it is revoked (DELETE …/{secretId}).
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { oauthClientOperations as ops } from "@/lib/api/schemas/oauth-clients";
import { createClientSecret, listClientSecrets, oauthTokenUrl } from "@/lib/auth/oauth-client";

export const GET = apiRoute(ops.list, async ({ db, origin, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const secrets = await listClientSecrets(db, directory.id);
  return {
    tokenUrl: oauthTokenUrl(directory.id, origin),
    data: secrets.map((s) => ({
      id: s.id,
      clientId: s.clientId,
      secretPrefix: s.displayPrefix,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
      revokedAt: s.revokedAt?.toISOString() ?? null,
    })),
    nextCursor: null,
  };
});

export const POST = apiRoute(ops.create, async ({ db, apiKeyId, origin, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const issued = await createClientSecret(db, directory, { type: "api_key", id: apiKeyId });
  return {
    id: issued.id,
    clientId: issued.clientId,
    clientSecret: issued.clientSecret,
    tokenUrl: oauthTokenUrl(directory.id, origin),
    createdAt: issued.createdAt.toISOString(),
  };
});
