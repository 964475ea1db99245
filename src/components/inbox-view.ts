/**
 * The Archived view is the inbox's other list, not a page of its own: `?view=archived` on
 * /messages and on a thread opened from it (a path segment would be read as a conversation id).
 * Plain (no "use client"), so the page's metadata and the shell read the same value.
 */
export const ARCHIVED_VIEW = "archived";

export const ARCHIVED_VIEW_HREF = `/messages?view=${ARCHIVED_VIEW}`;

export const isArchivedView = (view: string | string[] | null | undefined) => view === ARCHIVED_VIEW;
