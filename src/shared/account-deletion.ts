/**
 * What people see of an account that was deleted (src/server/services/account-deletion.ts): its
 * name everywhere, and what stands in the place of each message it had sent. The browser shows
 * them too.
 */
export const DELETED_USER_NAME = "Deleted user";

/** In the thread and the inbox, where a deleted account's message was. */
export const DELETED_MESSAGE_TEXT = "Message deleted";
