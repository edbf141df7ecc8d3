// Step-by-step set-up for each identity provider, in the words of that provider's admin
// console (menu paths, button labels and field names as the admin will see them), ending
// with what the admin sees in this portal when it works.
import type { ReactNode } from "react";
import { type Provider } from "@/db/schema";

type Step = { title: ReactNode; body?: ReactNode };

/** A label exactly as it appears in the provider's console. */
function Ui({ children }: { children: ReactNode }) {
  return <span className="font-semibold text-slate-800">{children}</span>;
}

/** A menu path in the provider's console: Integrations → Provisioning. */
function Path({ items }: { items: string[] }) {
  return (
    <span className="font-semibold text-slate-800">
      {items.map((item, i) => (
        <span key={item}>
          {i > 0 ? (
            <span aria-hidden="true" className="px-1 font-normal text-slate-500">
              →
            </span>
          ) : null}
          {i > 0 ? <span className="sr-only"> then </span> : null}
          {item}
        </span>
      ))}
    </span>
  );
}

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-800">{children}</code>;
}

/** Where a value from the Connection (or OAuth 2 client credentials) card goes. */
function Paste({ what }: { what: "Endpoint URL" | "Bearer token" | "Token URL" | "Client ID" | "Client secret" }) {
  return <span className="rounded bg-brand-50 px-1 py-0.5 text-brand-700">the {what} above</span>;
}

function pingSteps(app: string): Step[] {
  return [
    {
      title: (
        <>
          In the PingOne admin console, open <Path items={["Integrations", "Provisioning"]} />.
        </>
      ),
    },
    {
      title: (
        <>
          Click <Ui>+</Ui> and choose <Ui>New Connection</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          Under <Ui>Identity Store</Ui>, find <Ui>SCIM Outbound</Ui> and click <Ui>Select</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          Enter a <Ui>Name</Ui> for the application you are onboarding (e.g. &ldquo;{app}&rdquo;) and a{" "}
          <Ui>Description</Ui>, then click <Ui>Next</Ui>.
        </>
      ),
    },
    {
      title: "Configure authentication:",
      body: (
        <ul className="mt-1.5 list-disc space-y-1 pl-5">
          <li>
            <Ui>SCIM Endpoint URL</Ui>: paste <Paste what="Endpoint URL" />.
          </li>
          <li>
            <Ui>Users Resource</Ui> <Code>/Users</Code> and <Ui>Groups Resource</Ui> <Code>/Groups</Code>: keep the
            defaults. <Ui>SCIM Version</Ui>: <Code>2.0</Code>.
          </li>
          <li>
            <Ui>Authentication Method</Ui>: <Ui>OAuth 2 Bearer Token</Ui>.
          </li>
          <li>
            <Ui>Bearer Token</Ui>: paste <Paste what="Bearer token" />. <Ui>Auth Type Header</Ui>: <Code>Bearer</Code>.
          </li>
          <li>
            Or, if your policy forbids static tokens: <Ui>Authentication Method</Ui>:{" "}
            <Ui>OAuth 2 Client Credentials</Ui>, with <Ui>Token Endpoint</Ui> <Paste what="Token URL" />,{" "}
            <Ui>Client ID</Ui> <Paste what="Client ID" /> and <Ui>Client Secret</Ui> <Paste what="Client secret" /> from
            the <Ui>OAuth 2 client credentials</Ui> card. <Ui>Auth Type Header</Ui>: <Code>Bearer</Code>.
          </li>
        </ul>
      ),
    },
    {
      title: (
        <>
          Click <Ui>Test Connection</Ui>. PingOne reports success, and <Ui>Connection health</Ui> on this page shows
          its request within a second.
        </>
      ),
    },
    {
      title: (
        <>
          Click <Ui>Next</Ui>, keep the default preferences (<Ui>User Identifier</Ui> <Code>userName</Code>, allow
          users to be created, updated and disabled), and click <Ui>Save</Ui>. Turn the connection on.
        </>
      ),
    },
    {
      title: (
        <>
          Back in <Path items={["Integrations", "Provisioning"]} />, click <Ui>+</Ui> and choose <Ui>New Rule</Ui>:
          give it a name, pick <Ui>PingOne</Ui> as the <Ui>Source</Ui> and this connection as the target, and click{" "}
          <Ui>Save</Ui>. Turn the rule on.
        </>
      ),
    },
    {
      title: (
        <>
          Verify: in PingOne, create a group and add users to it (and include the group in the rule&apos;s group
          provisioning).
        </>
      ),
    },
  ];
}

