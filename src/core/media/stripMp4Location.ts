// The MP4 a motion photo appends after its JPEG records where it was filmed: ©xyz (ISO 6709, Android's MediaMuxer and
// iOS) and 3GPP loci in moov/udta, Apple's com.apple.quicktime.location.* keys in moov/meta. Each such box is turned,
// in place, into a free box of zeros: same length, so the XMP's lengths and the MP4's own offsets (stco) stay right
// and the video still plays. Only box headers (and keys boxes) are read, each once, always moving forward.
import { ascii, type Assembler, type BlobReader, byteText, u32be } from './bytes';

interface Box {
  type: string;
  /** The type read as a number: an ilst item's key index. */
  index: number;
  start: number;
  /** Cut at its parent's end, as readers do (ffmpeg's mov_read_default): a box cannot run past what holds it. */
  end: number;
  header: number;
}

/** Bytes to zero; `header` > 0: a box, whose type becomes 'free' (its size field is kept). */
type Blank = Pick<Box, 'start' | 'end' | 'header'>;

const LOCATION_BOXES = new Set(['\xa9xyz', 'loci']);
/** Where writers put those boxes. Nothing else is entered: the sample tables, the largest part of moov, are skipped. */
const CONTAINERS = new Set(['moov', 'trak', 'udta', 'meta']);
const LOCATION_KEY = /location|iso6709|gps/i;
/** Deeper than any writer nests (moov/trak/udta/meta/ilst/item): a container there is blanked whole, not entered. */
const MAX_DEPTH = 8;
/** A keys box of a phone's video is a few hundred bytes; a larger one is not read, and its items count as location. */
const MAX_KEYS = 1024 * 1024;
const FREE = Uint8Array.of(0x66, 0x72, 0x65, 0x65);

/**
 * Adds the MP4 at `start` (up to the end of the file) to `out`, its location boxes blanked; true when it had any. The
 * caller has checked that a box of type ftyp starts there. Bytes after the MP4 that are no box (Samsung's SEF trailer)
 * are kept as they are; inside a box that is entered, what cannot be read as boxes is zeroed, since it cannot be checked.
 */
export async function stripMp4Location(reader: BlobReader, start: number, out: Assembler): Promise<boolean> {
  const blanks: Blank[] = [];
  await walk(reader, start, reader.size, 0, blanks, isLocation);
  blanks.sort((a, b) => a.start - b.start);
  let at = start;
  for (const blank of blanks) {
    out.keep(at, blank.start);
    const bytes = new Uint8Array(blank.end - blank.start);
    if (blank.header) {
      // Its size (32 or 64 bits) stays as it was; its type becomes free.
      bytes.set(await reader.bytes(blank.start, blank.header, 'an MP4 box'));
      bytes.set(FREE, 4);
    }
    out.put(bytes);
    at = blank.end;
  }
  out.keep(at, reader.size);
  return blanks.length > 0;
}

const isLocation = (box: Box) => LOCATION_BOXES.has(box.type);

/** Walks the boxes from `start` to `end`, blanking those `located` names; returns the keys and ilst boxes met. */
async function walk(reader: BlobReader, start: number, end: number, depth: number, blanks: Blank[], located: (box: Box) => boolean): Promise<Box[]> {
  const metadata: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    const box = await boxAt(reader, at, end);
    if (!box) {
      // A size no box can have: readers stop here. At the top level the MP4 ends here (what follows is kept); inside a
      // box, the rest of it is zeroed, since what it holds cannot be checked.
      if (depth > 0) blanks.push({ start: at, end, header: 0 });
      break;
    }
    if (located(box) || (depth >= MAX_DEPTH && CONTAINERS.has(box.type))) blanks.push(box);
    else if (box.type === 'meta') await walkMeta(reader, box, depth + 1, blanks);
    else if (CONTAINERS.has(box.type)) await walk(reader, box.start + box.header, box.end, depth + 1, blanks, isLocation);
    else if (box.type === 'keys' || box.type === 'ilst') metadata.push(box);
    at = box.end;
  }
  return metadata;
}

async function boxAt(reader: BlobReader, at: number, end: number): Promise<Box | null> {
  const head = await reader.bytes(at, 8, 'an MP4 box');
  let size = u32be(head, 0);
  let header = 8;
  if (size === 1) {
    if (at + 16 > end) return null;
    const large = await reader.bytes(at + 8, 8, 'an MP4 box');
    size = u32be(large, 0) * 2 ** 32 + u32be(large, 4);
    header = 16;
  } else if (size === 0) {
    size = end - at; // to the end of the file (or of what holds it)
  }
  if (size < header) return null;
  return { type: ascii(head, 4, 4), index: u32be(head, 4), start: at, end: Math.min(at + size, end), header };
}

/**
 * A meta box: location boxes among its children, and QuickTime metadata (hdlr 'mdta'), whose ilst items are named by
 * the index of their key in keys. The items of location keys are blanked; the key keeps its name: the name says that
 * a place was recorded, not which, and a key of zeros would be handed by readers (ffmpeg, AVFoundation) as an empty name.
 */
async function walkMeta(reader: BlobReader, meta: Box, depth: number, blanks: Blank[]): Promise<void> {
  let start = meta.start + meta.header;
  // ISO's meta is a full box (version and flags before its children), QuickTime's is not: its first child is hdlr.
  if (start + 8 <= meta.end && !(await reader.holds(start + 4, 'hdlr', 'an MP4 box'))) start += 4;
  const children = await walk(reader, start, meta.end, depth, blanks, isLocation);
  const keys = children.find((box) => box.type === 'keys');
  const located = keys ? await locationKeys(reader, keys) : () => false;
  for (const ilst of children.filter((box) => box.type === 'ilst')) {
    await walk(reader, ilst.start + ilst.header, ilst.end, depth + 1, blanks, (item) => isLocation(item) || located(item.index));
  }
}

/** Which key indexes (from 1) name a location; those from a key that cannot be read onwards count as location too. */
async function locationKeys(reader: BlobReader, keys: Box): Promise<(index: number) => boolean> {
  const length = keys.end - keys.start - keys.header;
  if (length > MAX_KEYS) return () => true;
  const bytes = await reader.bytes(keys.start + keys.header, length, 'an MP4 keys box');
  const names = byteText(bytes);
  const found = new Set<number>();
  // Version and flags, then the count; each key: its size (header included), its namespace, its name.
  const count = length >= 8 ? u32be(bytes, 4) : 0;
  for (let index = 1, at = 8; index <= count; index++) {
    const size = at + 8 <= bytes.length ? u32be(bytes, at) : 0;
    if (size < 8 || at + size > bytes.length) return (i) => found.has(i) || i >= index;
    if (LOCATION_KEY.test(names.slice(at + 8, at + size))) found.add(index);
    at += size;
  }
  return (i) => found.has(i);
}
