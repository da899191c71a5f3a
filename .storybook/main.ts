import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: {
    name: '@storybook/react-vite',
    // The root vite.config.ts builds the library (lib mode, copies styles into dist/): stories get their own.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  // msw's mockServiceWorker.js lives in public/ (`npx msw init public --no-save`); the worker must be served.
  staticDirs: ['../public'],
  // Telemetry would wait ~10 s on a closed network before every build.
  core: { disableTelemetry: true },
  typescript: { reactDocgen: false },
};

export default config;
