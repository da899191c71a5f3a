import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler, StrictMode, useState } from 'react';
import { MediaUploader } from '../../src/index';
import { pngFile } from './fixtures';
import { gate, shapeMock } from './mocks';
import { renderInForm } from './render';
import { report } from './report';
import { done, stateOf } from './rows';
import { server } from './server';

describe('form value', () => {
  test('no input carries the name before a value exists (getAll never returns "")', () => {
    const { form, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" required />);
    expect(values()).toEqual([]);
    expect(form.querySelectorAll('[name="image"]')).toHaveLength(0);
  });

  test('submit is blocked by the browser while an upload is pending, with a message', async () => {
    const held = gate();
    const mock = shapeMock('native', { gate: held.promise });
    server.use(...mock.handlers);
    const onSubmit = vi.fn((event: SubmitEvent) => event.preventDefault());
    const { form, input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    form.addEventListener('submit', onSubmit);
    expect(form.checkValidity()).toBe(true);

    await userEvent.upload(input, pngFile());
    await stateOf('holiday.png', 'presigning');
    expect(form.checkValidity()).toBe(false);
    act(() => form.requestSubmit());
    expect(onSubmit).not.toHaveBeenCalled();
    let valid = true;
    valid = await report(form);
    expect(valid).toBe(false);
    expect(await screen.findByText('Wait for the uploads to finish.')).toBeVisible();
    const invalid = [...form.elements].find((element) => !(element as HTMLInputElement).validity.valid) as HTMLInputElement;
    expect(invalid.validationMessage).toBe('Wait for the uploads to finish.');
    expect(invalid).not.toHaveAttribute('name');
    expect(invalid.tabIndex).toBe(-1);

    held.release();
    await done();
    expect(form.checkValidity()).toBe(true);
    expect(screen.queryByText('Wait for the uploads to finish.')).toBeNull();
    act(() => form.requestSubmit());
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(values()).toEqual([mock.expectedValue]);
  });

  test('a submit right after a replacement is picked, before its row renders, is blocked: never the old value', async () => {
    server.use(...shapeMock('native').handlers);
    const submitted: FormDataEntryValue[][] = [];
    const { form, input } = renderInForm(<MediaUploader name="image" presign="/api/presign" />);
    form.noValidate = true; // as react-hook-form's forms are
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted.push(new FormData(form).getAll('image'));
    });
    fireEvent.change(input, { target: { files: [pngFile('first.png')] } });
    await done('first.png');
    const held = gate();
    server.use(...shapeMock('native', { gate: held.promise }).handlers);
    // The store knows the pick at once; its rows (and the "pending" they carry) are held until its upload is on its way.
    act(() => {
      fireEvent.change(input, { target: { files: [pngFile('second.png')] } });
      form.requestSubmit();
    });
    expect(submitted).toEqual([]);
    held.release();
    await done('second.png');
    act(() => form.requestSubmit());
    expect(submitted).toEqual([['https://cdn.example.com/1-second.png']]);
  });

  test('required blocks an empty submit until a file is uploaded', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { form, input, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" required />);
    expect(form.checkValidity()).toBe(false);
    await report(form);
    expect(await screen.findByText('Choose a file to upload.')).toBeVisible();
    expect(dropzone).toHaveAttribute('aria-invalid', 'true');
    expect(dropzone).toHaveAccessibleDescription('Choose a file to upload. Image, video or audio files, up to 100 MB');

    await userEvent.upload(input, pngFile());
    await done();
    expect(form.checkValidity()).toBe(true);
    expect(dropzone).not.toHaveAttribute('aria-invalid');
  });

  test('focus moves to the drop zone when the browser reports the field invalid', async () => {
    const { form, dropzone } = renderInForm(<MediaUploader name="image" presign="/api/presign" required />);
    const invalid = [...form.elements].find((element) => !(element as HTMLInputElement).validity.valid) as HTMLInputElement;
    // Browsers focus the first invalid control to show its message; jsdom does not, so do what they do.
    await act(async () => invalid.focus());
    expect(dropzone).toHaveFocus();
  });

  test('a controlled value wins, and onChange proposes the uploaded value', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const seen: (string | string[])[] = [];
    function Controlled() {
      const [value, setValue] = useState('https://cdn.example.com/existing.png');
      return (
        <MediaUploader
          name="image"
          presign="/api/presign"
          value={value}
          onChange={(next) => {
            seen.push(next);
            setValue(next as string);
          }}
        />
      );
    }
    const { input, values } = renderInForm(<Controlled />);
    expect(values()).toEqual(['https://cdn.example.com/existing.png']);
    expect(screen.getByText('existing.png')).toBeInTheDocument();

    await userEvent.upload(input, pngFile());
    await done();
    expect(seen).toEqual([mock.expectedValue]);
    expect(values()).toEqual([mock.expectedValue]);
  });

  test('under StrictMode onChange fires once per real change and never on mount (multiple, controlled)', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const seen: (string | string[])[] = [];
    function Controlled() {
      const [value, setValue] = useState<string[]>(['https://cdn.example.com/existing.png']);
      return (
        <MediaUploader
          name="image"
          presign="/api/presign"
          multiple
          value={value}
          onChange={(next) => {
            seen.push(next);
            setValue(next as string[]);
          }}
        />
      );
    }
    const { input, values } = renderInForm(
      <StrictMode>
        <Controlled />
      </StrictMode>,
    );
    expect(seen).toEqual([]);
    await userEvent.upload(input, [pngFile('a.png'), pngFile('b.png')]);
    await done('a.png');
    await done('b.png');
    // The mock numbers keys in presign order, which is not pick order.
    const a = expect.stringMatching(/^https:\/\/cdn\.example\.com\/\d-a\.png$/);
    const b = expect.stringMatching(/^https:\/\/cdn\.example\.com\/\d-b\.png$/);
    const existing = 'https://cdn.example.com/existing.png';
    // Values in pick order whatever the finish order; one call per file that finished.
    expect(seen.at(-1)).toEqual([existing, a, b]);
    // One call per change: at most one per finished file, never the same value twice in a row.
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(seen.every((value, i) => i === 0 || JSON.stringify(value) !== JSON.stringify(seen[i - 1]))).toBe(true);
    const before = seen.length;
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(seen).toHaveLength(before + 1);
    expect(seen.at(-1)).toEqual([existing, b]);
    expect(values()).toEqual([existing, b]);
  });

  test.each([true, false])(
    'a controlled value the app resets (multiple: %s) takes the done files out: no row, and the next upload proposes only its own value',
    async (multiple) => {
      const mock = shapeMock('native');
      server.use(...mock.handlers);
      const seen: (string | string[])[] = [];
      function Controlled() {
        const [value, setValue] = useState<string | string[]>(multiple ? [] : '');
        return (
          <>
            <MediaUploader
              name="image"
              presign="/api/presign"
              multiple={multiple}
              value={value}
              onChange={(next) => {
                seen.push(next);
                setValue(next);
              }}
            />
            {/* What react-hook-form's reset() does to a Controller's value. */}
            <button type="button" onClick={() => setValue(multiple ? [] : '')}>
              Reset
            </button>
          </>
        );
      }
      const { input, values } = renderInForm(<Controlled />);
      await userEvent.upload(input, pngFile('a.png'));
      await done('a.png');
      expect(values()).toEqual([expect.stringMatching(/-a\.png$/)]);

      await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
      expect(values()).toEqual([]);
      expect(screen.queryByText('a.png')).toBeNull();
      const calls = seen.length;

      await userEvent.upload(input, pngFile('b.png'));
      await done('b.png');
      const b = expect.stringMatching(/-b\.png$/);
      expect(seen.slice(calls)).toEqual([multiple ? [b] : b]);
      expect(values()).toEqual([b]);
    },
  );

  test('a controlled value that the parent does not change stays the value', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const onChange = vi.fn();
    const { input, values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" value="file_fixed" onChange={onChange} />,
    );
    await userEvent.upload(input, pngFile());
    await done();
    expect(onChange).toHaveBeenCalledWith(mock.expectedValue);
    expect(values()).toEqual(['file_fixed']);
  });

  test('a controlled value the parent keeps after a Remove is still shown, as the form still submits it', async () => {
    const onChange = vi.fn();
    const kept = ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'];
    const { values } = renderInForm(<MediaUploader name="image" presign="/api/presign" value={kept} onChange={onChange} multiple />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(onChange).toHaveBeenCalledWith(['https://cdn.example.com/b.png']);
    expect(values()).toEqual(kept);
    expect(screen.getByRole('button', { name: 'Remove a.png' })).toBeVisible();
  });

  test('a Remove of a value the parent kept is proposed again: a parent that said no once (a confirm) may say yes', async () => {
    const onChange = vi.fn();
    function Parent() {
      const [value, setValue] = useState<string[]>(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']);
      // The first change is refused (the user canceled a confirmation), the next one taken.
      const change = (next: string | string[]) => {
        onChange(next);
        if (onChange.mock.calls.length > 1) setValue(next as string[]);
      };
      return <MediaUploader name="image" presign="/api/presign" value={value} onChange={change} multiple />;
    }
    const { values } = renderInForm(<Parent />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(values()).toEqual(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(onChange.mock.calls).toEqual([[['https://cdn.example.com/b.png']], [['https://cdn.example.com/b.png']]]);
    expect(values()).toEqual(['https://cdn.example.com/b.png']);
  });

  test('a controlled value the parent takes from onChange drops the removed row in the same commit', async () => {
    const commits: string[][] = [];
    function Parent() {
      const [value, setValue] = useState<string[]>(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']);
      return (
        <Profiler id="field" onRender={() => commits.push([...document.querySelectorAll('.mu-file')].map((row) => row.textContent ?? ''))}>
          <MediaUploader name="image" presign="/api/presign" value={value} onChange={(next) => setValue(next as string[])} multiple />
        </Profiler>
      );
    }
    const { values } = renderInForm(<Parent />);
    commits.length = 0;
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(values()).toEqual(['https://cdn.example.com/b.png']);
    expect(commits.length).toBeGreaterThan(0);
    // Never a commit that showed a.png again after the click.
    expect(commits.every((rows) => rows.length === 1 && !rows[0]!.includes('a.png'))).toBe(true);
  });

  test('a form reset empties the field as it empties the other fields, and onChange hears it', async () => {
    server.use(...shapeMock('native').handlers);
    const onChange = vi.fn();
    const { form, input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" multiple onChange={onChange} />);
    fireEvent.change(input, { target: { files: [pngFile('holiday.png')] } });
    await done('holiday.png');
    expect(values()).toEqual(['https://cdn.example.com/1-holiday.png']);
    act(() => form.reset());
    expect(values()).toEqual([]);
    expect(document.querySelectorAll('.mu-file')).toHaveLength(0);
    expect(onChange.mock.calls).toEqual([[['https://cdn.example.com/1-holiday.png']], [[]]]);
  });

  test('a form reset goes back to defaultValue, and aborts a running upload', async () => {
    const held = gate();
    server.use(...shapeMock('native', { gate: held.promise }).handlers);
    const seeded = renderInForm(<MediaUploader name="avatar" presign="/api/presign" defaultValue="https://cdn.example.com/a.png" />);
    fireEvent.change(seeded.input, { target: { files: [pngFile('new.png')] } });
    await stateOf('new.png', 'presigning');
    act(() => seeded.form.reset());
    held.release();
    expect(seeded.values('avatar')).toEqual(['https://cdn.example.com/a.png']);
    expect(screen.queryByText('new.png')).toBeNull();
  });

  test('a form reset leaves a controlled value to the app', async () => {
    server.use(...shapeMock('native').handlers);
    const { form, input, values } = renderInForm(<MediaUploader name="image" presign="/api/presign" value="file_fixed" onChange={() => {}} />);
    fireEvent.change(input, { target: { files: [pngFile('holiday.png')] } });
    await done('holiday.png');
    const rows = [...document.querySelectorAll('.mu-file')];
    act(() => form.reset());
    expect(values()).toEqual(['file_fixed']);
    expect([...document.querySelectorAll('.mu-file')]).toEqual(rows);
  });

  test('a value that holds the same URL twice renders two rows without a duplicate-key warning', () => {
    const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
    const twice = ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'];
    const { values } = renderInForm(<MediaUploader name="image" presign="/api/presign" defaultValue={twice} multiple />);
    expect(values()).toEqual(twice);
    expect(screen.getAllByRole('button', { name: 'Remove a.png' })).toHaveLength(2);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('a Remove of one of two rows of the same value removes that one only', async () => {
    const onChange = vi.fn();
    const twice = ['https://cdn.example.com/a.png', 'https://cdn.example.com/a.png'];
    const { values } = renderInForm(<MediaUploader name="image" presign="/api/presign" defaultValue={twice} multiple onChange={onChange} />);
    await userEvent.click(screen.getAllByRole('button', { name: 'Remove a.png' })[1]!);
    expect(values()).toEqual(['https://cdn.example.com/a.png']);
    expect(screen.getAllByRole('button', { name: 'Remove a.png' })).toHaveLength(1);
    expect(onChange).toHaveBeenCalledWith(['https://cdn.example.com/a.png']);
  });

  test('defaultValue seeds the field and can be removed', async () => {
    const onChange = vi.fn();
    const { values } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" defaultValue={['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']} multiple onChange={onChange} />,
    );
    expect(values()).toEqual(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png']);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(values()).toEqual(['https://cdn.example.com/b.png']);
    expect(onChange).toHaveBeenCalledWith(['https://cdn.example.com/b.png']);
  });

  test('disabled: no picker, no upload, and the field is not validated', async () => {
    const mock = shapeMock('native');
    server.use(...mock.handlers);
    const { form, input, dropzone } = renderInForm(
      <MediaUploader name="image" presign="/api/presign" disabled required />,
    );
    expect(dropzone).toHaveAttribute('aria-disabled', 'true');
    expect(dropzone).not.toHaveAttribute('tabindex');
    expect(form.checkValidity()).toBe(true);
    await userEvent.upload(input, pngFile());
    await waitFor(() => expect(screen.queryByText('holiday.png')).toBeNull());
    expect(mock.calls).toEqual([]);
  });
});

test('the invalid message hides once valid and waits for the next report before showing again', async () => {
  const held = gate();
  const mock = shapeMock('native', { gate: held.promise });
  server.use(...mock.handlers);
  const { form, input } = renderInForm(<MediaUploader name="image" presign="/api/presign" required multiple />);
  await report(form);
  expect(await screen.findByText('Choose a file to upload.')).toBeVisible();
  await userEvent.upload(input, pngFile('one.png'));
  held.release();
  await done('one.png');
  expect(screen.queryByText('Choose a file to upload.')).toBeNull();
  expect(screen.queryByText('Wait for the uploads to finish.')).toBeNull();
});

test('an option the app stops passing is unset in the uploader', async () => {
  const mock = shapeMock('native');
  server.use(...mock.handlers);
  const onUploaded = vi.fn();
  const { input, rerender } = renderInForm(<MediaUploader name="image" presign="/api/presign" multiple onUploaded={onUploaded} />);
  await userEvent.upload(input, pngFile('one.png'));
  await done('one.png');
  expect(onUploaded).toHaveBeenCalledTimes(1);
  rerender(
    <form aria-label="Prediction">
      <MediaUploader name="image" presign="/api/presign" multiple />
    </form>,
  );
  await userEvent.upload(input, pngFile('two.png'));
  await done('two.png');
  expect(onUploaded).toHaveBeenCalledTimes(1);
});

test('a pending submit is blocked on the form the uploader is in now, not the one it was first rendered in', async () => {
  const held = gate();
  const mock = shapeMock('native', { gate: held.promise });
  server.use(...mock.handlers);
  // noValidate forms (form libraries): only the uploader's own submit listener can block them.
  const [first, second] = [document.createElement('form'), document.createElement('form')];
  first.noValidate = second.noValidate = true;
  const host = document.createElement('div');
  first.append(host);
  document.body.append(first, second);
  try {
    const { container } = render(<MediaUploader name="image" presign="/api/presign" />, { container: host });
    // A dialog or layout library moves the content into another form: the uploader is not remounted.
    second.append(host);
    const submitted = vi.fn((event: SubmitEvent) => event.preventDefault());
    first.addEventListener('submit', submitted);
    second.addEventListener('submit', submitted);
    await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, pngFile());
    await stateOf('holiday.png', 'presigning');
    act(() => second.requestSubmit());
    expect(submitted).not.toHaveBeenCalled();
    act(() => first.requestSubmit()); // no uploader in it any more
    expect(submitted.mock.calls.map(([event]) => event.target)).toEqual([first]);
    held.release();
    await done();
    act(() => second.requestSubmit());
    expect(submitted.mock.calls.map(([event]) => event.target)).toEqual([first, second]);
    expect(new FormData(second).getAll('image')).toEqual([mock.expectedValue]);
  } finally {
    first.remove();
    second.remove();
  }
});
