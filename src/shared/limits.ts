/**
 * Limits that the browser and the server both enforce: the composer stops at them so the user
 * learns at once, and the server refuses past them because a browser can be bypassed.
 */

/** Characters in one message's text, after trimming. */
export const MAX_MESSAGE_LENGTH = 4000;

/** Photos in one message. */
export const MAX_PHOTOS_PER_MESSAGE = 6;

/** Bytes in one uploaded photo, as the server receives it (the browser downscales before). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** "10 MB", for sentences about MAX_UPLOAD_BYTES. */
export const MAX_UPLOAD_LABEL = `${MAX_UPLOAD_BYTES / (1024 * 1024)} MB`;
