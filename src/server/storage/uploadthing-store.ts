import { UTApi, UTFile } from "uploadthing/server";
import type { ImageStore } from "./image-store";

/** How long a signed URL handed to a participant stays valid. */
const SIGNED_URL_SECONDS = 60;

/** UploadThing (UPLOADTHING_TOKEN): private files, read through short-lived signed URLs. */
export function createUploadThingImageStore(token: string): ImageStore {
  const api = new UTApi({ token });
  return {
    kind: "uploadthing",
    async put(name, data, contentType) {
      const result = await api.uploadFiles(new UTFile([new Uint8Array(data)], name, { type: contentType }), { acl: "private" });
      if (result.error) throw new Error(`UploadThing refused the file: ${result.error.message}`);
      return result.data.key;
    },
    async read(key) {
      const { ufsUrl } = await api.generateSignedURL(key, { expiresIn: SIGNED_URL_SECONDS });
      return { type: "redirect", url: ufsUrl };
    },
    async remove(keys) {
      if (keys.length) await api.deleteFiles(keys);
    },
  };
}
