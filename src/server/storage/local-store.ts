import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ImageStore } from "./image-store";

/** Files under DATA_DIR/uploads: the default, needs no configuration. */
export function createLocalImageStore(root: string): ImageStore {
  const fileOf = (key: string) => {
    // Keys are ours (random hex + extension); anything else never touches the disk.
    if (!/^[a-f0-9]{32}\.(jpg|webp)$/.test(key)) throw new Error("invalid image key");
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    kind: "local",
    async put(_name, data, contentType) {
      const key = `${randomBytes(16).toString("hex")}.${contentType === "image/jpeg" ? "jpg" : "webp"}`;
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written whole, then renamed: a reader never sees half a file.
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, data);
      await rename(temp, file);
      return key;
    },
    async read(key) {
      try {
        return { type: "bytes", data: await readFile(fileOf(key)) };
      } catch {
        return null;
      }
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
    },
  };
}
