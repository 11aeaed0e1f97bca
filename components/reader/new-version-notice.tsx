import type { LiveVersionMessage } from "@/lib/live/protocol";

type Props = { slug: string; newVersion: LiveVersionMessage | null };

/**
 * "A newer version was saved" while the reading is open (the live stream's `version` event). The
 * reader switches when they choose: the page they are reading, and their place in it, stay until
 * then. Always in the page, so screen readers hear it when it appears.
 */
export function NewVersionNotice({ slug, newVersion }: Props) {
  return (
    <div role="status" className="new-version-notice">
      {newVersion && (
        <p className="notice">
          Version {newVersion.number} of this reading was just saved. <a href={`/read/${encodeURIComponent(slug)}`}>Open it</a>
        </p>
      )}
    </div>
  );
}
