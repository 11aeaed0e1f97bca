"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { MAX_GROUP_DESCRIPTION_LENGTH, MAX_GROUP_NAME_LENGTH, MAX_HIDE_UNTIL_POST_COUNT } from "@/lib/groups/limits";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { isScoreRelease, SCORE_RELEASE_LABELS, SCORE_RELEASES, type ScoreRelease } from "@/lib/review/score-release";

type Props = {
  groupId: string;
  name: string;
  description: string;
  hideUntilPostCount: number;
  scoreRelease: ScoreRelease;
  timeZone: string | null;
};

/** The owner's settings: name, description, "hide peers' annotations until a member has posted", score release and time zone. */
export function GroupSettingsForm({ groupId, name, description, hideUntilPostCount, scoreRelease, timeZone }: Props) {
  const router = useRouter();
  const isInteractive = useIsInteractive();
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsPending(true);
    setStatus(null);
    try {
      await groupsApi.update(groupId, {
        name: String(form.get("name") ?? ""),
        description: String(form.get("description") ?? ""),
        hideUntilPostCount: Number(form.get("hideUntilPostCount")),
        scoreRelease: readScoreRelease(form.get("scoreRelease"), scoreRelease),
        timeZone: String(form.get("timeZone") ?? "").trim(),
      });
      setStatus({ ok: true, message: "Settings saved." });
      router.refresh();
    } catch (caught) {
      setStatus({ ok: false, message: errorMessage(caught) });
    } finally {
      setIsPending(false);
    }
  }

  return (
    <form method="post" className="form" onSubmit={onSubmit} aria-labelledby="group-settings-heading">
      <h2 id="group-settings-heading">Settings</h2>
      <div className="field">
        <label htmlFor="settings-name">Name</label>
        <input id="settings-name" name="name" dir="auto" required maxLength={MAX_GROUP_NAME_LENGTH} defaultValue={name} />
      </div>
      <div className="field">
        <label htmlFor="settings-description">Description</label>
        <textarea
          id="settings-description"
          name="description"
          dir="auto"
          rows={3}
          maxLength={MAX_GROUP_DESCRIPTION_LENGTH}
          defaultValue={description}
        />
      </div>
      <div className="field">
        <label htmlFor="settings-hide-until">Hide peers&apos; annotations until a member has posted</label>
        <input
          id="settings-hide-until"
          name="hideUntilPostCount"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_HIDE_UNTIL_POST_COUNT}
          step={1}
          required
          defaultValue={hideUntilPostCount}
          aria-describedby="settings-hide-until-hint"
        />
        <p id="settings-hide-until-hint" className="field__hint">
          How many annotations a member writes on a document before seeing the group&apos;s others there (0 to {MAX_HIDE_UNTIL_POST_COUNT};
          0 shows them at once).
        </p>
      </div>
      <div className="field">
        <label htmlFor="settings-time-zone">Time zone</label>
        <input
          id="settings-time-zone"
          name="timeZone"
          maxLength={100}
          placeholder="America/New_York"
          defaultValue={timeZone ?? ""}
          aria-describedby="settings-time-zone-hint"
        />
        <p id="settings-time-zone-hint" className="field__hint">
          An IANA name, such as Europe/Paris: assignment times are typed in it, and each reader sees them in their own. Empty: each
          instructor&apos;s browser time zone.
        </p>
      </div>
      <fieldset className="field">
        <legend>Students see their scores</legend>
        {SCORE_RELEASES.map((release) => (
          <label key={release} className="field--inline">
            <input type="radio" name="scoreRelease" value={release} defaultChecked={release === scoreRelease} />{" "}
            {SCORE_RELEASE_LABELS[release]}
          </label>
        ))}
        <p className="field__hint">Released scores show on each student&apos;s own annotations and replies, to them only.</p>
      </fieldset>
      <div role="status">{status && <p className={`notice ${status.ok ? "notice--success" : "notice--error"}`}>{status.message}</p>}</div>
      <div>
        <button type="submit" className="button" disabled={!isInteractive || isPending}>
          {isPending ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}

/** The chosen radio, or what was there before if the form somehow sent something else. */
function readScoreRelease(value: FormDataEntryValue | null, current: ScoreRelease): ScoreRelease {
  return typeof value === "string" && isScoreRelease(value) ? value : current;
}
