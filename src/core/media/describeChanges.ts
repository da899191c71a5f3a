// The words a file row shows for what preparation did: "4032×3024 → 2048×1536, 3.1 MB → 0.9 MB, location removed".
import type { PrepareChange } from './types';

// Sizes first (what the user notices), then what was removed, then the app's own step.
const ORDER: readonly PrepareChange['kind'][] = ['resized', 'reencoded', 'location-removed', 'metadata-removed', 'transformed'];

const fromTo = (change: PrepareChange): string | null =>
  change.from !== undefined && change.to !== undefined ? `${change.from} → ${change.to}` : (change.to ?? null);

function words(change: PrepareChange): string {
  switch (change.kind) {
    case 'resized':
      return fromTo(change) ?? 'resized';
    case 'reencoded':
      return fromTo(change) ?? 're-encoded';
    case 'location-removed':
      return 'location removed';
    case 'metadata-removed':
      return 'metadata removed';
    case 'transformed': {
      const sizes = fromTo(change);
      return sizes ? `transformed, ${sizes}` : 'transformed';
    }
  }
}

export function describeChanges(changes: readonly PrepareChange[]): string {
  const sorted = [...changes].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const kinds = new Set(sorted.map((c) => c.kind));
  const parts: string[] = [];
  for (const change of sorted) {
    // "location and metadata removed" reads better than the two apart.
    if (change.kind === 'metadata-removed' && kinds.has('location-removed')) continue;
    if (change.kind === 'location-removed' && kinds.has('metadata-removed')) parts.push('location and metadata removed');
    else parts.push(words(change));
  }
  return parts.join(', ');
}
