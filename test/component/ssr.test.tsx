// @vitest-environment node
// Server rendering: nothing may touch `window` at import or render.
import { renderToString } from 'react-dom/server';
import { MediaUploader, useUpload } from '../../src/index';

function Headless() {
  const { getRootProps, getInputProps, files } = useUpload({ presign: '/api/presign' });
  return (
    <div {...getRootProps()}>
      <input {...getInputProps()} />
      {files.length}
    </div>
  );
}

test('renders to a string in Node, with no window', () => {
  expect(typeof window).toBe('undefined');
  const html = renderToString(
    <form>
      <MediaUploader name="image" presign="/api/presign" required defaultValue="https://cdn.example.com/a.png" />
    </form>,
  );
  expect(html).toContain('role="button"');
  expect(html).toContain('name="image" value="https://cdn.example.com/a.png"');
  expect(html).toContain('Drop files here');
  expect(renderToString(<Headless />)).toContain('type="file"');
});
