type Props = { isMoving: boolean; error: string | null; onCancelMove: () => void };

/** Above the sidebar's cards: "select the new passage" while a highlight is being moved, and the last error. */
export function SidebarBanner({ isMoving, error, onCancelMove }: Props) {
  return (
    <>
      {isMoving && (
        <div className="move-banner" role="status">
          <p>Select the new passage in the text, then choose “Move here”.</p>
          <button type="button" className="button button--small button--quiet" onClick={onCancelMove}>
            Cancel move
          </button>
        </div>
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
