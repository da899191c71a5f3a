import type { Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import '../src/react/styles.css';
import './preview.css';

// One worker for every story; stories pass their handlers in `parameters.msw`. Requests no handler claims
// (Storybook's own modules, object URLs) go to the network untouched.
async function initialize() {
  const worker = setupWorker();
  await worker.start({ quiet: true, onUnhandledFrame: 'bypass' });
  return worker;
}

const preview: Preview = {
  loaders: [mswLoader(initialize)],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
  decorators: [
    (Story) => (
      <div className="sb-frame">
        <Story />
      </div>
    ),
  ],
};

export default preview;
