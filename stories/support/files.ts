// Real media bytes for stories, made in the browser: a PNG drawn on a canvas, a WAV tone, an MP4-tagged blob.
// Type sniffing reads the first bytes, so each file starts with its format's real signature.

/** A PNG with a soft gradient and a sun, so previews look like a photo rather than a blank box. */
export async function imageFile(name = 'sunset.png', { width = 320, height = 200, hue = 18 } = {}): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const sky = ctx.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, `hsl(${hue + 200} 60% 35%)`);
  sky.addColorStop(0.6, `hsl(${hue} 85% 62%)`);
  sky.addColorStop(1, `hsl(${hue + 20} 90% 75%)`);
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = `hsl(${hue + 30} 100% 85%)`;
  ctx.beginPath();
  ctx.arc(width * 0.68, height * 0.62, height * 0.16, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = `hsl(${hue + 220} 35% 18%)`;
  ctx.fillRect(0, height * 0.78, width, height * 0.22);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob failed'))), 'image/png'),
  );
  return new File([blob], name, { type: 'image/png' });
}

/** A mono 16-bit WAV tone: playable, so the audio preview shows a real duration. */
export function audioFile(name = 'voice-note.wav', seconds = 2, frequency = 440): File {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const buffer = new ArrayBuffer(44 + samples * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / 400, (samples - i) / 400);
    view.setInt16(44 + i * 2, Math.sin((2 * Math.PI * frequency * i) / rate) * 12000 * fade, true);
  }
  return new File([buffer], name, { type: 'audio/wav' });
}

/** Bytes that sniff as MP4 (an `ftyp` box); not a playable video, which stories do not need. */
export function videoFile(name = 'clip.mp4', size = 2_400_000): File {
  const bytes = new Uint8Array(size);
  bytes.set([0, 0, 0, 0x18, ...[...'ftypisom'].map((c) => c.charCodeAt(0)), 0, 0, 2, 0]);
  return new File([bytes], name, { type: 'video/mp4' });
}

/** A PNG-signed file of any size, for the size limit. */
export function largePng(name = 'poster.png', size = 3 * 1024 * 1024): File {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([bytes], name, { type: 'image/png' });
}

export function textFile(name = 'notes.txt'): File {
  return new File(['Meeting notes: ship the uploader.\n'], name, { type: 'text/plain' });
}
