"use server";
// Server actions for accounts. Next.js checks that actions are posted from this origin.
import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  type AccountFormState,
  type ConfirmEmailResult,
  firstFieldErrors,
  type MailActionResult,
  type SignInFormState,
  type SignUpState,
  ZChangeNameSchema,
  ZChangePasswordSchema,
  ZSignUpSchema,
} from "@/lib/auth/account-schemas";
import { AppError } from "@/lib/errors";
import { formatWaitTime } from "@/lib/format-duration";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { db } from "@/server/db/client";
import { clientIp } from "@/server/http/client-ip";
import { readForm } from "@/server/http/form-text";
import { unknownJoinCodeMessage, ZJoinByCodeSchema } from "@/lib/groups/schemas";
import { isInviteUsable } from "@/server/authz/groups";
import { hashInviteToken } from "@/server/groups/group-secrets";
import { joinByCode } from "@/server/groups/join-by-code";
import { lookUpJoinCode } from "@/server/groups/join-code-guesses";
import { joinByInvite } from "@/server/groups/join-by-invite";
import { changeName } from "./change-name";
import { changePassword } from "./change-password";
import { sendVerificationEmail, verifyEmail } from "./email-verification";
import { LINK_INTENT_COOKIE, LINK_INTENT_PATH, sealLinkIntent } from "./link-intent";
import { rememberThisBrowser, thisBrowsersKnownDevice } from "./known-device";
import { externalProviders, signInWithPassword } from "./providers";
import { RateLimiter, signUpInvitedPerIpRule, signUpPerInvitationRule, signUpRule } from "./rate-limit";
import { issueSessionCookie, reissueSessionCookie } from "./session-cookie";
import { requireUserForAction } from "./session";
import { SignInThrottledError } from "./sign-in-throttle";
import { createUserWithPassword, revokeAllSessions, type SessionUser } from "./users";

/** The sign-up form's action once its script runs: creates the account; the form then signs in. */
export async function signUp(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  return (await createAccount(form)).state;
}

/**
 * The sign-up form's action when it is submitted before its page's JavaScript runs (a slow phone,
 * a blocked script): the browser posts the form itself. Creates the account as `signUp` does,
 * then signs this browser in and goes on; a refusal renders the form again with its messages.
 * Without it such a form was sent as a GET, the password in the address.
 */
export async function signUpWithoutScript(_previous: SignUpState, data: FormData): Promise<SignUpState> {
  const { state, user } = await createAccount(data);
  if (state.status !== "created" || !user) return state;
  await issueSessionCookie(user);
  redirect(safeCallbackUrl(state.next ?? readForm(data).text("callbackUrl")));
}

type AccountCreation = { state: SignUpState; user?: SessionUser & { sessionVersion: number } };

/**
 * Creates an account. Sign-ups are limited per client address (scripted account creation), but
 * a class signs up from one campus address: whoever arrives with a live invitation link or a
 * group's join code is counted against that invitation (SIGN_UP_MAX_PER_INVITATION an hour, which
 * its expiry and its owner's revocation bound) and against a far looser budget of the address's
 * own (SIGN_UP_MAX_PER_IP_INVITED). With a join code or from an invitation link the new account
 * joins the group at once (whoever pressed "Create an account to join" meant to join), and the
 * form goes on to the group.
 */
