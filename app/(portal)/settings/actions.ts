"use server";
// Operator settings: webhook endpoints, API keys and branding. Not organization-scoped, so every
// action checks for the operator principal itself (lib/auth/scope isOperator), validates
// its form with zod and returns { ok: false, error } for what a person can fix.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { EVENT_TYPES } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key";
import { currentPrincipal } from "@/lib/auth/request-scope";
import { isOperator } from "@/lib/auth/scope";
import { UnauthorizedError, operatorOrThrow } from "@/lib/auth/session";
import { brandingSchema, saveBranding } from "@/lib/branding";
import { type Actor } from "@/lib/directory/audit";
import { DirectoryError } from "@/lib/directory/errors";
import { formText } from "@/lib/form-data";
import {
  createEndpoint,
  deleteEndpoint,
  retryDelivery,
  rotateSecret,
  sendTestMessage,
  updateEndpoint,
} from "@/lib/webhooks/endpoints";
import { WebhookUrlError } from "@/lib/webhooks/ssrf";

export type SettingsResult = { ok: boolean; error?: string; message?: string };
export type SecretResult =
  | { ok: null }
  | { ok: false; error: string }
  | { ok: true; secret: string; label: string; href?: string; message: string };

async function operatorActor(): Promise<Actor> {
  const principal = await currentPrincipal();
  if (!principal || !isOperator(principal)) throw new UnauthorizedError();
  return principal.kind === "operator" ? { type: "operator", id: principal.operator.id } : { type: "system" };
}

/** Runs an action, turning the failures a person can act on into { ok: false, error }. */
async function attempt<T extends { ok: boolean | null }>(run: () => Promise<T>): Promise<T | { ok: false; error: string }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UnauthorizedError || error instanceof WebhookUrlError || error instanceof DirectoryError) {
      return { ok: false, error: error.message };
    }
    if (error instanceof z.ZodError) return { ok: false, error: error.issues[0]?.message ?? "Check the form." };
    throw error;
  }
}

const endpointForm = z.object({
  url: z.string().trim().min(1, "Enter the URL to deliver to.").max(2048, "The URL is too long."),
  description: z.string().trim().max(500, "Keep the description under 500 characters."),
  organizationId: z.union([z.literal(""), z.uuid("Choose an organization from the list.")]),
  eventTypes: z.array(z.enum(EVENT_TYPES)),
});

function readEndpointForm(formData: FormData) {
  return endpointForm.parse({
    url: formText(formData, "url"),
    description: formText(formData, "description"),
    organizationId: formText(formData, "organizationId"),
    eventTypes: formData.getAll("eventTypes").filter((v) => typeof v === "string"),
  });
}

const settingsPath = "/settings/webhooks";

export async function createWebhookAction(_prev: SecretResult, formData: FormData): Promise<SecretResult> {
  return attempt(async () => {
    const actor = await operatorActor();
    const input = readEndpointForm(formData);
    const { endpoint, secret } = await createEndpoint(
      await getDb(),
      { url: input.url, description: input.description || null, organizationId: input.organizationId || null, eventTypes: input.eventTypes },
      actor,
    );
    revalidatePath(settingsPath);
    return {
      ok: true as const,
      secret,
      label: "Signing secret",
      href: `${settingsPath}/${endpoint.id}`,
      message: `Endpoint created for ${endpoint.url}.`,
    };
  });
}

export async function updateWebhookAction(_prev: SettingsResult, formData: FormData): Promise<SettingsResult> {
  return attempt(async () => {
    const actor = await operatorActor();
    const id = formText(formData, "id");
    const input = readEndpointForm(formData);
    await updateEndpoint(
      await getDb(),
      id,
      { url: input.url, description: input.description || null, organizationId: input.organizationId || null, eventTypes: input.eventTypes },
      actor,
    );
    revalidatePath(`${settingsPath}/${id}`);
    return { ok: true, message: "Endpoint saved." };
  });
}

export async function setWebhookEnabledAction(_prev: SettingsResult, formData: FormData): Promise<SettingsResult> {
  return attempt(async () => {
    const actor = await operatorActor();
    const id = formText(formData, "id");
    const enabled = formText(formData, "enabled") === "true";
    await updateEndpoint(await getDb(), id, { enabled }, actor);
    revalidatePath(`${settingsPath}/${id}`);
    return { ok: true, message: enabled ? "Endpoint enabled: queued deliveries resume." : "Endpoint disabled: deliveries queue until it is enabled." };
  });
}

