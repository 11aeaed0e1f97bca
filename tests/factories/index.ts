// The shared test factories for the vitest suites (server side, real database): one place that
// makes documents, people, groups, memberships, invites, annotations, replies, helpful marks and
// scores. The Playwright suite's counterparts, with the same shapes, are in e2e/factories.ts.
export * from "./annotations";
export * from "./documents";
export * from "./groups";
export * from "./users";
