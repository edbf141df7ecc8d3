// GET  /api/v1/directories/{id}/oauth-clients — the directory's OAuth client secrets (never the secrets)
// POST /api/v1/directories/{id}/oauth-clients — a new client secret under the directory's client
//      id: 201 {"clientId", "clientSecret", "tokenUrl"}, the only time the secret is shown.
//      Creating another is rotation; the old stays valid until it is revoked (DELETE …/{secretId}).
import { ApiError, apiHandler } from "@/lib/api/http";
import { createClientSecret, listClientSecrets, oauthTokenUrl } from "@/lib/auth/oauth-client";
import { isUuid } from "@/lib/auth/scim-token";
import { findDirectoryById } from "@/lib/directory/directories";

type Params = { directoryId: string };

async function directoryOr404(db: Parameters<typeof findDirectoryById>[0], directoryId: string) {
  const directory = isUuid(directoryId) ? await findDirectoryById(db, directoryId) : undefined;
  if (!directory) throw new ApiError(404, "not_found", "No directory with that id.");
  return directory;
}

export const GET = apiHandler<Params>(async (_request, { db, origin }, { directoryId }) => {
  const directory = await directoryOr404(db, directoryId);
  const secrets = await listClientSecrets(db, directory.id);
  return Response.json({
    tokenUrl: oauthTokenUrl(directory.id, origin),
    data: secrets.map((s) => ({
      id: s.id,
      clientId: s.clientId,
      secretPrefix: s.displayPrefix,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
      revokedAt: s.revokedAt?.toISOString() ?? null,
    })),
  });
});

export const POST = apiHandler<Params>(async (_request, { db, origin }, { directoryId }) => {
  const directory = await directoryOr404(db, directoryId);
  const issued = await createClientSecret(db, directory.id);
  return Response.json(
    {
      id: issued.id,
      clientId: issued.clientId,
      clientSecret: issued.clientSecret,
      tokenUrl: oauthTokenUrl(directory.id, origin),
      createdAt: issued.createdAt.toISOString(),
    },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
