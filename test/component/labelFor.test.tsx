// A <label for={id}> of the drop zone does what a file input's label does, and no more: a click on a control inside
// the label (a help link, a tooltip's button, the widget's own buttons when the label holds it) is that control's.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MediaUploader } from '../../src/index';
import { renderInForm } from './render';

test('a click on a link or a button inside the label is theirs: the picker stays shut; a click on the label’s words opens it', async () => {
  const user = userEvent.setup();
  const help = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
  const { input, dropzone } = renderInForm(
    <>
      <label htmlFor="photo">
        Photo <a href="#help" onClick={help}>Which photos work?</a> <button type="button">?</button>
      </label>
      <MediaUploader id="photo" name="image" presign="/api/presign" />
    </>,
  );
  const pick = vi.spyOn(input, 'click').mockImplementation(() => {});
  await user.click(screen.getByRole('link', { name: 'Which photos work?' }));
  await user.click(screen.getByRole('button', { name: '?' }));
  expect(help).toHaveBeenCalledTimes(1);
  expect(pick).not.toHaveBeenCalled();
  expect(dropzone).not.toHaveFocus();

  await user.click(screen.getByText(/Photo/));
  expect(pick).toHaveBeenCalledTimes(1);
  expect(dropzone).toHaveFocus();
});

test('a label that holds the widget: a row’s Remove removes and opens no picker; the drop zone’s click opens it once', async () => {
  const user = userEvent.setup();
  const { input, dropzone, values } = renderInForm(
    <label htmlFor="photo">
      Photo
      <MediaUploader id="photo" name="image" presign="/api/presign" defaultValue="https://cdn.example.com/earlier.png" />
    </label>,
  );
  const pick = vi.spyOn(input, 'click').mockImplementation(() => {});
  await user.click(screen.getByRole('button', { name: /Remove/ }));
  expect(values()).toEqual([]);
  expect(pick).not.toHaveBeenCalled();

  await user.click(dropzone);
  expect(pick).toHaveBeenCalledTimes(1);
});
