// Set by scripts/start.mjs (Vite `define`): which presign backend the demo server runs.
declare const __DEMO_PROVIDER__: 'local-s3' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna';

declare module 'media-uploader/styles.css';
declare module '*.css';
