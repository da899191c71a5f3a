// A file's preview: an image thumbnail, a video's first frame, an audio file's duration.
// The object URL belongs to the core (created on add, revoked on remove and destroy).
import { useState, type SyntheticEvent } from 'react';
import type { Labels } from './labels';

export interface PreviewProps {
  /** The sniffed MIME type. */
  type: string;
  previewUrl: string | null;
  labels: Labels;
}

// A frame a little after 0: many encoders put a black frame first.
const VIDEO_FRAME_SECONDS = 0.1;

function seekToFirstFrame(event: SyntheticEvent<HTMLVideoElement>) {
  const video = event.currentTarget;
  const duration = Number.isFinite(video.duration) ? video.duration : VIDEO_FRAME_SECONDS * 2;
  video.currentTime = Math.min(VIDEO_FRAME_SECONDS, duration / 2);
}

export function Preview({ type, previewUrl, labels }: PreviewProps) {
  const [duration, setDuration] = useState<number | null>(null);
  // HEIC and other types the browser cannot decode fall back to the icon instead of a broken image.
  const [broken, setBroken] = useState(false);
  const kind = type.split('/')[0];

  if (previewUrl && kind === 'image' && !broken) {
    return (
      <span className="mu-preview" data-kind="image">
        <img src={previewUrl} alt="" decoding="async" onError={() => setBroken(true)} />
      </span>
    );
  }
  if (previewUrl && kind === 'video') {
    return (
      <span className="mu-preview" data-kind="video">
        <video
          src={previewUrl}
          preload="metadata"
          muted
          playsInline
          aria-hidden="true"
          tabIndex={-1}
          onLoadedMetadata={seekToFirstFrame}
        />
      </span>
    );
  }
  if (previewUrl && kind === 'audio') {
    return (
      <span className="mu-preview" data-kind="audio">
        <audio
          src={previewUrl}
          preload="metadata"
          aria-hidden="true"
          onLoadedMetadata={(event) => {
            const seconds = event.currentTarget.duration;
            if (Number.isFinite(seconds)) setDuration(seconds);
          }}
        />
        <span className="mu-preview-icon" aria-hidden="true">
          ♪
        </span>
        {duration !== null && <span className="mu-preview-duration">{labels.duration(duration)}</span>}
      </span>
    );
  }
  return (
    <span className="mu-preview" data-kind="other" aria-hidden="true">
      <span className="mu-preview-icon">▤</span>
    </span>
  );
}
