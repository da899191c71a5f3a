// POST /api/predict: the form arrives with the image's public URL (never the file); this is the prediction
// body an app would send to its model provider, answered back here so the page can show it.
export async function POST(request) {
  const form = await request.formData();
  const image = form.get('image');
  if (typeof image !== 'string' || !image.startsWith(process.env.S3_PUBLIC_BASE_URL ?? 'https://')) {
    return Response.json({ error: { code: 'invalid-image', message: 'Upload an image first.' } }, { status: 400 });
  }
  return Response.json({ model: 'flux-1-1-pro', version: '1.0.0', input: { image, prompt: form.get('prompt') ?? '' } });
}
