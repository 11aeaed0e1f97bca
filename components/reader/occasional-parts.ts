// What the reading page shows only once the reader has done something: the toolbar beside a
// selection, the picker between overlapping highlights, a delete's Undo, what syncing met on the server. useLoaded loads it as the
// page starts, so it is there before it is needed, but not in the page's first load (perf/js-budget.json).
export { SelectionToolbar } from "./selection-toolbar";
export { HighlightPicker } from "./highlight-picker-menu";
export { UndoToast } from "./undo-toast";
export { SyncConflictList } from "@/components/offline/sync-conflicts";
