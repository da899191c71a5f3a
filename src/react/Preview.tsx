// A file's preview: an image thumbnail, a video's first frame, an audio file's duration.
// The object URL belongs to the core (created on add, revoked on remove and destroy).
import { useState } from 'react';
import { formatDuration, type Labels } from './labels';

export interface PreviewProps {
  /** The sniffed MIME type. */
  type: string;
  previewUrl: string | null;
  labels: Labels;
}

// A frame a little after 0: many encoders put a black frame first. Under load, Firefox sometimes loaded a video's
// metadata and first frame with no seek made (the seek asked for at `loadedmetadata` was lost), so it is asked for
// again at each later stage of loading, once each (a clip too short to seek in cannot loop). A media fragment
// (`#t=0.1`) would need no script, but Firefox ignores it on blob URLs.
const VIDEO_FRAME_SECONDS = 0.1;
const seekToFirstFrame = (video: HTMLVideoElement | null) => {
  if (!video) return;
  const seek = () => {
    if (video.currentTime > 0 || video.seeking) return;
    const duration = Number.isFinite(video.duration) ? video.duration : VIDEO_FRAME_SECONDS * 2;
    video.currentTime = Math.min(VIDEO_FRAME_SECONDS, duration / 2);
  };
  if (video.readyState > 0) seek();
  for (const stage of ['loadedmetadata', 'loadeddata', 'canplay']) video.addEventListener(stage, seek, { once: true });
};

export function Preview({ type, previewUrl, labels }: PreviewProps) {
  const [duration, setDuration] = useState<number | null>(null);
  // HEIC, HEVC and other media the browser cannot decode fall back to the icon instead of a broken image
  // or an empty grey box.
  const [broken, setBroken] = useState(false);
  const kind = type.split('/')[0];

  if (previewUrl && kind === 'image' && !broken) {
    return (
      <span className="mu-preview" data-kind="image">
        <img src={previewUrl} alt="" decoding="async" onError={() => setBroken(true)} />
      </span>
    );
  }
  if (previewUrl && kind === 'video' && !broken) {
    return (
      <span className="mu-preview" data-kind="video">
        {/* Keyed by its URL: a prepared file's new URL gets a new element, and so its own seek. */}
        <video
          key={previewUrl}
          src={previewUrl}
          ref={seekToFirstFrame}
          preload="metadata"
          muted
          playsInline
          aria-hidden="true"
          tabIndex={-1}
          onError={() => setBroken(true)}
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
        {/* The clock fits the square; the sentence ("Duration 0:42") is for screen readers. */}
        {duration !== null && (
          <span className="mu-preview-duration">
            <span aria-hidden="true">{formatDuration(duration)}</span>
            <span className="mu-visually-hidden">{labels.duration(duration)}</span>
          </span>
        )}
      </span>
    );
  }
  return (
    <span className="mu-preview" data-kind="other" aria-hidden="true">
      <span className="mu-preview-icon">▤</span>
    </span>
  );
}
