import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { preload } from "react-dom";
import { ArticleBody, prepaintBlocks } from "@/components/reader/article-body";
import { paintStubs } from "@/components/reader/paint-highlights";
import { ArticleView } from "@/components/reader/article-view";
import { ReaderComfortMenu } from "@/components/reader/reader-comfort";
import { ReadingProgressTracker } from "@/components/reader/reading-progress-tracker";
import { ReaderWorkspace, type WindowedStart } from "@/components/reader/reader-workspace";
import { ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import { INLINE_ANNOTATIONS_LIMIT, matchesStubFilter, readingStubsPath, type AnnotationStub } from "@/lib/annotations/annotation-stubs";
import { NO_FILTER } from "@/lib/annotations/annotation-filter";
import { countAnnotations, countListed } from "@/lib/annotations/listed-counts";
import type { ReaderView } from "@/lib/annotations/preferences";
import type { ReadableDocument } from "@/lib/documents/types";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { listAnnotationStubsPast } from "@/server/annotations/list-annotation-stubs";
import { getCurrentUser } from "@/server/auth/session";
import { listReadingAssignments } from "@/server/assignments/list-reading-assignments";
import { listMyGroupMemberships, loadViewerAccess } from "@/server/authz/annotations";
import { listMentionCandidates } from "@/server/authz/mentions";
import { getDocumentBySlug } from "@/server/documents/get-document";
import { getReading } from "@/server/documents/get-reading";
import { listReadingVersionEntries } from "@/server/documents/list-reading-versions";
import { OlderVersionView } from "@/components/reader/older-version-view";
import { VersionPicker } from "@/components/reader/version-picker";
import { getLiveCursor } from "@/server/live/get-live-cursor";
import { rememberReaderComfort, rememberReaderView } from "@/server/preferences/actions";
import { isReadingProgressOn } from "@/server/reading-progress/reading-progress-switch";
import { getReaderPreferences } from "@/server/preferences/reader-preferences";
import { isOpenToGroup, readingSharing, scopeOnReading } from "@/server/authz/scope-on-reading";
import { slugFromParam } from "@/lib/documents/slug-param";
import { blocksTakeTheirOwnDirection } from "@/lib/text/text-direction";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ annotation?: string | string[]; version?: string | string[] }> };

/** An older version's page lists (and paints) at most this many; the latest version's paints them all (stubs past INLINE_ANNOTATIONS_LIMIT). */
const MAX_PAINTED_ANNOTATIONS = 5_000;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const document = await getDocumentBySlug(await getCurrentUser(), slugFromParam((await params).slug));
  return { title: document?.title ?? "Not found" };
}

