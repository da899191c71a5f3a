// Medians, ratios to the ideal pipeline, and the issue's targets (printed, never enforced: figures on a shared
// machine are noisy, and a duration is not a pass/fail test).
import { BATCHES, REFERENCES, VARIANTS } from './runBrowser.mjs';

const NAMES = { 'raw-xhr': 'raw XHR', ideal: 'ideal pipeline', createUploader: 'createUploader', useUpload: 'useUpload', MediaUploader: 'MediaUploader' };
const LIBRARY = ['createUploader', 'useUpload', 'MediaUploader'];
const REACT = ['useUpload', 'MediaUploader'];
const LIMITS = { '200x50KB': 1.1, '20x5MB': 1.05 };

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const of = (bench, scenario, variant, key) => median((bench.samples[scenario]?.[variant] ?? []).map((s) => s[key]));

/** The value at fraction `q` of the sorted numbers (nearest rank), or null for none. */
function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}

/** Each round's time over the ideal pipeline's (or `base`'s) in the same round (variants alternate within a round). */
function pairedRatios(bench, scenario, variant, base = 'ideal') {
  const bases = bench.samples[scenario]?.[base] ?? [];
  return (bench.samples[scenario]?.[variant] ?? []).map((s, i) => (bases[i] ? s.ms / bases[i].ms : NaN)).filter(Number.isFinite);
}

/**
 * Where the median of those ratios may lie: a 95% bootstrap interval (2,000 resamples of the rounds, a fixed seed so
 * the same samples print the same interval). The medians of one run move from run to run; a target is read against
 * this, not against one median.
 */
function medianInterval(ratios) {
  if (ratios.length < 5) return [null, null];
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const medians = Array.from({ length: 2000 }, () => quantile(Array.from(ratios, () => ratios[Math.floor(random() * ratios.length)]), 0.5));
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}

/** Every figure the table shows, by scenario and variant: what bench.json keeps beside the raw samples. */
/**
 * One variant's figures in a timed batch: its median time, that over the ideal pipeline's (or `base`'s), and the rest.
 */
function batchFigures(bench, id, v, base = 'ideal') {
  const ms = of(bench, id, v, 'ms');
  const ideal = of(bench, id, base, 'ms');
  const ratios = pairedRatios(bench, id, v, base);
  return {
    ms,
    ratio: ms && ideal ? ms / ideal : null,
    // First quartile, median and third quartile: how far one round's ratio strays.
    perRound: [0.25, 0.5, 0.75].map((q) => quantile(ratios, q)),
    perRoundInterval: medianInterval(ratios),
    busyMs: of(bench, id, v, 'busyMs'),
    firstRequestMs: of(bench, id, v, 'firstRequestMs'),
  };
}

export function summarize(bench) {
  const out = {};
  for (const { id } of BATCHES) out[id] = Object.fromEntries(VARIANTS.map((v) => [v, batchFigures(bench, id, v)]));
  out.references = Object.fromEntries(Object.keys(REFERENCES).map((v) => [v, batchFigures(bench, '20x5MB', v)]));
  // Not a target: the library's variants over the ideal pipeline that also reads what the library's check reads.
  out.overRead = Object.fromEntries(LIBRARY.map((v) => [v, batchFigures(bench, '20x5MB', v, 'idealRead')]));
  out.heap = Object.fromEntries(VARIANTS.map((v) => [v, { heapAddedMB: of(bench, 'heap', v, 'heapAddedMB'), ms: of(bench, 'heap', v, 'ms') }]));
  out.commits = Object.fromEntries(
    REACT.map((v) => {
      const runs = bench.samples.commits?.[v] ?? [];
      return [
        v,
        {
          perSecond: median(runs.map((r) => (r.commits / r.ms) * 1000)),
          perFrame: median(runs.map((r) => r.commits / Math.max(1, r.frames))),
          maxPerFrame: Math.max(...runs.map((r) => r.maxCommitsPerFrame)),
        },
      ];
    }),
  );
  out.drop1000 = Object.fromEntries(
    ['ideal', ...REACT].map((v) => [v, { rowsMs: of(bench, 'drop1000', v, 'rowsMs'), firstRequestMs: of(bench, 'drop1000', v, 'firstRequestMs'), firstPutMs: of(bench, 'drop1000', v, 'firstPutMs') }]),
  );
  return out;
}

const fmt = (n, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));

export function table(bench, summary) {
  const rows = [
    `| | ${VARIANTS.map((v) => NAMES[v]).join(' | ')} |`,
    `| --- | ${VARIANTS.map(() => '---:').join(' | ')} |`,
  ];
  const row = (label, cell) => rows.push(`| ${label} | ${VARIANTS.map(cell).join(' | ')} |`);
  for (const { id, label } of BATCHES) {
    row(`${label}: ms (× ideal)`, (v) => `${fmt(summary[id][v].ms)} (${fmt(summary[id][v].ratio, 2)}×)`);
  }
  const quartiles = ([q1, mid, q3]) => (mid === null ? '—' : `${fmt(mid, 2)}× (${fmt(q1, 2)}-${fmt(q3, 2)})`);
  row("20 × 5 MB: each round's time ÷ the ideal pipeline's in that round, median (quartiles)", (v) => quartiles(summary['20x5MB'][v].perRound));
  row('20 × 5 MB: main-thread busy per batch, ms', (v) => fmt(summary['20x5MB'][v].busyMs));
  row('first request after start, 20 × 5 MB: ms', (v) => fmt(summary['20x5MB'][v].firstRequestMs, 1));
  row('JS heap added while 1 × 500 MB uploads: MB', (v) => fmt(summary.heap[v].heapAddedMB, 2));
  const react = (cell) => (v) => (REACT.includes(v) ? cell(v) : '—');
  row('React commits/s while 20 files upload (per frame; most in one frame)', react((v) => {
    const c = summary.commits[v];
    return `${fmt(c.perSecond)} (${fmt(c.perFrame, 2)}; ${fmt(c.maxPerFrame)})`;
  }));
  row('1,000 files dropped → list shows 1,000 rows: ms', react((v) => fmt(summary.drop1000[v].rowsMs)));
  // The ideal pipeline reads each dropped file's first bytes before its presign (idealDropSession).
  const dropped = (v) => v === 'ideal' || REACT.includes(v);
  row('1,000 files dropped → first presign request: ms', (v) => (dropped(v) ? fmt(summary.drop1000[v].firstRequestMs, 1) : '—'));
  row('1,000 files dropped → first PUT: ms', (v) => (dropped(v) ? fmt(summary.drop1000[v].firstPutMs, 1) : '—'));
  return rows.join('\n');
}