function oktaSteps(): Step[] {
  return [
    {
      title: (
        <>
          In the Okta Admin Console, open <Path items={["Applications", "Applications"]} /> and your app integration
          (or <Ui>Create App Integration</Ui>). On <Ui>General</Ui>, edit <Ui>App Settings</Ui>, set{" "}
          <Ui>Provisioning</Ui> to <Ui>SCIM</Ui> and save.
        </>
      ),
    },
    {
      title: (
        <>
          Open <Path items={["Provisioning", "Integration"]} /> and click <Ui>Edit</Ui>:
        </>
      ),
      body: (
        <ul className="mt-1.5 list-disc space-y-1 pl-5">
          <li>
            <Ui>SCIM connector base URL</Ui>: paste <Paste what="Endpoint URL" />.
          </li>
          <li>
            <Ui>Unique identifier field for users</Ui>: <Code>userName</Code>.
          </li>
          <li>
            <Ui>Supported provisioning actions</Ui>: <Ui>Push New Users</Ui>, <Ui>Push Profile Updates</Ui> and{" "}
            <Ui>Push Groups</Ui> (and <Ui>Import New Users and Profile Updates</Ui> if you want imports).
          </li>
          <li>
            <Ui>Authentication Mode</Ui>: <Ui>HTTP Header</Ui>; <Ui>Authorization</Ui>: paste{" "}
            <Paste what="Bearer token" />.
          </li>
        </ul>
      ),
    },
    {
      title: (
        <>
          Click <Ui>Test Connector Configuration</Ui>; every check passes and its request appears under{" "}
          <Ui>Connection health</Ui> here. Click <Ui>Save</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          Open <Path items={["Provisioning", "To App"]} />, click <Ui>Edit</Ui>, enable <Ui>Create Users</Ui>,{" "}
          <Ui>Update User Attributes</Ui> and <Ui>Deactivate Users</Ui>, and save.
        </>
      ),
    },
    {
      title: (
        <>
          On <Ui>Assignments</Ui>, assign the people or groups who should have access.
        </>
      ),
    },
    {
      title: (
        <>
          On <Ui>Push Groups</Ui>, click <Ui>+ Push Groups</Ui>, find the groups by name and save.
        </>
      ),
    },
  ];
}

function entraSteps(app: string): Step[] {
  return [
    {
      title: (
        <>
          In the Microsoft Entra admin center, open <Path items={["Identity", "Applications", "Enterprise applications"]} />{" "}
          and click <Ui>New application</Ui> → <Ui>Create your own application</Ui> → &ldquo;Integrate any other
          application you don&apos;t find in the gallery (Non-gallery)&rdquo;. Name it after the application you are
          onboarding (e.g. &ldquo;{app}&rdquo;).
        </>
      ),
    },
    {
      title: (
        <>
          In the new application, open <Ui>Provisioning</Ui> and set <Ui>Provisioning Mode</Ui> to{" "}
          <Ui>Automatic</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          Under <Ui>Admin Credentials</Ui>:
        </>
      ),
      body: (
        <ul className="mt-1.5 list-disc space-y-1 pl-5">
          <li>
            <Ui>Tenant URL</Ui>: paste <Paste what="Endpoint URL" />.
          </li>
          <li>
            <Ui>Secret Token</Ui>: paste <Paste what="Bearer token" />.
          </li>
          <li>
            Or, with the OAuth 2.0 client-credentials grant as the authentication method: <Ui>Token Endpoint</Ui>{" "}
            <Paste what="Token URL" />, <Ui>Client Identifier</Ui> <Paste what="Client ID" /> and{" "}
            <Ui>Client Secret</Ui> <Paste what="Client secret" /> from the <Ui>OAuth 2 client credentials</Ui> card
            (Entra fetches a new one-hour token as the old one expires).
          </li>
        </ul>
      ),
    },
    {
      title: (
        <>
          Click <Ui>Test Connection</Ui> (Entra looks up a random user and group; both requests appear under{" "}
          <Ui>Connection health</Ui>), then <Ui>Save</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          Review <Ui>Mappings</Ui>: <Ui>Provision Microsoft Entra ID Users</Ui> and{" "}
          <Ui>Provision Microsoft Entra ID Groups</Ui> work with their defaults (<Code>userPrincipalName</Code> →{" "}
          <Code>userName</Code>).
        </>
      ),
    },
    {
      title: (
        <>
          Assign users and groups under <Ui>Users and groups</Ui>, then set <Ui>Provisioning Status</Ui> to{" "}
          <Ui>On</Ui> and <Ui>Save</Ui> (<Ui>Start provisioning</Ui>). Entra syncs in cycles of about 40 minutes;{" "}
          <Ui>Provision on demand</Ui> pushes one user at once.
        </>
      ),
    },
  ];
}

