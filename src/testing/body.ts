// Reading request bodies the way the real endpoints do: JSON that may be malformed, multipart forms, and
// raw PUT bodies that must be refused past a limit without buffering them.

export type JsonResult = { ok: true; value: unknown } | { ok: false };

export async function readJson(request: Request): Promise<JsonResult> {
  try {
    return { ok: true, value: JSON.parse(await request.text()) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The form as a plain object for the call log: files become `{ name, type, size }`. */
export function describeForm(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of form) {
    out[name] = typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size };
  }
  return out;
}

export async function readForm(request: Request): Promise<FormData | undefined> {
  try {
    return await request.formData();
  } catch {
    return undefined;
  }
}

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; size: number };

/**
 * Reads at most `limit` bytes. A declared Content-Length over the limit is refused unread; otherwise the
 * stream is read chunk by chunk and, once past the limit, drained without keeping it (canceling the stream
 * instead makes msw/node's interceptor hang the request), so a 100 MB+ body is never kept.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return { ok: false, size: declared };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
    else chunks.length = 0;
  }
  if (size > limit) return { ok: false, size };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

const EXTENSION_BY_TYPE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/svg+xml': 'svg',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-m4a': 'm4a',
  'audio/mp4': 'm4a',
};

/** The extension a storage key gets for a MIME type (`image/png` -> `png`, unknown -> `bin`). */
export function extensionFor(contentType: string): string {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const known = EXTENSION_BY_TYPE[type];
  if (known) return known;
  const subtype = /^[a-z]+\/([a-z0-9.+-]+)$/.exec(type)?.[1];
  return subtype && /^[a-z0-9]{1,5}$/.test(subtype) ? subtype : 'bin';
}

/** The extension of a file name, lower-cased, without the dot; '' when there is none. */
export function extensionOf(filename: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return match?.[1]?.toLowerCase() ?? '';
}

const MEDIA_BY_EXTENSION: Record<string, 'image' | 'video' | 'audio'> = Object.fromEntries([
  ...['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'heic', 'heif', 'bmp', 'tif', 'tiff', 'svg'].map((e) => [e, 'image']),
  ...['mp4', 'mov', 'webm', 'mkv', 'avi', 'm4v'].map((e) => [e, 'video']),
  ...['mp3', 'wav', 'ogg', 'oga', 'm4a', 'flac', 'aac', 'opus'].map((e) => [e, 'audio']),
]);

/** image / video / audio for a known media extension, else undefined. */
export function mediaKindOfExtension(ext: string): 'image' | 'video' | 'audio' | undefined {
  return MEDIA_BY_EXTENSION[ext];
}

/** image / video / audio for a media MIME type, parameters allowed (`audio/webm;codecs=opus`), else undefined. */
export function mediaKindOfType(contentType: string): 'image' | 'video' | 'audio' | undefined {
  const top = /^(image|video|audio)\/[\w.+-]+\s*(;[^\r\n]*)?$/i.exec(contentType.trim())?.[1]?.toLowerCase();
  return top as 'image' | 'video' | 'audio' | undefined;
}