async function createAccount(data: FormData): Promise<AccountCreation> {
  const form = readForm(data);
  const values = { name: form.text("name"), email: form.text("email"), joinCode: form.text("joinCode") };
  if (form.refusal) {
    const { field, message } = form.refusal;
    const shown = field === "name" || field === "email" || field === "password" || field === "joinCode";
    return { state: { status: "invalid", errors: shown ? { [field]: message } : {}, ...(!shown && { message }), values } };
  }
  const parsed = ZSignUpSchema.safeParse({ ...values, password: form.text("password") });
  if (!parsed.success) return { state: { status: "invalid", errors: firstFieldErrors(parsed.error), values } };

  const ip = clientIp(await headers());
  let invitation: Awaited<ReturnType<typeof findInvitation>>;
  try {
    invitation = await findInvitation(form.text("invitation"), values.joinCode, ip);
  } catch (error) {
    // Too many wrong join codes from this address: the form says so, on the code's field.
    if (error instanceof AppError && error.code === "RATE_LIMITED")
      return { state: { status: "invalid", errors: { joinCode: error.message }, values } };
    throw error;
  }
  if (invitation === "unknown-code")
    return { state: { status: "invalid", errors: { joinCode: unknownJoinCodeMessage(values.joinCode) }, values } };

  const limiter = new RateLimiter(db);
  const fromAddress = invitation
    ? { key: `sign-up:invited-ip:${ip}`, rule: signUpInvitedPerIpRule() }
    : { key: `sign-up:ip:${ip}`, rule: signUpRule() };
  const perInvitation = invitation && { key: `sign-up:invitation:${invitation.key}`, rule: signUpPerInvitationRule() };
  const budgets = perInvitation ? [perInvitation, fromAddress] : [fromAddress];
  // Taken before the account is made (RateLimiter.take): checked first and counted after the
  // password's hash, thirty sign-ups sent at once all passed a limit of ten.
  const taken = await limiter.take(budgets);
  if (taken.isLimited) {
    const who = perInvitation && taken.limitedKeys.includes(perInvitation.key) ? "with this invitation" : "from your network";
    // A class signing up from one campus address meets the uninvited limit first: what lets it through is said.
    const way = invitation ? "" : " A class can sign up now with its group's join code or invitation link.";
    const message = `Too many accounts were created ${who}. Try again in ${formatWaitTime(taken.retryAfterSeconds)}.${way}`;
    return { state: { status: "invalid", message, errors: {}, values } };
  }

  let user: SessionUser & { sessionVersion: number };
  try {
    user = await createUserWithPassword(parsed.data);
  } catch (error) {
    // No account was made: it uses none of the budgets.
    await limiter.refund(taken.tokens);
    if (error instanceof AppError && error.code === "CONFLICT") {
      // "Already exists" tells whoever asks that an address has an account: each answer costs the
      // asking address one of its strict sign-ups, with or without an invitation (an invitation's
      // looser budget is for a class making accounts; a join code anyone can make for themselves
      // had raised the asking budget from 10 an hour to 300), so a script cannot test a list of emails.
      const asked = await limiter.take([{ key: `sign-up:ip:${ip}`, rule: signUpRule() }]);
      if (asked.isLimited) {
        const message = `Too many accounts were created from your network. Try again in ${formatWaitTime(asked.retryAfterSeconds)}.`;
        return { state: { status: "invalid", message, errors: {}, values } };
      }
      return { state: { status: "invalid", errors: { email: error.message }, values } };
    }
    throw error;
  }
  // Best effort: an account whose mail did not go out can send itself a new link from its page.
  await sendVerificationEmail(user.id).catch((error: unknown) =>
    console.error("[mail] the verification mail for a new account failed:", error),
  );
  // Best effort too: an invitation used up meanwhile leaves the account made, and its page says why.
  const joined = invitation ? await joinInvitation(user, invitation, ip).catch(() => null) : null;
  // Signing in comes next: the form's script through the same throttled credentials callback as
  // everyone else, or signUpWithoutScript with the account it just made.
  return { state: { status: "created", email: parsed.data.email, ...(joined && { next: `/groups/${joined.groupId}?joined=new` }) }, user };
}

/**
 * The sign-in form's action when it is submitted before its page's JavaScript runs: the same
 * throttled password check as next-auth's credentials callback (signInWithPassword, which also
 * remembers this browser as a known device), then this browser is signed in and goes on. A
 * refusal renders the form again and says why. Without it such a form was sent as a GET, the
 * password in the address.
 */
export async function signInWithoutScript(_previous: SignInFormState, data: FormData): Promise<SignInFormState> {
  const form = readForm(data);
  const credentials = { email: form.text("email"), password: form.text("password") };
  // No account's address or password can hold what readForm refuses, so such a post is a wrong one.
  if (form.refusal) return { status: "wrong-credentials", email: form.refusal.field === "email" ? "" : credentials.email };
  let user: Awaited<ReturnType<typeof signInWithPassword>>;
  try {
    user = await signInWithPassword(credentials, await headers());
  } catch (error) {
    if (error instanceof SignInThrottledError)
      return { status: "rate-limited", retryAfterSeconds: error.retryAfterSeconds, email: credentials.email };
    throw error;
  }
  if (!user) return { status: "wrong-credentials", email: credentials.email };
  await issueSessionCookie(user);
  redirect(safeCallbackUrl(form.text("callbackUrl")));
}

type Invitation = { key: string } & ({ joinCode: string } | { inviteToken: string });

function joinInvitation(user: SessionUser, invitation: Invitation, ip: string) {
  return "joinCode" in invitation ? joinByCode(user, { code: invitation.joinCode }, ip) : joinByInvite(user, invitation.inviteToken);
}

/**
 * A live invitation link (its token) or an existing group's join code; null for neither. A code is
 * looked up as one guess from `ip` (server/groups/join-code-guesses.ts: past the limit, RATE_LIMITED
 * is thrown), so the sign-up form cannot be used to try codes without end.
 */
async function findInvitation(inviteToken: string, joinCode: string, ip: string): Promise<Invitation | "unknown-code" | null> {
  if (joinCode.trim()) {
    const code = ZJoinByCodeSchema.safeParse({ code: joinCode });
    if (!code.success) return "unknown-code";
    const group = await lookUpJoinCode({ userId: null, ip }, () =>
      db.group.findUnique({ where: { joinCode: code.data.code }, select: { id: true } }),
    );
    return group ? { key: `group:${group.id}`, joinCode: code.data.code } : "unknown-code";
  }
  if (!inviteToken) return null;
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(inviteToken) },
    select: { id: true, expiresAt: true, revokedAt: true, maxUses: true, useCount: true },
  });
  return invite && isInviteUsable(invite) ? { key: `invite:${invite.id}`, inviteToken } : null;
}