// A document, server-rendered with the reader's highlights painted in: the text and the
// highlights are in the HTML before any JavaScript runs.
export default async function ReadPage({ params, searchParams }: Props) {
  const slug = slugFromParam((await params).slug);
  const { annotation: linkedAnnotation, version: versionParam } = await searchParams;
  const user = await getCurrentUser();
  // A reading this viewer may not read is not found, exactly like one that does not exist.
  const document = await getDocumentBySlug(user, slug);
  if (!document) notFound();
  const versions = await listReadingVersionEntries(user, slug);
  const picker = <VersionPicker slug={slug} versions={versions} shownNumber={Number(versionParam) || document.version.number} />;

  // ?version=N: an older version, read-only, with the annotations that were on it.
  const askedNumber = typeof versionParam === "string" && /^\d+$/.test(versionParam) ? Number(versionParam) : null;
  if (askedNumber !== null && askedNumber !== document.version.number) {
    const older = versions.find((version) => version.number === askedNumber);
    if (!older) notFound();
    const reading = await getReading(user, slug, askedNumber);
    const annotations = user
      ? (await listAnnotations(user, slug, { ...ZListAnnotationsQuery.parse({}), limit: MAX_PAINTED_ANNOTATIONS, version: askedNumber }))
          .items
      : null;
    return (
      <>
        <div className="reading-bars">
          {picker}
          {/* Where the sidebar that says so sits below the text (a phone, a narrow window), it is said before the text. */}
          <p className="reading-older-bar">
            Version {askedNumber} of {document.version.number}, an older one: read-only.{" "}
            <Link href={`/read/${slug}`}>Read the latest version</Link> to annotate.
          </p>
        </div>
        <OlderVersionView
          document={{ ...document, version: reading.version }}
          latestNumber={document.version.number}
          annotations={annotations}
          viewerId={user?.id ?? null}
        />
      </>
    );
  }

  if (!user) {
    return (
      <>
        <div className="reading-bars">{picker}</div>
        <div className="workspace workspace--anonymous">
          <ArticleView
            document={document}
            body={
              <ArticleBody
                text={document.version.text}
                versionId={document.version.id}
                structure={document.version.structure}
                autoDirection={blocksTakeTheirOwnDirection(document.language, document.version.text)}
              />
            }
            tools={<ReaderComfortMenu />}
          />
          <aside className="sidebar sidebar--anonymous" aria-label="Annotations">
            <p>
              <Link href={`/signin?callbackUrl=${encodeURIComponent(`/read/${slug}`)}`}>Sign in</Link> or{" "}
              <Link href={`/signup?callbackUrl=${encodeURIComponent(`/read/${slug}`)}`}>create an account</Link> to highlight, comment and
              discuss this text.
            </p>
          </aside>
        </div>
      </>
    );
  }

  // The cursor is read before the list: an event between the two is replayed by the stream, and
  // applying it twice is harmless, whereas reading it after the list could skip one.
  const liveCursor = await getLiveCursor(document.id);
  // Up to INLINE_ANNOTATIONS_LIMIT annotations, the page carries every one's full record; past it,
  // the article painted from their stubs (what painting and the sidebar's order need), the
  // sidebar's counts and the orphans in full: the browser fetches the stubs after the page, and
  // the sidebar loads cards by window (lib/annotations/annotation-stubs.ts).
  const windowed = await listAnnotationStubsPast(user, slug, INLINE_ANNOTATIONS_LIMIT);
  // The browser fetches the stubs while it loads the page's scripts, not after: highlights answer clicks sooner.
  if (windowed) preload(readingStubsPath(slug), { as: "fetch", crossOrigin: "anonymous" });
  const [page, stored, groups, access, mentionable, sharing] = await Promise.all([
    !windowed
      ? listAnnotations(user, slug, { ...ZListAnnotationsQuery.parse({}), limit: MAX_PAINTED_ANNOTATIONS })
      : windowed.hasOrphans
        ? listAnnotations(user, slug, { ...ZListAnnotationsQuery.parse({}), limit: INLINE_ANNOTATIONS_LIMIT, status: "orphaned" })
        : { items: [] },
    getReaderPreferences(user.id),
    listMyGroupMemberships(user.id),
    loadViewerAccess(user, { documentId: document.id }),
    listMentionCandidates(user, document.id),
    readingSharing(document.id),
  ]);
  // The note editor starts where this reading's readers can see the note (scope-on-reading.ts).
  const preferences = { ...stored, lastVisibility: scopeOnReading(stored.lastVisibility, groups, sharing) };
  // Hide until you post: which of my groups keep their members' annotations from me here, and at what count.
  const postGates = [...(access?.hiddenGroups ?? [])].map(([groupId, hidden]) => ({
    groupId,
    groupName: groups.find((group) => group.id === groupId)?.name ?? "your group",
    threshold: hidden.threshold,
  }));
  return (
    <>
      <div className="reading-bars">
        {document.permissions.update && (
          <p className="reading-owner-bar">
            <Link href={`/read/${slug}/settings`}>Reading settings</Link>: correct the text, title, sharing, delete
          </p>
        )}
        {picker}
      </div>
      {isReadingProgressOn() && <ReadingProgressTracker slug={slug} versionId={document.version.id} />}
      <ReaderWorkspace
        document={document}
        viewer={{ id: user.id, name: user.name }}
        initialAnnotations={page.items}
        windowed={windowed && windowedStart(document, windowed.stubs, user.id, preferences.readerView)}
        preferences={preferences}
        groups={groups}
        groupsReadingAlong={groups.filter((group) => isOpenToGroup(sharing, group.id))}
        liveCursor={liveCursor}
        postGates={postGates}
        mentionable={mentionable}
        rememberReaderView={rememberReaderView}
        rememberReaderComfort={rememberReaderComfort}
        // ?annotation=<id>, from exported notes and "My notes": open that thread at its highlight.
        linkedAnnotationId={typeof linkedAnnotation === "string" ? linkedAnnotation : undefined}
        autoDirection={blocksTakeTheirOwnDirection(document.language, document.version.text)}
        assignments={{ ...(await listReadingAssignments(user, document.id)), renderedAt: new Date().toISOString() }}
      />
    </>
  );
}

/**
 * A large reading's page without its stubs: the article painted from them as the reader's default
 * filter shows them (the workspace paints the same once it has fetched them), and the sidebar's counts.
 */
function windowedStart(document: ReadableDocument, stubs: AnnotationStub[], viewerId: string, readerView: ReaderView): WindowedStart {
  const shown = stubs.filter((stub) => matchesStubFilter(stub, { ...NO_FILTER, scope: readerView }, viewerId, null));
  return {
    prepainted: prepaintBlocks(document.version.text, document.version.structure, paintStubs(shown, viewerId, null)),
    counts: countListed(stubs, viewerId),
    shownCount: countAnnotations(shown),
  };
}
