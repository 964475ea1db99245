/**
 * Where image bytes live. Only the server talks to a store; people get images through the
 * authorized route /api/uploads/:id/(full|thumb), which either streams the bytes or redirects to
 * a short-lived signed URL.
 */
export interface ImageStore {
  readonly kind: "local" | "uploadthing";
  /** Stores the bytes and returns the key to read them back with. */
  put(name: string, data: Buffer, contentType: string): Promise<string>;
  read(key: string): Promise<{ type: "bytes"; data: Buffer } | { type: "redirect"; url: string } | null>;
  remove(keys: string[]): Promise<void>;
}
