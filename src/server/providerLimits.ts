// What each provider's docs say it takes (../shared/providers/), checked by both handlers before it is called. Apart
// from the factories, which hold the key: presignEndpointMock (media-uploader/testing) checks the same limits.
import type { ProviderLimits } from './uploadRules';

export const PROVIDER_LIMITS = {
  // "Max file size: 100 MB per upload"
  eachlabs: { maxSize: 104_857_600 },
  // "size_bytes ... Maximum: 104,857,600 (100 MB)"
  modelroute: { maxSize: 104_857_600 },
  // "Only image/, video/, or audio/ content types are accepted"; "File too large (max 100MB) / (max 10MB)", a per-type
  // cap whose 10 MB is for images (DESIGN.md), read as MiB like modelroute's 104,857,600.
  apimodels: {
    accept: ['image/*', 'video/*', 'audio/*'],
    maxSize: 100 * 1024 * 1024,
    maxSizeByType: { 'image/*': 10 * 1024 * 1024 },
  },
  // "Upload a file (image or video)": no size limit is documented.
  pruna: { accept: ['image/*', 'video/*'] },
} as const satisfies Record<string, ProviderLimits>;
