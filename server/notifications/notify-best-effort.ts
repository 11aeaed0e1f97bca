import "server-only";

/**
 * Notifications follow a save; they never undo or fail it. The annotation is stored by the time
 * this runs, so a failure here is logged and the request still answers with what was saved
 * (a retry would find the saved annotation by its client token and not notify again anyway).
 */
export async function notifyBestEffort(notify: () => Promise<unknown>): Promise<void> {
  try {
    await notify();
  } catch (error) {
    console.error("Could not create notifications", error);
  }
}
