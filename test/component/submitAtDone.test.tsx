// A submit in the moment between storage confirming an upload and the widget rendering its value (the store hears
// "done" at once, React renders it at the next frame, or later for a widget <Activity> hides): the form must not go
// without the value, nor be refused. It waits for the value to be rendered and is made again, as the user made it.
import { waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MediaUploader } from '../../src/index';
import { pngFile } from './fixtures';
import { shapeMock } from './mocks';
import { renderInForm } from './render';
import { server } from './server';

test.each([
  ['validated by the browser', false],
  ['with noValidate', true],
])('a form %s submitted as the upload is confirmed sends the value, once', async (_, noValidate) => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  const submitted: FormDataEntryValue[][] = [];
  let form!: HTMLFormElement;
  // onUploaded runs as the store records the upload done, before any render: the user's click at that instant.
  const utils = renderInForm(<MediaUploader name="image" presign="/api/presign" onUploaded={() => form.requestSubmit()} />);
  form = utils.form;
  form.noValidate = noValidate;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitted.push(new FormData(form).getAll('image'));
  });
  await userEvent.upload(utils.input, pngFile());
  await waitFor(() => expect(submitted).toHaveLength(1));
  expect(submitted).toEqual([[mock.expectedValue]]);
});
