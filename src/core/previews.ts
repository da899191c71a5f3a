// A file's preview URL: made when first read, freed when the file goes.
import { isRejection } from './errors';
import type { FileRecord } from './reducer';
import { fileTypeOf } from './sniff';

export type Previews = ReturnType<typeof createPreviews>;

/**
 * Object URLs for media previews, one per file, of what is sent (the prepared file once there is one). A URL is made
 * when an entry's `previewUrl` is first read, so an app that never shows one pays nothing (each is a synchronous call
 * into the browser); it is freed when the file goes, or when its prepared file replaces the picked one. None for a
 * refused file, other types, or where the platform has no object URLs.
 */
export function createPreviews() {
  const made = new Map<string, { blob: Blob; url: string | null }>();
  const revoke = (url: string | null | undefined) => url && URL.revokeObjectURL(url);
  return {
    /** `current`: the record is the file's latest; an older one (a stale entry, a removed file) makes no URL. */
    urlOf(record: FileRecord, current: boolean): string | null {
      if (!record.checked || isRejection(record.error) || fileTypeOf(record.type) === 'other') return null;
      const known = made.get(record.id);
      if (known?.blob === record.upload) return known.url;
      if (!current) return null;
      revoke(known?.url);
      let url: string | null = null;
      try {
        url = URL.createObjectURL(record.upload);
      } catch {
        // A server render or a worker without object URLs: no preview.
      }
      made.set(record.id, { blob: record.upload, url });
      return url;
    },
    forget(id: string): void {
      revoke(made.get(id)?.url);
      made.delete(id);
    },
  };
}