/** The reference runs, one line each (none when 20 × 5 MB did not run). */
export function referenceLines(summary) {
  return Object.entries(REFERENCES).filter(([v]) => summary.references[v].ms !== null).map(([v, words]) => {
    const r = summary.references[v];
    const [q1, mid, q3] = r.perRound;
    return `Reference, 20 × 5 MB: the ideal pipeline ${words} took ${fmt(r.ms)} ms (${fmt(r.ratio, 2)}× the ideal; each round's time ÷ the ideal pipeline's in that round: median ${fmt(mid, 2)}×, quartiles ${fmt(q1, 2)}-${fmt(q3, 2)}), main thread busy ${fmt(r.busyMs)} ms per batch.`;
  });
}

/** Scenarios that ran more rounds than `runs` (runBrowser.mjs BATCHES `rounds`), as bench.json records them. */
const more = (bench) => {
  const extra = Object.entries(bench.rounds ?? {}).filter(([, rounds]) => rounds !== bench.runs);
  return extra.length ? ` (${extra.map(([id, rounds]) => `${rounds} for ${id}`).join(', ')})` : '';
};

export function machineLine(bench) {
  const m = bench.machine;
  const load = m.loadAverage1m.map((l) => l.toFixed(1)).join(' → ');
  return `${m.cpu}, ${m.cores} cores, Chromium ${m.chromium}, Node ${m.node}; frame ${fmt(m.frameMs, 1)} ms; medians of ${bench.runs} alternating runs${more(bench)}; 1-min load average ${load}`;
}

/** The issue's targets, one line each: whether it holds on this run. */
export function targets(bench, summary) {
  const lines = [];
  // A scenario left out by BENCH_ONLY has no figure: it is not run, neither held nor missed.
  const mark = (ok, ...figures) => (figures.some((f) => f === null || f === undefined || !Number.isFinite(f)) ? 'not run' : ok ? 'holds' : 'MISSED');
  // Read against the interval of the rounds' median ratio: below the limit holds, above it is missed, across it this
  // run cannot tell.
  for (const [id, limit] of Object.entries(LIMITS)) {
    for (const v of LIBRARY) {
      const { ratio, perRound, perRoundInterval: [low, high] } = summary[id][v];
      const verdict = mark(high !== null && high <= limit, ratio, low, high);
      const said = verdict === 'MISSED' && low <= limit ? 'unclear' : verdict;
      lines.push(`${said}: ${NAMES[v]} within ${limit}× of the ideal pipeline on ${id} (${fmt(ratio, 2)}×; each round's ratio: median ${fmt(perRound[1], 2)}×, 95% interval ${fmt(low, 2)}-${fmt(high, 2)})`);
    }
  }
  for (const v of LIBRARY) {
    const { perRound, perRoundInterval: [low, high] } = summary.overRead[v];
    if (perRound[1] === null) continue;
    lines.push(`(figure) ${NAMES[v]} ÷ the ideal pipeline with the library's read on 20x5MB: each round's ratio: median ${fmt(perRound[1], 2)}×, 95% interval ${fmt(low, 2)}-${fmt(high, 2)}`);
  }
  for (const v of REACT) {
    const c = summary.commits[v];
    lines.push(`${mark(c.maxPerFrame <= 1, c.maxPerFrame)}: ${NAMES[v]} at most one commit per frame (most in one frame: ${fmt(c.maxPerFrame)}, ${fmt(c.perFrame, 2)} per frame on average)`);
  }
  const frame = bench.machine.frameMs;
  for (const v of LIBRARY) {
    const first = summary['20x5MB'][v].firstRequestMs;
    const sniff = bench.sniffMs['20x5MB'];
    lines.push(`${mark(first !== null && first <= frame + sniff, first)}: ${NAMES[v]} first request within one frame + one sniff on 20 × 5 MB (${fmt(first, 1)} ms; limit ${fmt(frame, 1)} + ${fmt(sniff, 1)} ms)`);
  }
  // After a drop, "one sniff" is the dropped file's own first read, which the ideal pipeline's first request includes:
  // Chromium's first read of a fresh 1,000-file drop can take 100-300 ms, a read of a file read before ~1 ms.
  const idealDrop = summary.drop1000.ideal?.firstRequestMs;
  for (const v of REACT) {
    const first = summary.drop1000[v].firstRequestMs;
    const ok = first != null && idealDrop != null && first <= frame + idealDrop;
    lines.push(`${mark(ok, first, idealDrop)}: ${NAMES[v]} first request within one frame + the dropped file's sniff on a 1,000-file drop (${fmt(first, 1)} ms; limit ${fmt(frame, 1)} + ideal pipeline's ${fmt(idealDrop, 1)} ms; a warm sniff: ${fmt(bench.sniffMs.drop1000, 1)} ms)`);
  }
  return lines;
}
