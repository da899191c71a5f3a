import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: {
    name: '@storybook/react-vite',
    // The root vite.config.ts builds the library (lib mode, copies styles into dist/): stories get their own.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  // axe runs after every story's play function (preview.tsx makes a violation fail the story).
  addons: ['@storybook/addon-a11y'],
  // msw's mockServiceWorker.js lives in public/ (`npx msw init public --no-save`); the worker must be served.
  staticDirs: ['../public'],
  // Telemetry would wait ~10 s on a closed network before every build.
  core: { disableTelemetry: true },
  // Prop tables from the JSDoc. react-docgen (Babel) follows `extends UploadOptions` into src/core/types.ts;
  // react-docgen-typescript needs TypeScript's JS API, which TypeScript 7 (this repo's compiler) no longer has.
  typescript: { reactDocgen: 'react-docgen' },
};

export default config;