function oneloginSteps(): Step[] {
  return [
    {
      title: (
        <>
          In OneLogin, open <Path items={["Applications", "Applications"]} />, click <Ui>Add App</Ui>, choose{" "}
          <Ui>SCIM Provisioner with SAML (SCIM v2 Enterprise)</Ui> and <Ui>Save</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          On the <Ui>Configuration</Ui> tab:
        </>
      ),
      body: (
        <ul className="mt-1.5 list-disc space-y-1 pl-5">
          <li>
            <Ui>SCIM Base URL</Ui>: paste <Paste what="Endpoint URL" />.
          </li>
          <li>
            <Ui>SCIM Bearer Token</Ui>: paste <Paste what="Bearer token" />. Keep the default <Ui>SCIM JSON Template</Ui>.
          </li>
        </ul>
      ),
    },
    {
      title: (
        <>
          Click <Ui>Save</Ui>, then under <Ui>API Connection</Ui> click <Ui>Enable</Ui>. The check appears under{" "}
          <Ui>Connection health</Ui> here.
        </>
      ),
    },
    {
      title: (
        <>
          On the <Ui>Provisioning</Ui> tab, tick <Ui>Enable provisioning</Ui>, choose what happens when users are
          deleted (<Ui>Suspend</Ui> keeps them here as inactive) and <Ui>Save</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          On <Ui>Parameters</Ui>, open <Ui>Groups</Ui> and tick <Ui>Include in User Provisioning</Ui>; then give users
          the app (through a role) and approve pending provisioning under <Ui>Users</Ui> if approval is required.
        </>
      ),
    },
  ];
}

function jumpcloudSteps(): Step[] {
  return [
    {
      title: (
        <>
          In the JumpCloud Admin Portal, open <Path items={["SSO Applications"]} />, click <Ui>+ Add New Application</Ui>{" "}
          and choose <Ui>Custom Application</Ui>; select <Ui>Export users to this app (Identity Management)</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          On the application&apos;s <Ui>Identity Management</Ui> tab:
        </>
      ),
      body: (
        <ul className="mt-1.5 list-disc space-y-1 pl-5">
          <li>
            <Ui>API Type</Ui>: <Ui>SCIM API</Ui>; <Ui>SCIM Version</Ui>: <Ui>SCIM 2.0</Ui>.
          </li>
          <li>
            <Ui>Base URL</Ui>: paste <Paste what="Endpoint URL" />.
          </li>
          <li>
            <Ui>Token Key</Ui>: paste <Paste what="Bearer token" />.
          </li>
          <li>
            <Ui>Test User Email</Ui>: an address JumpCloud may create a short-lived test user with.
          </li>
        </ul>
      ),
    },
    {
      title: (
        <>
          Click <Ui>Test Connection</Ui>. JumpCloud creates and removes a test user and group; you see them in{" "}
          <Ui>Events</Ui> here. Turn on <Ui>Group Management</Ui> and click <Ui>Activate</Ui>.
        </>
      ),
    },
    {
      title: (
        <>
          On <Ui>User Groups</Ui>, bind the groups whose members should be provisioned, and <Ui>Save</Ui>.
        </>
      ),
    },
  ];
}

