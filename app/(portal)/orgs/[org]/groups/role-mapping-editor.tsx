"use client";
// The Roles section's editor: which groups give which roles. Changes are a draft until
// previewed — the preview is computed from the database ("37 users would gain Admin, 2
// would lose it") — and saved only as previewed: editing again asks for a new preview.
import { useRouter } from "next/navigation";
import { useId, useMemo, useState, useTransition } from "react";
import { Alert, Button, inputClass } from "@/app/_components/ui";
import { previewSentences, type RolePreview } from "@/lib/directory/role-rules";
import { previewRoleMappingAction, saveRoleMappingAction } from "./role-actions";

type Role = { key: string; name: string; description: string | null; isDefault: boolean };
type GroupChoice = { id: string; displayName: string; memberCount: number };
type Mapping = { groupId: string; groupDisplayName: string; roles: string[] };

type Draft = { groupId: string; groupDisplayName: string; roles: Set<string> }[];

const toDraft = (mappings: Mapping[]): Draft => mappings.map((m) => ({ ...m, roles: new Set(m.roles) }));

/** The draft as the actions take it, in a stable order (groups listed with no role map to none). */
function toRequest(draft: Draft, roles: Role[]) {
  return draft
    .map((d) => ({ groupId: d.groupId, roles: roles.filter((r) => d.roles.has(r.key)).map((r) => r.key) }))
    .filter((d) => d.roles.length > 0);
}

const signature = (mappings: { groupId: string; roles: string[] }[]) =>
  JSON.stringify([...mappings].sort((a, b) => a.groupId.localeCompare(b.groupId)));

export function RoleMappingEditor({
  slug,
  directoryId,
  roles,
  mappings,
  groups,
  groupCount,
}: {
  slug: string;
  directoryId: string;
  roles: Role[];
  mappings: Mapping[];
  groups: GroupChoice[];
  groupCount: number;
}) {
  const router = useRouter();
  const pickerId = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(mappings));
  const [picked, setPicked] = useState("");
  const [preview, setPreview] = useState<{ signature: string; result: RolePreview } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [isPending, startTransition] = useTransition();

  // A saved change (here or by someone else: the page refreshes live) starts a new draft.
  const savedSignature = signature(mappings.map((m) => ({ groupId: m.groupId, roles: m.roles })));
  const [base, setBase] = useState(savedSignature);
  if (base !== savedSignature) {
    setBase(savedSignature);
    setDraft(toDraft(mappings));
    setPreview(undefined);
  }

  const request = useMemo(() => toRequest(draft, roles), [draft, roles]);
  const current = signature(request);
  const isChanged = current !== savedSignature;
  const isPreviewed = preview?.signature === current;
  const inDraft = new Set(draft.map((d) => d.groupId));
  const choices = groups.filter((g) => !inDraft.has(g.id));

  const edit = (next: Draft) => {
    setDraft(next);
    setSaved(undefined);
    setError(undefined);
  };
  const toggle = (groupId: string, key: string) =>
    edit(
      draft.map((d) => {
        if (d.groupId !== groupId) return d;
        const next = new Set(d.roles);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return { ...d, roles: next };
      }),
    );
  const add = () => {
    const group = groups.find((g) => g.id === picked);
    if (!group) return;
    edit([...draft, { groupId: group.id, groupDisplayName: group.displayName, roles: new Set() }]);
    setPicked("");
  };
  const remove = (groupId: string) => edit(draft.filter((d) => d.groupId !== groupId));

  const runPreview = () =>
    startTransition(async () => {
      const result = await previewRoleMappingAction({ slug, directoryId, mappings: request });
      if (result.ok) {
        setPreview({ signature: current, result: result.preview });
        setError(undefined);
      } else setError(result.error);
    });
  const save = () =>
    startTransition(async () => {
      const result = await saveRoleMappingAction({ slug, directoryId, mappings: request });
      if (result.ok) {
        setPreview(undefined);
        setError(undefined);
        setSaved(
          result.usersUpdated === 0
            ? "Mapping saved. No user's roles changed."
            : `Mapping saved. ${result.usersUpdated.toLocaleString("en-US")} ${result.usersUpdated === 1 ? "user's roles" : "users' roles"} changed.`,
        );
        router.refresh();
      } else setError(result.error);
    });

  const sentences = isPreviewed && preview ? previewSentences(preview.result) : [];

  return (
    <div className="space-y-4">
      {draft.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-5 text-center text-sm text-slate-600">
          No group gives a role yet. Add a group below and choose its roles.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Group to role mapping">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-4 py-2.5 text-left font-medium text-slate-700">
                  Group
                </th>
                {roles.map((role) => (
                  <th key={role.key} scope="col" className="px-3 py-2.5 text-center font-medium text-slate-700">
                    {role.name}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2.5">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {draft.map((row) => (
                <tr key={row.groupId}>
                  <th scope="row" className="whitespace-nowrap px-4 py-2.5 text-left font-medium text-slate-900">
                    {row.groupDisplayName}
                  </th>
                  {roles.map((role) => (
                    <td key={role.key} className="px-3 py-2.5 text-center">
                      <input
                        type="checkbox"
                        className="h-4 w-4 accent-brand-600"
                        checked={row.roles.has(role.key)}
                        onChange={() => toggle(row.groupId, role.key)}
                        aria-label={`${role.name} for ${row.groupDisplayName}`}
                      />
                    </td>
                  ))}
                  <td className="px-3 py-2.5 text-right">
                    <Button size="sm" variant="ghost" onClick={() => remove(row.groupId)} aria-label={`Remove ${row.groupDisplayName}`}>
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={pickerId} className="text-sm font-medium text-slate-700">
            Add a group
          </label>
          <select id={pickerId} value={picked} onChange={(e) => setPicked(e.target.value)} className={`${inputClass} w-72 max-w-full`}>
            <option value="">{choices.length === 0 ? "Every group is listed" : "Choose a group…"}</option>
            {choices.map((g) => (
              <option key={g.id} value={g.id}>
                {g.displayName} ({g.memberCount.toLocaleString("en-US")} {g.memberCount === 1 ? "member" : "members"})
              </option>
            ))}
          </select>
        </div>
        <Button onClick={add} disabled={!picked}>
          Add group
        </Button>
      </div>
      {groupCount > groups.length ? (
        <p className="text-xs text-slate-600">
          The list offers the first {groups.length.toLocaleString("en-US")} of {groupCount.toLocaleString("en-US")} groups by name; the
          REST API (PUT …/role-mappings) maps any of them.
        </p>
      ) : null}

      <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-4">
        <Button variant={isPreviewed ? "secondary" : "primary"} onClick={runPreview} disabled={!isChanged || isPending}>
          Preview changes
        </Button>
        <Button variant="primary" onClick={save} disabled={!isChanged || !isPreviewed || isPending} aria-busy={isPending}>
          Save mapping
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            edit(toDraft(mappings));
            setPreview(undefined);
          }}
          disabled={!isChanged || isPending}
        >
          Discard changes
        </Button>
        {isChanged && !isPreviewed ? <span className="text-sm text-slate-600">Preview the changes to save them.</span> : null}
      </div>

      <div role="status" aria-live="polite" className="space-y-2">
        {isPreviewed && preview ? (
          <div className="rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">
            <p className="font-medium">If you save this mapping:</p>
            {sentences.length === 0 ? (
              <p>No user&apos;s roles would change.</p>
            ) : (
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {sentences.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
        {saved ? <p className="text-sm text-emerald-700">{saved}</p> : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