/** Ends every session of the current user, on every device, including this one. */
export async function signOutEverywhere(): Promise<{ ok: true }> {
  const user = await requireUserForAction();
  await revokeAllSessions(user.id);
  return { ok: true };
}

/**
 * "Resend" on the account page: a new verification link to the signed-in user's address. A form
 * action (previous state, form data), so the button works before the page hydrates.
 */
export async function resendVerificationEmail(_previous: MailActionResult, _form: FormData): Promise<MailActionResult> {
  const user = await requireUserForAction();
  try {
    await sendVerificationEmail(user.id);
    return { status: "sent" };
  } catch (error) {
    if (error instanceof AppError) return { status: "failed", message: error.message };
    console.error("[mail] a verification mail failed:", error);
    return { status: "failed", message: "We could not send the mail just now. Try again in a few minutes." };
  }
}

/**
 * The button on /verify-email: uses the link's token (a hidden field) for the signed-in user. A
 * form action, so a click before the page hydrates, or without JavaScript, still verifies.
 */
export async function confirmEmail(_previous: ConfirmEmailResult, data: FormData): Promise<ConfirmEmailResult> {
  const user = await requireUserForAction();
  const form = readForm(data);
  if (form.refusal) return { status: "failed", message: form.refusal.message };
  const token = form.text("token");
  if (!token) return { status: "failed", message: "This link is incomplete. Open the link from the mail again." };
  try {
    await verifyEmail({ token, userId: user.id });
    return { status: "verified" };
  } catch (error) {
    if (error instanceof AppError) return { status: "failed", message: error.message };
    throw error;
  }
}

/**
 * "Connect GitHub" on the account page, step one: remembers (in a signed, short-lived cookie)
 * that the provider's next callback in this browser connects to this account. The page then
 * starts the provider's sign-in.
 */
export async function startConnectingProvider(provider: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const user = await requireUserForAction();
  // Anything but an enabled provider's id (a forged call: the page offers only those) is answered, not thrown (a 500).
  if (!externalProviders().some((enabled) => enabled.id === provider))
    return { ok: false, message: "That sign-in service is not enabled." };
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
  const intent = sealLinkIntent({ userId: user.id, provider, sessionVersion });
  (await cookies()).set(LINK_INTENT_COOKIE, intent.value, {
    httpOnly: true,
    sameSite: "lax",
    secure: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
    path: LINK_INTENT_PATH,
    maxAge: intent.maxAgeSeconds,
  });
  return { ok: true };
}

/** "Your name" on the account page. A form action, so it works before the page hydrates. */
export async function changeNameAction(_previous: AccountFormState, data: FormData): Promise<AccountFormState> {
  const user = await requireUserForAction();
  const form = readForm(data);
  // The form shows one message, under its one field.
  if (form.refusal) return { status: "invalid", errors: { name: form.refusal.message } };
  const parsed = ZChangeNameSchema.safeParse({ name: form.text("name") });
  if (!parsed.success) return { status: "invalid", errors: firstFieldErrors(parsed.error) };
  const { name } = await changeName(user, parsed.data);
  revalidatePath("/", "layout");
  return { status: "saved", message: `Your name is now “${name}”.` };
}

/**
 * "Change password" on the account page: the current password, then the new one. Every other
 * session ends (their tokens carry the old session version); this one is re-issued and carries on.
 */
export async function changePasswordAction(_previous: AccountFormState, data: FormData): Promise<AccountFormState> {
  const user = await requireUserForAction();
  const form = readForm(data);
  if (form.refusal) return { status: "invalid", errors: {}, message: form.refusal.message };
  const parsed = ZChangePasswordSchema.safeParse({
    currentPassword: form.text("currentPassword"),
    newPassword: form.text("newPassword"),
  });
  if (!parsed.success) return { status: "invalid", errors: firstFieldErrors(parsed.error) };
  try {
    const sessionVersion = await changePassword(user, parsed.data, {
      ip: clientIp(await headers()),
      knownDevice: await thisBrowsersKnownDevice(),
    });
    await reissueSessionCookie(sessionVersion);
    // The new session version forgot every known device, this one too; it just proved the password.
    await rememberThisBrowser({ id: user.id, sessionVersion });
  } catch (error) {
    if (error instanceof SignInThrottledError)
      return {
        status: "invalid",
        errors: { currentPassword: `Too many wrong passwords. Try again in ${formatWaitTime(error.retryAfterSeconds)}.` },
      };
    if (error instanceof AppError && error.code === "UNPROCESSABLE")
      return { status: "invalid", errors: { currentPassword: error.message } };
    if (error instanceof AppError) return { status: "invalid", errors: {}, message: error.message };
    throw error;
  }
  return { status: "saved", message: "Password changed. Every other session of yours is signed out; this one stays signed in." };
}
