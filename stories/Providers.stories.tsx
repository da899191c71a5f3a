// A finished upload through each presign response shape the browser understands. The msw mocks answer the
// way each provider's docs show; the form value is what that provider's model API takes as input.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { MediaUploader } from '../src/index';
import { presignEndpointMock } from '../src/testing/index';
import { pickFiles } from './support/dom';
import { imageFile } from './support/files';

type ProviderShape = 'native' | 'eachlabs' | 'modelroute' | 'apimodels' | 'pruna';

const meta = {
  title: 'MediaUploader/Done per provider',
  component: MediaUploader,
  args: { name: 'image', presign: '/api/presign', accept: 'image/*' },
} satisfies Meta<typeof MediaUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A story that uploads one PNG through `provider`'s response shape and checks the form value. */
function doneWith(provider: ProviderShape, value: RegExp): Story {
  const mock = presignEndpointMock({ provider });
  return {
    args: { provider },
    parameters: { msw: mock.handlers },
    beforeEach: () => mock.reset(),
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      pickFiles(canvasElement, [await imageFile(`${provider}.png`)]);
      await canvas.findByText('Uploaded');
      const input = canvasElement.querySelector<HTMLInputElement>('input[name="image"]');
      await expect(input?.value).toMatch(value);
      await expect(mock.uploads).toHaveLength(1);
      await expect(mock.uploads[0]?.contentType).toBe('image/png');
    },
  };
}

export const Native = doneWith('native', /^https:\/\//);
export const Eachlabs = doneWith('eachlabs', /^https:\/\//);
// modelroute's model API takes a file id, not a URL.
export const Modelroute = doneWith('modelroute', /^(?!https?:)\S+$/);
export const Apimodels = doneWith('apimodels', /^https:\/\//);
// pruna takes multipart only: the browser posts to the app's proxy, the value is the file's `urls.get`.
export const Pruna = doneWith('pruna', /^https:\/\//);