function genericSteps(endpointUrl: string): Step[] {
  return [
    {
      title: (
        <>
          Point your SCIM 2.0 client at <Paste what="Endpoint URL" />. Resources are <Code>/Users</Code> and{" "}
          <Code>/Groups</Code>; discovery is at <Code>/ServiceProviderConfig</Code>, <Code>/ResourceTypes</Code> and{" "}
          <Code>/Schemas</Code>.
        </>
      ),
    },
    {
      title: (
        <>
          Send <Paste what="Bearer token" /> on every request as <Code>Authorization: Bearer &lt;token&gt;</Code>.
        </>
      ),
      body: (
        <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">
          {`curl -H "Authorization: Bearer $TOKEN" \\\n  "${endpointUrl}/Users?count=1"`}
        </pre>
      ),
    },
    {
      title: "What this server supports (RFC 7643 / RFC 7644):",
      body: (
        <ul className="mt-1.5 list-disc space-y-1 pl-5">
          <li>
            Users and Groups: <Code>GET</Code>, <Code>POST</Code>, <Code>PUT</Code>, <Code>PATCH</Code> (add, replace,
            remove, with filtered paths such as <Code>members[value eq &quot;…&quot;]</Code>) and <Code>DELETE</Code>.
          </li>
          <li>
            Filters with the full grammar (<Code>eq ne co sw ew gt ge lt le pr</Code>, <Code>and or not</Code>,
            value filters), <Code>sortBy</Code>/<Code>sortOrder</Code>, <Code>startIndex</Code>/<Code>count</Code>,{" "}
            <Code>attributes</Code>/<Code>excludedAttributes</Code>, and <Code>POST /.search</Code>.
          </li>
          <li>
            <Code>/Bulk</Code>, ETags with <Code>If-Match</Code>, the enterprise user extension and your own
            extension schemas.
          </li>
        </ul>
      ),
    },
  ];
}

const SEEN_WHEN_WORKING: Record<Provider, string> = {
  pingone:
    "Within a second of the change in PingOne, the group appears on the Groups tab and its members on the Users tab with their names, emails and phone numbers, without reloading this page. Every request is listed in the request log below.",
  okta: "Assigned users appear on the Users tab and pushed groups on the Groups tab as Okta sends them; deactivated users stay listed as Inactive.",
  entra:
    "After the first provisioning cycle (or Provision on demand), assigned users and groups appear on the Users and Groups tabs; the request log shows each request Entra sent.",
  onelogin: "Users given the app appear on the Users tab, and their groups on the Groups tab, as OneLogin provisions them.",
  jumpcloud: "Members of the bound user groups appear on the Users tab, and the groups on the Groups tab.",
  generic: "Every resource your client creates appears on the Users and Groups tabs as it arrives, and every request in the request log.",
};

/** `applicationName`: the SaaS being onboarded (branding), named where the console asks for a name. */
export function SetupGuide({ provider, endpointUrl, applicationName }: { provider: Provider; endpointUrl: string; applicationName: string }) {
  const steps =
    provider === "pingone"
      ? pingSteps(applicationName)
      : provider === "okta"
        ? oktaSteps()
        : provider === "entra"
          ? entraSteps(applicationName)
          : provider === "onelogin"
            ? oneloginSteps()
            : provider === "jumpcloud"
              ? jumpcloudSteps()
              : genericSteps(endpointUrl);
  return (
    <div className="space-y-5">
      <ol className="space-y-4">
        {steps.map((step, i) => (
          <li key={i} className="flex gap-3">
            <span
              aria-hidden="true"
              className="mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600 ring-1 ring-inset ring-slate-200"
            >
              {i + 1}
            </span>
            <div className="min-w-0 text-sm leading-relaxed text-slate-600">
              <div>{step.title}</div>
              {step.body}
            </div>
          </li>
        ))}
      </ol>
      <div className="flex gap-3 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
        <svg viewBox="0 0 20 20" className="mt-0.5 h-4 w-4 shrink-0 fill-emerald-600" aria-hidden="true">
          <path d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.7-9.3-4.5 4.5a1 1 0 0 1-1.4 0l-2-2a1 1 0 1 1 1.4-1.4l1.3 1.3 3.8-3.8a1 1 0 0 1 1.4 1.4Z" />
        </svg>
        <p>
          <span className="font-medium">When it works: </span>
          {SEEN_WHEN_WORKING[provider]}
        </p>
      </div>
    </div>
  );
}
