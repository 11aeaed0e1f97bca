import { postGateMessage, type PostGateStatus } from "@/lib/annotations/post-gate";

type Props = {
  isMoving: boolean;
  error: string | null;
  onCancelMove: () => void;
  /** Groups that hide their members' annotations here until the reader posts, and how many more. */
  gates: readonly PostGateStatus[];
  /** Groups whose gate the reader has just met on this page. */
  liftedGroupNames: readonly string[];
};

/**
 * Above the sidebar's cards: "select the new passage" while a highlight is being moved, why the
 * group's annotations are not shown yet (hide until you post) or that they now are, and the last error.
 */
export function SidebarBanner({ isMoving, error, onCancelMove, gates, liftedGroupNames }: Props) {
  return (
    <>
      {isMoving && (
        // The instruction alone is the status: with the button inside it, "Cancel move" was read as part of what it says.
        <div className="move-banner">
          <p role="status">Select the new passage in the text (from the keyboard: a paragraph’s button), then choose “Move here”.</p>
          <button type="button" className="button button--small button--quiet" onClick={onCancelMove}>
            Cancel move
          </button>
        </div>
      )}
      <div role="status" className="post-gate">
        {gates.map((gate) => (
          <p key={gate.groupId} className="notice post-gate__notice">
            <strong>{postGateMessage(gate)}</strong> in {gate.groupName}. Highlights without a comment do not count; your instructors’
            annotations and your own always show.
          </p>
        ))}
        {liftedGroupNames.map((name) => (
          <p key={name} className="notice notice--success post-gate__notice">
            You can now see {name}’s annotations.
          </p>
        ))}
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
