// A Server Component page (no 'use client'): it renders the widget as is, since the package's entry is a client
// module. Props must be serializable here (no onChange, no presign function): a URL and plain options.
import { MediaUploader } from 'media-uploader';
import { IMAGE_ACCEPT, IMAGE_MAX_SIZE } from '../uploadRules';

export default function ServerPage() {
  return (
    <main>
      <h1>Rendered by a Server Component</h1>
      <form action="/api/predict" method="post">
        <MediaUploader name="image" presign="/api/uploads/presign" accept={IMAGE_ACCEPT} maxSize={IMAGE_MAX_SIZE} required />
        <button type="submit">Generate</button>
      </form>
    </main>
  );
}
