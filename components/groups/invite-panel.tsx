"use client";
import { CopyHint } from "@/components/common/copy-hint";
import { useCopyToClipboard } from "@/components/common/use-copy-to-clipboard";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { DEFAULT_INVITE_DAYS } from "@/lib/groups/limits";
import { GROUP_ROLE_LABELS, type AssignableRole } from "@/lib/groups/roles";
import type { InviteSummary } from "@/lib/groups/schemas";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi, type CreatedInvite } from "@/components/api/groups-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { formatDay } from "@/lib/format-date";

type Props = {
  groupId: string;
  /** Null when the owner switched joining by code off. */
  joinCode: string | null;
  /** Only the owner may invite instructors: for everyone else the link invites members. */
  canInviteInstructors: boolean;
  /** Live invitations, newest first. */
  invites: InviteSummary[];
};

const EXPIRY_CHOICES = [1, 7, 14, 30, 90] as const;

/** "Invite people": a link made on request and shown once, the join code, and live links to withdraw. */
export function InvitePanel({ groupId, joinCode, canInviteInstructors, invites }: Props) {
  const router = useRouter();
  const isInteractive = useIsInteractive();
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsPending(true);
    setError(null);
    try {
      // The server checks the role: only the owner may invite instructors.
      const role = (canInviteInstructors ? String(form.get("role")) : "member") as AssignableRole;
      setCreated(await groupsApi.createInvite(groupId, { role, expiresInDays: Number(form.get("expiresInDays")) }));
    } catch (caught) {
      return setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
    router.refresh();
  }

  return (
    <section className="panel group-invites" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite people</h2>
      {joinCode ? (
        <>
          <JoinCode code={joinCode} />
          <p>Anyone with the code joins as a member. Or make a link that works until it expires or you withdraw it.</p>
        </>
      ) : (
        <p>Joining by code is off. Make a link that works until it expires or you withdraw it; an instructor link lets one person in.</p>
      )}
      <form method="post" className="form group-invites__form" onSubmit={onSubmit} aria-label="Create an invitation link">
        {canInviteInstructors && (
          <div className="field">
            <label htmlFor="invite-role">Joins as</label>
            <select id="invite-role" name="role" defaultValue="member">
              <option value="member">{GROUP_ROLE_LABELS.member}</option>
              <option value="instructor">{GROUP_ROLE_LABELS.instructor}</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="invite-expiry">Link expires after</label>
          <select id="invite-expiry" name="expiresInDays" defaultValue={String(DEFAULT_INVITE_DAYS)}>
            {EXPIRY_CHOICES.map((days) => (
              <option key={days} value={days}>
                {days === 1 ? "1 day" : `${days} days`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" className="button" disabled={!isInteractive || isPending}>
            {isPending ? "Creating…" : "Create invitation link"}
          </button>
        </div>
      </form>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
      <div role="status">
        {created && (
          <p className="notice notice--success">
            Link created for a new {GROUP_ROLE_LABELS[created.role].toLowerCase()}, valid until{" "}
            {formatDay(new Date(created.expiresAt), "UTC")}. Copy it now: it is shown only this once.
          </p>
        )}
      </div>
      {created && <InviteLink key={created.id} url={created.url} />}
      <h3 id="invite-list-heading">Active invitation links</h3>
      <p className="field__hint" id="invite-list-hint">
        A link is shown only when it is made: Marginalia keeps a fingerprint of it, not the link, so nobody can read it back later. Lost
        one? Make a new link and revoke the old one.
      </p>
      {invites.length === 0 ? (
        <p className="field__hint">No active links.</p>
      ) : (
        <ul className="group-list" aria-labelledby="invite-list-heading" aria-describedby="invite-list-hint">
          {invites.map((invite) => (
            <li key={invite.id} className="group-list__item">
              <span>
                {GROUP_ROLE_LABELS[invite.role]} link by {invite.createdByName}, made {formatDay(invite.createdAt, "UTC")}
                {invite.expiresAt && <>, expires {formatDay(invite.expiresAt, "UTC")}</>}
              </span>
              <RevokeInviteButton groupId={groupId} inviteId={invite.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The join code, big enough to read out to a class, with a Copy button. */
function JoinCode({ code }: { code: string }) {
  const { inputRef, copyStatus, copy } = useCopyToClipboard(code);
  const isInteractive = useIsInteractive();
  return (
    <div className="field">
      <label htmlFor="join-code-value">Join code</label>
      <div className="join-code-row">
        <input
          ref={inputRef}
          id="join-code-value"
          className="join-code"
          readOnly
          value={code}
          size={code.length + 2}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="join-code-value-hint"
        />
        <button type="button" className="button button--small" onClick={copy} disabled={!isInteractive}>
          Copy code
        </button>
      </div>
      <CopyHint id="join-code-value-hint" status={copyStatus} what="the code">
        Students type it under Groups → Join with a code.
      </CopyHint>
    </div>
  );
}

function InviteLink({ url }: { url: string }) {
  const { inputRef, copyStatus, copy } = useCopyToClipboard(url);

  return (
    <div className="field new-token">
      <label htmlFor="new-invite-url">Invitation link</label>
      <div className="new-token__row">
        <input
          ref={inputRef}
          id="new-invite-url"
          readOnly
          value={url}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="new-invite-url-hint"
        />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
      </div>
      <CopyHint id="new-invite-url-hint" status={copyStatus} what="the link">
        Anyone with this link can join until it expires.
      </CopyHint>
    </div>
  );
}

function RevokeInviteButton({ groupId, inviteId }: { groupId: string; inviteId: string }) {
  const router = useRouter();
  const isInteractive = useIsInteractive();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onClick() {
    if (!window.confirm("Withdraw this invitation? Its link stops working at once.")) return;
    setIsPending(true);
    setError(null);
    try {
      await groupsApi.revokeInvite(groupId, inviteId);
    } catch (caught) {
      return setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
    router.refresh();
  }

  return (
    <>
      <button type="button" className="button button--danger button--small" onClick={onClick} disabled={!isInteractive || isPending}>
        {isPending ? "Revoking…" : "Revoke"}
      </button>
      <span role="alert">{error && <span className="field__error">{error}</span>}</span>
    </>
  );
}
