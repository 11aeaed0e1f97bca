/** What a form that keeps what was typed says when its session ended meanwhile (server/auth/session.ts). */
export const SESSION_ENDED = "Your session has ended: sign in again (in another tab, so what you typed here stays), then save again.";
