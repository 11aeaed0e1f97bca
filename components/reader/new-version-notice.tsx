import type { LiveVersionMessage } from "@/lib/live/protocol";

type Props = { slug: string; newVersion: LiveVersionMessage | null; notesOnNewWords: number };

/**
 * "A newer version was saved" while the reading is open (the live stream's `version` event). The
 * reader switches when they choose: the page they are reading, and their place in it, stay until
 * then. Always in the page, so screen readers hear it when it appears. Notes written since on words
 * only the new version has cannot be shown on this one: it says how many are waiting there.
 */
export function NewVersionNotice({ slug, newVersion, notesOnNewWords }: Props) {
  return (
    <div role="status" className="new-version-notice">
      {newVersion && (
        <p className="notice">
          Version {newVersion.number} of this reading was just saved.
          {notesOnNewWords > 0 &&
            ` ${notesOnNewWords === 1 ? "1 note is" : `${notesOnNewWords} notes are`} on words only it has, shown there.`}{" "}
          <a href={`/read/${encodeURIComponent(slug)}`}>Open it</a>
        </p>
      )}
    </div>
  );
}
