#!/usr/bin/env node
// `node test/bench/media.mjs`: what media preparation costs. (1) The gzip size each module adds, bundled and
// minified with esbuild as an app's bundler would. (2) How long preparing a 12 MP camera JPEG (4000×3000, EXIF GPS
// block) takes in headless Debian Chromium: strip only, strip + resize to 2048 px, and the dimension check (an <img> reads the header, no decode).
// Figures, not pass/fail. MEDIA_BENCH_RUNS=n sets the rounds (default 7).
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { launchChromium } from './launchChromium.mjs';

const root = join(import.meta.dirname, '../..');
const runs = Math.max(1, Number(process.env.MEDIA_BENCH_RUNS ?? 7));

async function bundle(entry, external = []) {
  const result = await build({ entryPoints: [join(root, entry)], bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, external, logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzip: gzipSync(code).length };
}

console.log('size (esbuild, minified): alone, and beyond what the main entry already holds (errors, sniff, accept, createUploader)');
const core = ['*/createUploader', '*/sniff', '*/errors', '*/accept', '*/types'];
for (const [entry, label] of [
  ['src/core/media/prepareFile.ts', 'prepareFile (strip + resize + transform)'],
  ['src/core/media/checkConstraints.ts', 'checkConstraints'],
  ['src/core/media/describeChanges.ts', 'describeChanges'],
  ['src/core/uploadInput.ts', 'uploadInput'],
]) {
  const alone = entry.endsWith('uploadInput.ts') ? null : await bundle(entry);
  const beyond = await bundle(entry, core);
  const aloneText = alone ? `${String(alone.bytes).padStart(6)} B, gzip ${String(alone.gzip).padStart(5)} B` : '(needs createUploader)'.padEnd(25);
  console.log(`  ${label.padEnd(42)} alone ${aloneText}   beyond ${String(beyond.bytes).padStart(6)} B, gzip ${String(beyond.gzip).padStart(5)} B`);
}

const page = (
  await build({
    stdin: {
      contents: `
        import { prepareFile } from './src/core/media/prepareFile';
        import { checkConstraints } from './src/core/media/checkConstraints';
        import { exifSegment, insertIntoJpeg, phoneTiff } from './test/unit/media/mediaBytes';
        window.mediaBench = { prepareFile, checkConstraints, exifSegment, insertIntoJpeg, phoneTiff };`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
).outputFiles[0].text;

// The same driver as npm run bench (launchChromium.mjs: no DevTools network recording of the blob: loads).
const browser = await launchChromium();
try {
  const tab = browser.page;
  // An error in the page fails the bench: figures from a run that went wrong would be printed as if it had not.
  const errors = [];
  tab.onError((message) => errors.push(message));
  await tab.evaluate(page);
  const measure = async (runs) => {
    const { prepareFile, checkConstraints, exifSegment, insertIntoJpeg, phoneTiff } = window.mediaBench;
    // A camera-like frame: gradient plus sensor-like noise, so the JPEG weighs what a phone's does.
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext('2d');
    const gradient = context.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, '#1d4ed8');
    gradient.addColorStop(1, '#f59e0b');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 4000, 3000);
    const noise = context.getImageData(0, 0, 4000, 3000);
    let seed = 1;
    for (let i = 0; i < noise.data.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      if ((i & 3) !== 3) noise.data[i] = noise.data[i] + (seed & 31) - 16;
    }
    context.putImageData(noise, 0, 0);
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
    const file = new File([insertIntoJpeg(jpeg, exifSegment(phoneTiff().bytes))], 'IMG_0001.jpg', { type: 'image/jpeg' });
    const signal = new AbortController().signal;
    const time = async (work) => {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await work();
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1) };
    };
    let resized;
    return {
      size: file.size,
      userAgent: navigator.userAgent,
      strip: await time(() => prepareFile(file, 'image/jpeg', undefined, signal)),
      // The stripped Blob is lazy (slices of the original): reading it is what the upload will pay.
      stripAndRead: await time(async () => (await prepareFile(file, 'image/jpeg', undefined, signal)).file.arrayBuffer()),
      resize: await time(async () => (resized = await prepareFile(file, 'image/jpeg', { resizeImage: { maxWidth: 2048, maxHeight: 2048 } }, signal))),
      resizedSize: resized.file.size,
      check: await time(() => checkConstraints(file, 'image/jpeg', { image: { minWidth: 512, minHeight: 512 } }, signal)),
    };
  };
  const result = await tab.evaluate(`(${measure})(${runs})`);
  if (errors.length) throw new Error(`${errors.length} error(s) in the page:\n${errors.join('\n')}`);
  const ms = (t) => `median ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
  console.log(`\n12 MP JPEG, 4000×3000, ${(result.size / 1048576).toFixed(1)} MB with an EXIF GPS block; ${runs} runs each`);
  console.log(`  ${/Chrome\/[\d.]+/.exec(result.userAgent)?.[0]}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
  console.log(`  strip location                              ${ms(result.strip)}`);
  console.log(`  strip location + read the prepared bytes    ${ms(result.stripAndRead)}`);
  console.log(`  strip + resize to 2048×1536 (JPEG 0.9)      ${ms(result.resize)}  → ${(result.resizedSize / 1048576).toFixed(2)} MB`);
  console.log(`  checkConstraints (image dimensions)        ${ms(result.check)}`);
} finally {
  await browser.close();
}
