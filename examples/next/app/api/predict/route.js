// POST /api/predict: the form arrives with the image's public URL (never the file); this is the prediction
// body an app would send to its model provider, answered back here so the page can show it.
export async function POST(request) {
  const form = await request.formData();
  const image = form.get('image');
  if (!isUploadUrl(image)) {
    return Response.json({ error: { code: 'invalid-image', message: 'Upload an image first.' } }, { status: 400 });
  }
  return Response.json({ model: 'flux-1-1-pro', version: '1.0.0', input: { image, prompt: form.get('prompt') ?? '' } });
}

/**
 * The browser chooses what it posts: forward only URLs inside the bucket's public folder. A plain prefix test
 * would pass `https://b.s3.amazonaws.com.attacker.example/…`, a sibling bucket, or `…/uploads/../private/…`.
 */
function isUploadUrl(value) {
  const base = process.env.S3_PUBLIC_BASE_URL;
  if (typeof value !== 'string' || !base || !URL.canParse(value)) return false;
  const { href } = new URL(value); // resolves `..` and `%2e%2e` the way the model's fetch would
  // The base written as URLs are (a host in capitals, a default port): else every real upload would be refused.
  return href === value && href.startsWith(new URL(`${base.replace(/\/+$/, '')}/`).href);
}
