// RFC 7643 §4 (User, Group) and §4.3 (Enterprise User): the one attribute table.
// Validation, PATCH, filters (and their SQL), projection and /Schemas all read it.

export type AttrType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "binary"
  | "reference"
  | "complex";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export type AttributeDef = {
  readonly name: string;
  readonly type: AttrType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDef[];
  /**
   * Storage hint: the attribute has an indexed column of this logical name
   * (db/filter-sql.ts maps it to the real column). Attributes without one live in JSONB.
   */
  readonly column?: "id" | "externalId" | "userName" | "displayName" | "active" | "created" | "lastModified";
};

export type SchemaDef = {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
};

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

type Opts = Partial<Omit<AttributeDef, "name" | "type" | "description">>;

function attr(name: string, type: AttrType, description: string, opts: Opts = {}): AttributeDef {
  return {
    name,
    type,
    description,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...opts,
  };
}

const str = (name: string, description: string, opts: Opts = {}) => attr(name, "string", description, opts);

function complex(name: string, description: string, subAttributes: AttributeDef[], opts: Opts = {}): AttributeDef {
  return attr(name, "complex", description, { subAttributes, ...opts });
}

/** The usual multi-valued shape (RFC 7643 §2.4): value, display, type, primary. */
function multi(
  name: string,
  description: string,
  types: readonly string[] | undefined,
  opts: { valueType?: AttrType; referenceTypes?: readonly string[]; extra?: AttributeDef[] } = {},
): AttributeDef {
  const value = attr("value", opts.valueType ?? "string", `The ${name} value.`, {
    ...(opts.referenceTypes ? { referenceTypes: opts.referenceTypes } : {}),
  });
  return complex(
    name,
    description,
    [
      value,
      str("display", "A human-readable name, primarily used for display purposes."),
      str("type", "A label indicating the attribute's function.", types ? { canonicalValues: types } : {}),
      attr("primary", "boolean", "Indicates the preferred value for this attribute."),
      ...(opts.extra ?? []),
    ],
    { multiValued: true },
  );
}

// RFC 7643 §3.1 common attributes, reported in /Schemas for neither resource (they are
// implied), but validated and filtered like any other.
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  str("id", "Unique identifier for the SCIM resource, assigned by the service provider.", {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
    column: "id",
  }),
  str("externalId", "Identifier of the resource as defined by the provisioning client.", {
    caseExact: true,
    column: "externalId",
  }),
  complex(
    "meta",
    "Resource metadata.",
    [
      str("resourceType", "The name of the resource type of the resource.", {
        caseExact: true,
        mutability: "readOnly",
      }),
      attr("created", "dateTime", "When the resource was added to the service provider.", {
        mutability: "readOnly",
        column: "created",
      }),
      attr("lastModified", "dateTime", "When the resource was last updated.", {
        mutability: "readOnly",
        column: "lastModified",
      }),
      attr("location", "reference", "The URI of the resource.", {
        mutability: "readOnly",
        caseExact: true,
        referenceTypes: ["uri"],
      }),
      str("version", "The version (ETag) of the resource.", { caseExact: true, mutability: "readOnly" }),
    ],
    { mutability: "readOnly" },
  ),
];

const ADDRESS_SUBS: AttributeDef[] = [
  str("formatted", "The full mailing address, formatted for display."),
  str("streetAddress", "The full street address component."),
  str("locality", "The city or locality component."),
  str("region", "The state or region component."),
  str("postalCode", "The zip code or postal code component."),
  str("country", "The country name component (ISO 3166-1 alpha-2)."),
  str("type", "A label indicating the attribute's function.", { canonicalValues: ["work", "home", "other"] }),
  attr("primary", "boolean", "Indicates the preferred mailing address."),
];

