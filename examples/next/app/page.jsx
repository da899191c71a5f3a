'use client';
// The browser side: the file goes straight to storage; the form then posts only its URL.
import { MediaUploader } from 'media-uploader';
import { useState } from 'react';
import { IMAGE_ACCEPT, IMAGE_MAX_SIZE } from './uploadRules';

export default function Page() {
  const [image, setImage] = useState('');
  return (
    <main>
      <h1>Generate from an image</h1>
      <form action="/api/predict" method="post">
        <label htmlFor="prompt">Prompt</label>
        <input id="prompt" name="prompt" defaultValue="A watercolor of this" />
        <MediaUploader
          name="image"
          presign="/api/uploads/presign"
          accept={IMAGE_ACCEPT}
          maxSize={IMAGE_MAX_SIZE}
          required
          onChange={setImage}
        />
        <p data-testid="image-url">{image}</p>
        <button type="submit">Generate</button>
      </form>
    </main>
  );
}
