export interface UploadedImage {
  id: string;
  width: number;
  height: number;
}

export interface UploadHandle {
  promise: Promise<UploadedImage>;
  abort(): void;
}

/**
 * POSTs one photo to /api/uploads with progress (fetch cannot report upload progress, so XHR).
 * Rejects with the server's own sentence when it refuses the file.
 */
export function uploadImage(conversationId: string, blob: Blob, name: string, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadedImage>((resolve, reject) => {
    xhr.open("POST", `/api/uploads?conversationId=${encodeURIComponent(conversationId)}`);
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const body = xhr.response as { id?: string; width?: number; height?: number; error?: string } | null;
      if (xhr.status === 201 && body?.id) return resolve({ id: body.id, width: body.width ?? 0, height: body.height ?? 0 });
      reject(new Error(body?.error ?? `The upload failed (HTTP ${xhr.status}). Try again.`));
    };
    xhr.onerror = () => reject(new Error("The connection dropped during the upload. Try again."));
    xhr.onabort = () => reject(new Error("Upload cancelled."));
    const form = new FormData();
    form.append("file", blob, name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
