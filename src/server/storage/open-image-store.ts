import path from "node:path";
import type { Env } from "@/env";
import type { ImageStore } from "./image-store";
import { createLocalImageStore } from "./local-store";

/** Where UploadThing's signed URLs point, which pages must allow images from (CSP img-src). */
export const UPLOADTHING_IMAGE_ORIGINS = ["https://*.ufs.sh", "https://utfs.io"];

/**
 * The store the configuration names: UploadThing when UPLOADTHING_TOKEN is set, files under
 * DATA_DIR/uploads otherwise. UploadThing's client (uploadthing/server and effect, about 70 MB of
 * a process's memory) is loaded only when it is the one configured.
 */
export async function openImageStore(config: Pick<Env, "UPLOADTHING_TOKEN" | "dataDir">): Promise<ImageStore> {
  if (!config.UPLOADTHING_TOKEN) return createLocalImageStore(path.join(config.dataDir, "uploads"));
  const { createUploadThingImageStore } = await import("./uploadthing-store");
  return createUploadThingImageStore(config.UPLOADTHING_TOKEN);
}