export const USER_SCHEMA_DEF: SchemaDef = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    str("userName", "Unique identifier for the User, used to authenticate.", {
      required: true,
      uniqueness: "server",
      column: "userName",
    }),
    complex("name", "The components of the user's real name.", [
      str("formatted", "The full name, formatted for display."),
      str("familyName", "The family name of the User."),
      str("givenName", "The given name of the User."),
      str("middleName", "The middle name(s) of the User."),
      str("honorificPrefix", "The honorific prefix(es) of the User."),
      str("honorificSuffix", "The honorific suffix(es) of the User."),
    ]),
    str("displayName", "The name of the User, suitable for display to end-users.", { column: "displayName" }),
    str("nickName", "The casual way to address the user."),
    attr("profileUrl", "reference", "A fully qualified URL pointing to a page representing the User's online profile.", {
      referenceTypes: ["external"],
    }),
    str("title", "The user's title, such as \"Vice President\"."),
    str("userType", "Used to identify the relationship between the organization and the user."),
    str("preferredLanguage", "The User's preferred written or spoken language (RFC 7231 Accept-Language)."),
    str("locale", "Used to indicate the User's default location for localization."),
    str("timezone", "The User's time zone in the IANA Time Zone database format."),
    attr("active", "boolean", "The User's administrative status.", { column: "active" }),
    str("password", "The User's cleartext password. Never returned.", {
      mutability: "writeOnly",
      returned: "never",
    }),
    multi("emails", "Email addresses for the user.", ["work", "home", "other"]),
    multi("phoneNumbers", "Phone numbers for the User.", ["work", "home", "mobile", "fax", "pager", "other"]),
    multi("ims", "Instant messaging addresses for the User.", [
      "aim",
      "gtalk",
      "icq",
      "xmpp",
      "msn",
      "skype",
      "qq",
      "yahoo",
    ]),
    multi("photos", "URLs of photos of the User.", ["photo", "thumbnail"], {
      valueType: "reference",
      referenceTypes: ["external"],
    }),
    complex("addresses", "A physical mailing address for this User.", ADDRESS_SUBS, { multiValued: true }),
    complex(
      "groups",
      "A list of groups to which the user belongs, derived from group membership.",
      [
        str("value", "The identifier of the User's group.", { mutability: "readOnly" }),
        attr("$ref", "reference", "The URI of the corresponding Group resource.", {
          mutability: "readOnly",
          referenceTypes: ["Group"],
        }),
        str("display", "A human-readable name of the group.", { mutability: "readOnly" }),
        str("type", "How the membership was derived (\"direct\" or \"indirect\").", {
          mutability: "readOnly",
          canonicalValues: ["direct", "indirect"],
        }),
      ],
      { multiValued: true, mutability: "readOnly" },
    ),
    multi("entitlements", "A list of entitlements for the User.", undefined),
    multi("roles", "A list of roles for the User.", undefined),
    multi("x509Certificates", "A list of certificates issued to the User.", undefined, { valueType: "binary" }),
  ],
};

export const ENTERPRISE_USER_SCHEMA_DEF: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
    str("costCenter", "Identifies the name of a cost center."),
    str("organization", "Identifies the name of an organization."),
    str("division", "Identifies the name of a division."),
    str("department", "Identifies the name of a department."),
    complex("manager", "The User's manager.", [
      str("value", "The id of the SCIM resource representing the User's manager."),
      attr("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", {
        referenceTypes: ["User"],
      }),
      str("displayName", "The displayName of the User's manager.", { mutability: "readOnly" }),
    ]),
  ],
};

export const GROUP_SCHEMA_DEF: SchemaDef = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    str("displayName", "A human-readable name for the Group.", {
      required: true,
      uniqueness: "server",
      column: "displayName",
    }),
    complex(
      "members",
      "A list of members of the Group.",
      [
        str("value", "Identifier of the member of this Group.", { mutability: "immutable" }),
        attr("$ref", "reference", "The URI of the corresponding member resource.", {
          mutability: "immutable",
          referenceTypes: ["User", "Group"],
        }),
        str("display", "A human-readable name of the member.", { mutability: "immutable" }),
        str("type", "The type of member.", { mutability: "immutable", canonicalValues: ["User", "Group"] }),
      ],
      { multiValued: true },
    ),
  ],
};

