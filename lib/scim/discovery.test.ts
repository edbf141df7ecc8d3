import { describe, expect, it } from "vitest";
import {
  resourceTypeById,
  resourceTypesDocument,
  schemaDocumentById,
  schemasDocument,
  serviceProviderConfig,
} from "./discovery";
import { ENTERPRISE_USER_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from "./schema";

const base = "https://roster.example/api/scim/d1/v2/";

describe("discovery documents", () => {
  it("advertises what the server does", () => {
    const spc = serviceProviderConfig(base, { maxPageSize: 1000, maxBulkOperations: 100, maxBulkPayloadBytes: 1048576 });
    expect(spc.patch.supported).toBe(true);
    expect(spc.bulk).toEqual({ supported: true, maxOperations: 100, maxPayloadSize: 1048576 });
    expect(spc.filter).toEqual({ supported: true, maxResults: 1000 });
    expect(spc.changePassword.supported).toBe(false);
    expect(spc.sort.supported && spc.etag.supported).toBe(true);
    expect(spc.authenticationSchemes[0]).toMatchObject({ type: "oauthbearertoken", specUri: "https://www.rfc-editor.org/info/rfc6750" });
    expect(spc.authenticationSchemes[1]).toMatchObject({ type: "oauth2", primary: false });
    expect(spc.authenticationSchemes[1]?.description).toContain("https://roster.example/api/scim/d1/oauth/token");
    expect(spc.pagination).toMatchObject({ cursor: true, index: true, defaultPaginationMethod: "index", defaultPageSize: 100, maxPageSize: 1000 });
    expect(spc.meta.location).toBe("https://roster.example/api/scim/d1/v2/ServiceProviderConfig");
  });

  it("lists resource types", () => {
    const rts = resourceTypesDocument(base);
    expect(rts.schemas).toEqual([LIST_RESPONSE_SCHEMA]);
    expect(rts.totalResults).toBe(2);
    const user = resourceTypeById(base, "user");
    expect(user).toMatchObject({ id: "User", endpoint: "/Users", schema: USER_SCHEMA });
    expect(user?.schemaExtensions).toEqual([{ schema: ENTERPRISE_USER_SCHEMA, required: false }]);
    expect(resourceTypeById(base, "Nope")).toBeUndefined();
  });

  it("generates schemas from the attribute table", () => {
    const all = schemasDocument(base);
    expect(all.Resources.map((s) => s.id)).toContain(ENTERPRISE_USER_SCHEMA);
    const user = schemaDocumentById(base, USER_SCHEMA.toUpperCase());
    expect(user?.meta).toEqual({ resourceType: "Schema", location: `https://roster.example/api/scim/d1/v2/Schemas/${USER_SCHEMA}` });
    const userName = user?.attributes.find((a) => a.name === "userName");
    expect(userName).toMatchObject({ type: "string", required: true, uniqueness: "server", mutability: "readWrite" });
    expect(userName).not.toHaveProperty("column");
    const password = user?.attributes.find((a) => a.name === "password");
    expect(password).toMatchObject({ returned: "never", mutability: "writeOnly" });
    const emails = user?.attributes.find((a) => a.name === "emails");
    expect(emails?.subAttributes?.map((s) => s.name)).toEqual(["value", "display", "type", "primary"]);
    expect(schemaDocumentById(base, "urn:nope")).toBeUndefined();
  });
});
