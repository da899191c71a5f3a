// Set by scripts/start.mjs (Vite `define`): which presign backend the demo server runs.
declare const __DEMO_PROVIDER__: 'local-s3' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna';

// Vite serves `media-uploader` from src/index.ts (an alias in scripts/start.mjs). Until tsconfig.json maps the
// name too (`paths`), this tells TypeScript the same thing for the names the demo uses.
declare module 'media-uploader' {
  export const MediaUploader: typeof import('../src/index').MediaUploader;
  export type Labels = import('../src/index').Labels;
}

declare module 'media-uploader/styles.css';
declare module '*.css';
