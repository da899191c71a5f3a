import type { Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { configure } from 'storybook/test';
import '../src/react/styles.css';
import './preview.css';

// One worker for every story; stories pass their handlers in `parameters.msw`. Requests no handler claims
// (Storybook's own modules, object URLs) go to the network untouched.
async function initialize() {
  const worker = setupWorker();
  await worker.start({ quiet: true, onUnhandledFrame: 'bypass' });
  return worker;
}

// findBy* and waitFor give up after this long: stories run several at a time on busy 2-core machines, where a
// state can take seconds to show. A passing query returns as soon as it matches.
configure({ asyncUtilTimeout: 20_000 });

type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];
type Docgen = { __docgenInfo?: { props?: Record<string, { description?: string }> } };

/** Storybook drops JSDoc tags from descriptions: put each prop's `@default` in the table's Default column. */
const defaultsFromJsDoc: ArgTypesEnhancer = ({ component, argTypes }) => {
  const props = (component as Docgen | undefined)?.__docgenInfo?.props ?? {};
  return Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      const summary = /@default\s+([^\n]+)/.exec(props[name]?.description ?? '')?.[1]?.trim();
      if (!summary || argType.table?.defaultValue) return [name, argType];
      return [name, { ...argType, table: { ...argType.table, defaultValue: { summary } } }];
    }),
  );
};

const preview: Preview = {
  loaders: [mswLoader(initialize)],
  argTypesEnhancers: [defaultsFromJsDoc],
  // Test seams, never props an app should set: kept out of the tables and controls whatever the types say.
  argTypes: {
    createXhr: { table: { disable: true } },
    scheduleFrame: { table: { disable: true } },
    batch: { table: { disable: true } },
  },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Every story is checked by axe once its play function is done; a violation fails the story.
    a11y: { test: 'error' },
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
