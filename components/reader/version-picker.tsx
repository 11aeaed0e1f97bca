type Props = {
  slug: string;
  versions: { number: number; createdAt: string; isLatest: boolean }[];
  shownNumber: number;
};

/**
 * Which version of the reading to read: a plain GET form, so it works before (and without)
 * JavaScript. The latest is the default; an older one opens with the annotations made on it.
 */
export function VersionPicker({ slug, versions, shownNumber }: Props) {
  if (versions.length < 2) return null;
  return (
    <form className="version-picker" method="get" action={`/read/${slug}`}>
      <label htmlFor="version-picker">Version</label>
      <select id="version-picker" name="version" defaultValue={String(shownNumber)}>
        {versions.map((version) => (
          <option key={version.number} value={version.number}>
            {`Version ${version.number}${version.isLatest ? " (latest)" : ""} — ${new Date(version.createdAt).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" })}`}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small">
        Open
      </button>
    </form>
  );
}
