// Every provider shape through media-uploader/testing's presign endpoint mock: the value the form ends
// with is the one that mock's storage says it stored.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MediaUploader } from '../../src/index';
import { presignEndpointMock } from '../../src/testing/index';
import { pngFile } from './fixtures';
import { renderInForm } from './render';
import { done, stateOf } from './rows';
import { server } from './server';

const providers = ['native', 'eachlabs', 'modelroute', 'apimodels', 'pruna'] as const;

test.each(providers)('%s: the form gets the value of the stored upload', async (provider) => {
  const mock = presignEndpointMock({ provider, path: '/api/presign' });
  server.use(...mock.handlers);
  const { input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" provider={provider} />);
  await userEvent.upload(input, pngFile());
  await done();
  expect(mock.uploads).toHaveLength(1);
  const stored = mock.uploads[0]!;
  expect(stored.size).toBe(2048);
  const value = values();
  expect(value).toHaveLength(1);
  if (provider === 'modelroute') expect(value[0]).toMatch(/^[\w-]+$/);
  else expect(value[0]).toBe(stored.url);
});

test.each(providers)('%s with auto detection', async (provider) => {
  const mock = presignEndpointMock({ provider });
  server.use(...mock.handlers);
  const { input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
  await userEvent.upload(input, pngFile());
  await done();
  expect(values()).toHaveLength(1);
});

test('a storage 403 SignatureDoesNotMatch becomes a clear error in the row', async () => {
  const mock = presignEndpointMock({ provider: 'native', fail: 'upload-403-signature' });
  server.use(...mock.handlers);
  const { input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
  await userEvent.upload(input, pngFile());
  await stateOf('holiday.png', 'error');
  expect(screen.getByText(/signature/i, { selector: '.mu-file-error' })).toBeVisible();
  expect(values()).toEqual([]);
});
