// Apart from ./annotation-stubs.ts, whose merging and filtering the reading page loads with the
// stubs themselves: the API client, in the page's first load, needs only where they are.

/** Where a large reading's page fetches its stubs (the page asks the browser to preload it, then fetches it). */
export const readingStubsPath = (slug: string) => `/api/documents/${encodeURIComponent(slug)}/annotations/stubs`;
