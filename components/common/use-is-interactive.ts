import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False while rendered on the server and hydrating, true after: the page's script is running.
 *
 * For controls that need it. A button that would do nothing is disabled rather than silently dead.
 * A filter (a controlled select or input) is disabled because a choice made while React hydrates is
 * lost: React takes over the control, re-renders it with its state (the server's value) and so
 * puts the choice back before the change event reaches it. On a slow phone that window lasts
 * seconds; e2e/exports.spec.ts met it in CI.
 */
export function useIsInteractive(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
