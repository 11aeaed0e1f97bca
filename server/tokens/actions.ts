"use server";
// Server actions for the account page's API tokens. Next.js checks that actions are posted from
// this origin, and they run on the cookie session: a token can never manage tokens.
import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { ZCreateApiTokenSchema, type CreateApiTokenState } from "@/lib/tokens/schemas";
import { requireUserForAction } from "@/server/auth/session";
import { readForm, unstorableTextMessage } from "@/server/http/form-text";
import { createApiToken } from "./create-api-token";
import { revokeApiToken } from "./revoke-api-token";

export async function createApiTokenAction(_previous: CreateApiTokenState, data: FormData): Promise<CreateApiTokenState> {
  const user = await requireUserForAction();
  const form = readForm(data);
  if (form.refusal) {
    const { field, message } = form.refusal;
    return field === "name" || field === "scope" || field === "expiresInDays"
      ? { status: "invalid", errors: { [field]: message } }
      : { status: "invalid", errors: {}, message };
  }
  const expires = form.text("expiresInDays");
  const parsed = ZCreateApiTokenSchema.safeParse({
    name: form.text("name"),
    scope: form.text("scope"),
    expiresInDays: expires === "never" ? null : Number(expires),
  });
  if (!parsed.success) {
    const errors: Extract<CreateApiTokenState, { status: "invalid" }>["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "name" || field === "scope" || field === "expiresInDays") errors[field] ??= issue.message;
    }
    return { status: "invalid", errors };
  }
  const { token, apiToken } = await createApiToken({ userId: user.id, ...parsed.data });
  revalidatePath("/account");
  return { status: "created", token, name: apiToken.name };
}

export async function revokeApiTokenAction(id: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const user = await requireUserForAction();
  // An id no database can hold names no token (PostgreSQL would fail on it rather than find nothing).
  if (typeof id !== "string" || unstorableTextMessage(id)) return { ok: false, message: "No such token." };
  try {
    await revokeApiToken(user.id, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath("/account");
  return { ok: true };
}