export type ResourceKind = "User" | "Group";

export type ResourceTypeDef = {
  readonly id: ResourceKind;
  readonly name: ResourceKind;
  readonly endpoint: "/Users" | "/Groups";
  readonly description: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { schema: string; required: boolean }[];
};

export const RESOURCE_TYPES: Record<ResourceKind, ResourceTypeDef> = {
  User: {
    id: "User",
    name: "User",
    endpoint: "/Users",
    description: "User Account",
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
  },
  Group: {
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    description: "Group",
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
  },
};

export const SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA_DEF, GROUP_SCHEMA_DEF, ENTERPRISE_USER_SCHEMA_DEF];

export function schemaById(id: string): SchemaDef | undefined {
  const lower = id.toLowerCase();
  return SCHEMAS.find((s) => s.id.toLowerCase() === lower);
}

/** The core schema of a resource kind and the extensions it knows. */
export function schemasOf(kind: ResourceKind): { core: SchemaDef; extensions: readonly SchemaDef[] } {
  return kind === "User"
    ? { core: USER_SCHEMA_DEF, extensions: [ENTERPRISE_USER_SCHEMA_DEF] }
    : { core: GROUP_SCHEMA_DEF, extensions: [] };
}

export function findAttribute(list: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === lower);
}

/** A sub-attribute of a complex attribute, by case-insensitive name. */
export function findSubAttribute(def: AttributeDef | undefined, name: string): AttributeDef | undefined {
  return def?.subAttributes ? findAttribute(def.subAttributes, name) : undefined;
}

/**
 * Top-level attributes of a resource kind: the common ones and the core schema's.
 * Extension attributes are reached through their schema URN.
 */
export function coreAttributes(kind: ResourceKind): readonly AttributeDef[] {
  return [...COMMON_ATTRIBUTES, ...schemasOf(kind).core.attributes];
}

/**
 * Splits a possibly URN-qualified attribute path ("urn:…:User:name.givenName",
 * "urn:…:enterprise:2.0:User:employeeNumber", "name.givenName") into the schema it names (if
 * any) and the dotted remainder. Case-insensitive for known schemas; a URN of an unknown
 * schema keeps its case.
 */
export function splitSchemaUrn(path: string, knownSchemas: readonly string[]): { schema?: string; rest: string } {
  if (!/^urn:/i.test(path)) return { rest: path };
  const lower = path.toLowerCase();
  // Longest match first so that ".../core:2.0:User" does not swallow an extension name.
  const sorted = [...knownSchemas].sort((a, b) => b.length - a.length);
  for (const schema of sorted) {
    const s = schema.toLowerCase();
    if (lower === s) return { schema, rest: "" };
    if (lower.startsWith(`${s}:`)) return { schema, rest: path.slice(s.length + 1) };
  }
  // Unknown URN: the attribute name is what follows the last colon.
  const idx = path.lastIndexOf(":");
  return { schema: path.slice(0, idx), rest: path.slice(idx + 1) };
}

/**
 * The extension schema that owns a bare attribute name, when exactly one of the kind's
 * extensions has it and the core schema does not (RFC 7644 §3.10 lets the server resolve an
 * unqualified name). Microsoft Entra ID's documented "Add manager" PATCH sends
 * `"path": "manager"`; filters, `attributes` and `sortBy` read such names the same way.
 */
export function extensionOwning(kind: ResourceKind, name: string): SchemaDef | undefined {
  if (findAttribute(coreAttributes(kind), name)) return undefined;
  const owners = schemasOf(kind).extensions.filter((e) => findAttribute(e.attributes, name));
  return owners.length === 1 ? owners[0] : undefined;
}