export async function rotateWebhookSecretAction(_prev: SecretResult, formData: FormData): Promise<SecretResult> {
  return attempt(async () => {
    const actor = await operatorActor();
    const id = formText(formData, "id");
    const { secret, previousSecretExpiresAt } = await rotateSecret(await getDb(), id, actor);
    revalidatePath(`${settingsPath}/${id}`);
    return {
      ok: true as const,
      secret,
      label: "New signing secret",
      message: previousSecretExpiresAt
        ? `The previous secret keeps signing too until ${previousSecretExpiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.`
        : "The previous secret no longer signs.",
    };
  });
}

export async function sendTestWebhookAction(_prev: SettingsResult, formData: FormData): Promise<SettingsResult> {
  return attempt(async () => {
    await operatorActor();
    const id = formText(formData, "id");
    const delivery = await sendTestMessage(await getDb(), id);
    revalidatePath(`${settingsPath}/${id}`);
    return { ok: true, message: `Test message ${delivery.messageId} queued.` };
  });
}

export async function redeliverAction(_prev: SettingsResult, formData: FormData): Promise<SettingsResult> {
  return attempt(async () => {
    await operatorActor();
    const id = formText(formData, "id");
    const deliveryId = Number(formText(formData, "deliveryId"));
    await retryDelivery(await getDb(), id, Number.isSafeInteger(deliveryId) ? deliveryId : -1);
    revalidatePath(`${settingsPath}/${id}`);
    return { ok: true, message: "Queued for redelivery." };
  });
}

export async function deleteWebhookAction(_prev: SettingsResult, formData: FormData): Promise<SettingsResult> {
  const result = await attempt(async () => {
    const actor = await operatorActor();
    await deleteEndpoint(await getDb(), formText(formData, "id"), actor);
    return { ok: true };
  });
  if (!result.ok) return result;
  revalidatePath(settingsPath);
  redirect(`${settingsPath}?deleted=1`);
}

const apiKeyName = z.string().trim().min(1, "Name the key after what will use it.").max(100, "Keep the name under 100 characters.");

export async function createApiKeyAction(_prev: SecretResult, formData: FormData): Promise<SecretResult> {
  return attempt(async () => {
    const actor = await operatorActor();
    const name = apiKeyName.parse(formText(formData, "name"));
    const key = await createApiKey(await getDb(), name, actor.type === "operator" ? actor.id : undefined);
    revalidatePath("/settings/api-keys");
    return { ok: true as const, secret: key.key, label: "API key", message: `Key “${key.name}” created.` };
  });
}

export async function revokeApiKeyAction(_prev: SettingsResult, formData: FormData): Promise<SettingsResult> {
  return attempt(async () => {
    const actor = await operatorActor();
    const id = z.uuid().safeParse(formText(formData, "id"));
    if (!id.success) return { ok: false, error: "No such key." };
    const revoked = await revokeApiKey(await getDb(), id.data, actor);
    revalidatePath("/settings/api-keys");
    return revoked ? { ok: true, message: "Key revoked: requests with it now get 401." } : { ok: false, error: "That key was already revoked." };
  });
}

export type BrandingResult = { ok: boolean; error?: string; message?: string };

/** Operators only (a customer admin's portal session has no operator). */
export async function saveBrandingAction(_prev: BrandingResult, formData: FormData): Promise<BrandingResult> {
  let operatorId: string;
  try {
    operatorId = (await operatorOrThrow()).id;
  } catch (error) {
    if (error instanceof UnauthorizedError) return { ok: false, error: error.message };
    throw error;
  }
  const input = brandingSchema.safeParse({
    applicationName: formText(formData, "applicationName"),
    logoUrl: formText(formData, "logoUrl"),
    accentColor: formText(formData, "accentColor"),
  });
  if (!input.success) {
    const issue = input.error.issues[0];
    return { ok: false, error: `${String(issue?.path[0] ?? "Value")}: ${issue?.message ?? "invalid"}` };
  }
  await saveBranding(await getDb(), input.data, operatorId);
  revalidatePath("/", "layout");
  return { ok: true, message: "Branding saved. Customer admins see it on their next page." };
}
