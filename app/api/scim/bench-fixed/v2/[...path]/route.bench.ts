// Only in the benchmark's build (next.config.ts: `*.bench.ts` is a route there and nowhere
// else). The ceiling Roster's SCIM endpoint is measured against: an App Router route handler
// behind the same Node server that answers every request with a fixed SCIM response of the
// size a real one has, reading the request body as any handler must. No database, no auth.
const USER = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "2819c223-7f76-453a-919d-413861904646",
  externalId: "00u1abcd2EFGH3ijk4l5",
  userName: "ada.lovelace@example.com",
  name: { formatted: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace" },
  displayName: "Ada Lovelace",
  emails: [{ value: "ada.lovelace@example.com", type: "work", primary: true }],
  active: true,
  groups: [],
  meta: {
    resourceType: "User",
    created: "2026-01-01T00:00:00.000Z",
    lastModified: "2026-01-01T00:00:00.000Z",
    version: 'W/"1"',
    location: "http://127.0.0.1/api/scim/bench-fixed/v2/Users/2819c223-7f76-453a-919d-413861904646",
  },
};
const LIST = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  totalResults: 1,
  startIndex: 1,
  itemsPerPage: 1,
  Resources: [USER],
};

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/scim+json", "Cache-Control": "no-store", ETag: 'W/"1"' },
  });
}

export function GET(): Response {
  return answer(200, LIST);
}

export async function POST(request: Request): Promise<Response> {
  await request.text();
  return answer(201, USER);
}

export async function PUT(request: Request): Promise<Response> {
  await request.text();
  return answer(200, USER);
}

export async function PATCH(request: Request): Promise<Response> {
  await request.text();
  return answer(200, USER);
}
