// The models the demo form offers. Each declares which media inputs it takes; the form shows only those, checked
// and prepared as that model wants them (size, length), before anything is uploaded.
import type { MediaConstraints, PrepareOptions } from 'media-uploader';

export type MediaKind = 'image' | 'video' | 'audio';

export interface MediaInput {
  label: string;
  required: boolean;
  /** What the model accepts, checked on the decoded media in the browser. */
  constraints?: MediaConstraints;
  /** How the file is made ready for the model before upload (location data is removed by default). */
  prepare?: PrepareOptions;
  /** The model's requirements in words, after the field's accepted formats. */
  needs?: string;
}

export interface Model {
  id: string;
  version: string;
  label: string;
  task: string;
  description: string;
  prompt: { label: string; placeholder: string; required: boolean } | null;
  media: Partial<Record<MediaKind, MediaInput>>;
  /** Fixed, model-specific inputs sent along with the prompt and the media URLs. */
  defaults: Record<string, string | number | boolean>;
}

export const MODELS: readonly Model[] = [
  {
    id: 'flux-1-1-pro',
    version: '1.0.0',
    label: 'FLUX1.1 [pro]',
    task: 'Image to image',
    description: 'Restyles a reference image following the prompt.',
    prompt: { label: 'Prompt', placeholder: 'A watercolor of this scene at golden hour', required: true },
    media: {
      image: {
        label: 'Reference image',
        required: true,
        constraints: { image: { minWidth: 512, minHeight: 512 } },
        prepare: { resizeImage: { maxWidth: 2048, maxHeight: 2048 } },
        needs: 'at least 512×512 px; larger ones are scaled down to 2048 px',
      },
    },
    defaults: { aspect_ratio: '1:1', output_format: 'png', prompt_upsampling: false },
  },
  {
    id: 'kling-v2-1-image-to-video',
    version: '2.1.0',
    label: 'Kling 2.1',
    task: 'Image to video',
    description: 'Animates a still image into a 5 second clip.',
    prompt: { label: 'Motion prompt', placeholder: 'Slow dolly-in, leaves drifting in the wind', required: true },
    media: { image: { label: 'First frame', required: true } },
    defaults: { duration: 5, mode: 'standard' },
  },
  {
    id: 'latentsync',
    version: '1.0.0',
    label: 'LatentSync',
    task: 'Lip sync',
    description: 'Re-times the lips in a video to match a voice track.',
    prompt: null,
    media: {
      video: { label: 'Video of a face', required: true },
      audio: { label: 'Voice track', required: true },
    },
    defaults: { guidance_scale: 1.5 },
  },
  {
    id: 'whisper-large-v3',
    version: '3.0.0',
    label: 'Whisper large v3',
    task: 'Speech to text',
    description: 'Transcribes speech; the optional prompt carries names and spellings.',
    prompt: { label: 'Context (optional)', placeholder: 'Speakers: Ada, Grace. Topic: compilers.', required: false },
    media: {
      audio: { label: 'Recording', required: true, constraints: { audio: { maxDuration: 30 } }, needs: 'at most 30 seconds' },
    },
    defaults: { language: 'auto', timestamps: 'segment' },
  },
];

const MB = 1024 * 1024;

interface FieldRule {
  accept: string;
  maxSize: number;
  /** The accepted formats in words. */
  formats: string;
}

/** What each media field accepts, in MIME types and in words; the presign route checks again on the server. */
const FIELD_RULES: Record<MediaKind, FieldRule> = {
  image: { accept: 'image/png,image/jpeg,image/webp', maxSize: 20 * MB, formats: 'PNG, JPEG or WebP' },
  video: { accept: 'video/mp4,video/webm,video/quicktime', maxSize: 100 * MB, formats: 'MP4, WebM or MOV' },
  audio: {
    accept: 'audio/mpeg,audio/wav,audio/x-wav,audio/mp4,audio/ogg,audio/webm,.m4a',
    maxSize: 50 * MB,
    // WebM is what Chromium and Firefox record: a voice note made in the browser.
    formats: 'MP3, WAV, M4A, OGG or WebM',
  },
};

/** Caps a storage puts on one kind of media below the field's own (apimodels: "File too large (max 10MB)" for images). */
const STORAGE_MAX_SIZE: Partial<Record<string, Partial<Record<MediaKind, number>>>> = { apimodels: { image: 10 * MB } };

/** A field's rules on `provider`'s storage, with its hint ("PNG, JPEG or WebP, up to 20 MB"). */
export function fieldRules(kind: MediaKind, provider: string): FieldRule & { hint: string } {
  const rule = FIELD_RULES[kind];
  const maxSize = Math.min(rule.maxSize, STORAGE_MAX_SIZE[provider]?.[kind] ?? Infinity);
  return { ...rule, maxSize, hint: `${rule.formats}, up to ${maxSize / MB} MB` };
}

export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio'];

/** The media each storage refuses; scripts/start.mjs gives pruna's presign route the same accept. */
const REFUSED: Partial<Record<string, readonly MediaKind[]>> = { pruna: ['audio'] };

/** Why `model` cannot run on `provider`'s storage ("pruna takes no audio"), or undefined when it can. */
export function missingStorage(model: Model, provider: string): string | undefined {
  const refused = (REFUSED[provider] ?? []).filter((kind) => model.media[kind]);
  return refused.length > 0 ? `${provider} takes no ${refused.join(' or ')}` : undefined;
}

/** The body a model API's POST /v1/prediction takes: `{ model, version, input }`. */
export function predictionBody(model: Model, prompt: string, media: Partial<Record<MediaKind, string>>) {
  const input: Record<string, unknown> = {};
  if (model.prompt && (prompt.trim() || model.prompt.required)) input.prompt = prompt.trim();
  for (const kind of MEDIA_KINDS) {
    if (model.media[kind] && media[kind]) input[kind] = media[kind];
  }
  Object.assign(input, model.defaults);
  return { model: model.id, version: model.version, input };
}
