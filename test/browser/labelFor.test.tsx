// A <label for={id}> of the drop zone, as the browser treats a label of a labelable control: a click the app prevents
// opens nothing, a stopped one still opens the picker, and a label the app renders later (conditionally, in a portal)
// opens it at once, whether the widget renders again or not (its name joins the zone's at the widget's next render).
import '@testing-library/jest-dom/vitest';
import { render, screen } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { createPortal } from 'react-dom';
import { expect, test, vi } from 'vitest';
import { page, server, userEvent } from 'vitest/browser';
import { MediaUploader } from '../../src/index';
import { chromiumButtonNames } from './chromiumButtonNames';
import { freshStorageEachTest, presignVia, realBrowserUpdates } from './fixtures';

realBrowserUpdates();
freshStorageEachTest();
const LABEL = 'Drop files here, paste, or press to choose';

/** The widget in a form, its picker spied on (and kept shut), and how many times the widget committed. */
function renderWidget(before: React.ReactNode) {
  let commits = 0;
  const { container } = render(
    <form aria-label="Prediction">
      {before}
      <Profiler id="widget" onRender={() => commits++}>
        <MediaUploader id="photo" name="image" presign={presignVia('native')} />
      </Profiler>
    </form>,
  );
  const input = container.querySelector<HTMLInputElement>('input[type=file]')!;
  // The user's activation as the picker is asked for: without it, a browser opens no picker.
  const activeAtPick: boolean[] = [];
  const pick = vi.spyOn(input, 'click').mockImplementation(() => void activeAtPick.push(navigator.userActivation?.isActive ?? true));
  const dropzone = container.querySelector<HTMLElement>('[data-mu-dropzone]')!;
  return { dropzone, input, pick, activeAtPick, commits: () => commits };
}

/** The drop zone's name as Playwright and testing-library read it (and Chromium's own tree, in Chromium). */
async function expectNamed(dropzone: HTMLElement, name: string) {
  expect(page.getByRole('button', { name, exact: true }).element()).toBe(dropzone);
  expect(screen.getByRole('button', { name })).toBe(dropzone);
  if (server.browser === 'chromium') expect(await chromiumButtonNames()).toContain(name);
}

test('a label click the app prevents (its React onClick, or a listener of its own) opens no picker; a stopped one still opens it', async () => {
  const { dropzone, pick, activeAtPick } = renderWidget(
    <>
      {/* An app that handles the click itself (a tooltip on the label, a "pick from the library" menu). */}
      <label htmlFor="photo" onClick={(event) => event.preventDefault()}>
        Photo
      </label>
      <label htmlFor="photo" data-testid="native">
        Reference
      </label>
      {/* A label inside a clickable card stops the click from toggling the card: a label's control still activates. */}
      <label htmlFor="photo" onClick={(event) => event.stopPropagation()}>
        Image
      </label>
      <label htmlFor="photo">Input</label>
    </>,
  );
  // Added once the page is up, as an app's own effect or script does: after the widget's.
  screen.getByTestId('native').addEventListener('click', (event) => event.preventDefault());

  await userEvent.click(screen.getByText('Photo'));
  await userEvent.click(screen.getByText('Reference'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(pick).not.toHaveBeenCalled();
  expect(dropzone).not.toHaveFocus();

  await userEvent.click(screen.getByText('Image'));
  await vi.waitFor(() => expect(pick).toHaveBeenCalledTimes(1));
  await userEvent.click(screen.getByText('Input'));
  await vi.waitFor(() => expect(pick).toHaveBeenCalledTimes(2));
  expect(dropzone).toHaveFocus();
  expect(activeAtPick).toEqual([true, true]);
  // The drop zone's own click still opens it once.
  await userEvent.click(dropzone);
  expect(pick).toHaveBeenCalledTimes(3);
});

/** A label the app shows later, by its own state: the widget does not render for it. */
function LateLabel({ into, text }: { into?: HTMLElement; text: string }) {
  const [shown, setShown] = useState(false);
  const label = <label htmlFor="photo">{text}</label>;
  return (
    <>
      <button type="button" onClick={() => setShown(true)}>
        Show {text}
      </button>
      {shown && (into ? createPortal(label, into) : label)}
    </>
  );
}

test('a label rendered after the widget (conditionally, or in a portal) opens the picker at once, without a render of the widget', async () => {
  const { dropzone, pick, activeAtPick, commits } = renderWidget(
    <>
      <LateLabel text="Photo" />
      <LateLabel text="Reference" into={document.body} />
    </>,
  );
  await expectNamed(dropzone, LABEL);
  const before = commits();

  await userEvent.click(screen.getByRole('button', { name: 'Show Photo' }));
  await userEvent.click(screen.getByText('Photo'));
  await vi.waitFor(() => expect(pick).toHaveBeenCalledTimes(1));
  expect(dropzone).toHaveFocus();

  await userEvent.click(screen.getByRole('button', { name: 'Show Reference' }));
  await userEvent.click(screen.getByText('Reference'));
  await vi.waitFor(() => expect(pick).toHaveBeenCalledTimes(2));
  expect(activeAtPick).toEqual([true, true]);
  // What the test is about: none of this waited for the widget to render.
  expect(commits()).toBe(before);
});
