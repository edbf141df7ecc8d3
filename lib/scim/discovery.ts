// Service provider configuration endpoints (RFC 7644 §4, RFC 7643 §5–§7), generated from the
// attribute table so that /Schemas can never disagree with what validation enforces.
import { DEFAULT_PAGE_SIZE, CURSOR_TIMEOUT_SECONDS, listResponse, type ListResponse } from "./list";
import { RESOURCE_TYPES, SCHEMAS, schemaById, type AttributeDef, type ResourceKind, type SchemaDef } from "./schema";

export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

const trimBase = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

export type ServiceProviderConfigOptions = {
  maxPageSize: number;
  maxBulkOperations: number;
  maxBulkPayloadBytes: number;
  /** Largest result set a filter may produce; defaults to maxPageSize. */
  maxFilterResults?: number;
  defaultPageSize?: number;
  cursorTimeoutSeconds?: number;
  documentationUri?: string;
};

/** RFC 7643 §5, with the RFC 9865 §4 `pagination` block. */
export function serviceProviderConfig(baseUrl: string, opts: ServiceProviderConfigOptions) {
  const base = trimBase(baseUrl);
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(opts.documentationUri ? { documentationUri: opts.documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: true, maxOperations: opts.maxBulkOperations, maxPayloadSize: opts.maxBulkPayloadBytes },
    filter: { supported: true, maxResults: opts.maxFilterResults ?? opts.maxPageSize },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with the directory's SCIM bearer token (Authorization: Bearer …).",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
      {
        type: "oauth2",
        name: "OAuth 2 Client Credentials",
        description: `Access tokens from ${base.replace(/\/v2$/, "")}/oauth/token (grant_type=client_credentials), sent as Authorization: Bearer.`,
        specUri: "https://www.rfc-editor.org/info/rfc6749",
        primary: false,
      },
    ],
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: opts.defaultPageSize ?? DEFAULT_PAGE_SIZE,
      maxPageSize: opts.maxPageSize,
      cursorTimeout: opts.cursorTimeoutSeconds ?? CURSOR_TIMEOUT_SECONDS,
    },
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${base}/ServiceProviderConfig`,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Resource types (RFC 7643 §6)

export function resourceTypeDocument(baseUrl: string, kind: ResourceKind) {
  const base = trimBase(baseUrl);
  const rt = RESOURCE_TYPES[kind];
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.id,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema,
    ...(rt.schemaExtensions.length > 0
      ? { schemaExtensions: rt.schemaExtensions.map((e) => ({ schema: e.schema, required: e.required })) }
      : {}),
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${rt.id}` },
  };
}

export type ResourceTypeDocument = ReturnType<typeof resourceTypeDocument>;

/** GET /ResourceTypes: a ListResponse (RFC 7644 §4, as Entra's and Okta's validators expect). */
export function resourceTypesDocument(baseUrl: string): ListResponse<ResourceTypeDocument> {
  const resources = (Object.keys(RESOURCE_TYPES) as ResourceKind[]).map((k) => resourceTypeDocument(baseUrl, k));
  return listResponse({ resources, totalResults: resources.length, startIndex: 1 });
}

/** GET /ResourceTypes/{id}; ids compared case-insensitively. */
export function resourceTypeById(baseUrl: string, id: string): ResourceTypeDocument | undefined {
  const kind = (Object.keys(RESOURCE_TYPES) as ResourceKind[]).find((k) => k.toLowerCase() === id.toLowerCase());
  return kind ? resourceTypeDocument(baseUrl, kind) : undefined;
}

// ---------------------------------------------------------------------------------------
// Schemas (RFC 7643 §7)

type AttributeDocument = {
  name: string;
  type: AttributeDef["type"];
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: AttributeDef["mutability"];
  returned: AttributeDef["returned"];
  uniqueness: AttributeDef["uniqueness"];
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDocument[];
};

/** The RFC 7643 §7 attribute representation: the table minus storage hints (`column`). */
function attributeDocument(def: AttributeDef): AttributeDocument {
  return {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
    ...(def.canonicalValues ? { canonicalValues: [...def.canonicalValues] } : {}),
    ...(def.referenceTypes ? { referenceTypes: [...def.referenceTypes] } : {}),
    ...(def.subAttributes ? { subAttributes: def.subAttributes.map(attributeDocument) } : {}),
  };
}

function schemaDocument(baseUrl: string, schema: SchemaDef) {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: "Schema", location: `${trimBase(baseUrl)}/Schemas/${schema.id}` },
  };
}

export type SchemaDocument = ReturnType<typeof schemaDocument>;

/** GET /Schemas: every schema we serve, as a ListResponse. */
export function schemasDocument(baseUrl: string): ListResponse<SchemaDocument> {
  const resources = SCHEMAS.map((s) => schemaDocument(baseUrl, s));
  return listResponse({ resources, totalResults: resources.length, startIndex: 1 });
}

/** GET /Schemas/{urn}; URNs compared case-insensitively. */
export function schemaDocumentById(baseUrl: string, id: string): SchemaDocument | undefined {
  const schema = schemaById(id);
  return schema ? schemaDocument(baseUrl, schema) : undefined;
}
