// Turns what a round ended with, and what the fault server logged, into counts and named problems; prints the
// table of a run. Every problem is a sentence naming the file, so a failing seed says what went wrong.
import { sha256 } from './media';
import { expectedStatus, type FaultLog, type PlannedFile } from './plan';
import { RETRY, type RoundEvents, type RoundResult } from './round';

export interface Tally {
  files: number;
  faults: Record<string, number>;
  retries: number;
  represigns: number;
  statuses: Record<string, number>;
  lost: number;
  wrong: number;
  problems: string[];
}

export const newTally = (): Tally => ({ files: 0, faults: {}, retries: 0, represigns: 0, statuses: {}, lost: 0, wrong: 0, problems: [] });
const bump = (counts: Record<string, number>, key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

/** Checks one round against the server's log (only this round's files) and adds it to the tally. */
export async function checkRound(tally: Tally, origin: string, planned: PlannedFile[], events: RoundEvents, result: RoundResult, log: FaultLog) {
  const names = new Set(planned.map((p) => p.name));
  const requests = log.requests.filter((r) => names.has(r.file));
  const objects = Object.values(log.objects).filter((o) => names.has(o.file));
  const problem = (text: string) => tally.problems.push(text);
  tally.files += planned.length;
  for (const r of requests) if (r.fault) bump(tally.faults, r.fault);
  for (const [event, on] of Object.entries(events)) if (on === true && event !== 'strict') bump(tally.faults, `browser-${event}`);
  if (events.strict) bump(tally.faults, 'browser-strict-mode');
  for (const name of names) {
    const mine = requests.filter((r) => r.file === name);
    tally.represigns += Math.max(0, mine.filter((r) => r.kind === 'presign').length - 1);
    // A retry is a failed request of a file followed by another request of that file.
    tally.retries += mine.filter((r, i) => (r.status === 0 || r.status >= 300 || r.fault === 'presign-html' || r.fault === 'presign-error-json') && i < mine.length - 1).length;
    const stored = objects.filter((o) => o.file === name);
    if (stored.length > 1) problem(`${name} was stored ${stored.length} times (keys ${stored.map((o) => o.key).join(', ')})`);
    for (const o of stored) if (o.stores > 1) problem(`${name}: key ${o.key} was written ${o.stores} times`);
    for (const r of mine) {
      if (r.kind !== 'presign' && (r.headers.cookie || r.headers.authorization || r.headers['x-app-token'])) {
        problem(`${name}: a storage ${r.kind} carried ${Object.keys(r.headers).filter((h) => h !== 'origin').join(', ')}`);
      }
    }
  }
  if (result.unmounted) {
    bump(tally.statuses, 'unmounted', planned.length);
  } else {
    for (const p of planned) {
      const status = result.statuses.get(p.name) ?? 'missing';
      bump(tally.statuses, status);
      if (!['done', 'error', 'canceled'].includes(status)) problem(`${p.name} ended ${status}`);
      // Offline time may use up retries; a canceled file is the user's choice: only the others are predictable.
      const expected = expectedStatus(p.plan, RETRY.retries);
      if (!events.offline && p.name !== result.canceled && status !== expected) {
        problem(`${p.name} ended ${status}, expected ${expected} (presign faults ${p.plan.presign.join(',') || 'none'}; put faults ${p.plan.put.join(',') || 'none'})`);
      }
    }
    await checkValues(tally, origin, planned, result, log, problem);
    if (result.openXhrsAtEnd > 0) problem(`${result.openXhrsAtEnd} XHRs had not finished when every file had ended`);
  }
  // Unmounting aborts every upload at once (useUpload destroys the uploader in the effect's cleanup).
  if (result.unmounted && result.openXhrsAtEnd > 0) problem(`${result.openXhrsAtEnd} XHRs were still open after unmount`);
  if (result.liveUrlsAfterUnmount > 0) problem(`${result.liveUrlsAfterUnmount} object URLs were never revoked after unmount`);
}

/** The form holds exactly the done files' values, in pick order, each naming stored bytes equal to the file. */
async function checkValues(tally: Tally, origin: string, planned: PlannedFile[], result: RoundResult, log: FaultLog, problem: (t: string) => void) {
  const done = planned.filter((p) => result.statuses.get(p.name) === 'done');
  const prefix = `${origin}/public/`;
  const owners = result.values.map((value) => (value.startsWith(prefix) ? log.objects[value.slice(prefix.length)] : undefined));
  done.forEach((p, i) => {
    const object = owners[i];
    if (!object) {
      tally.lost++;
      problem(`${p.name} is done but the form's value #${i + 1} (${result.values[i] ?? 'none'}) names no stored object`);
    } else if (object.file !== p.name) {
      tally.wrong++;
      problem(`the form's value #${i + 1} is ${object.file}'s, expected ${p.name}'s (pick order)`);
    }
  });
  if (result.values.length > done.length) {
    tally.wrong += result.values.length - done.length;
    problem(`the form has ${result.values.length} values for ${done.length} done files`);
  }
  for (const [i, value] of result.values.entries()) {
    const object = owners[i];
    if (!object) continue;
    const file = result.files.find((f) => f.name === object.file)!;
    if (object.size !== file.size || object.sha256 !== (await sha256(file))) {
      tally.wrong++;
      problem(`${file.name}: the stored bytes differ from the file (${object.size} of ${file.size} bytes)`);
    }
    const seenAt = result.valueSeenAt.get(value) ?? Infinity;
    if (seenAt < object.answeredAt) problem(`${file.name}: its value appeared ${object.answeredAt - seenAt} ms before storage answered 2xx`);
  }
}

/** The run's table, as the issue asks for it: faults by kind, retries, re-presigns, statuses, lost and wrong. */
export function formatTally(seed: number, tally: Tally, ms: number): string {
  const rows: [string, string | number][] = [
    ['seed', seed],
    ['files', tally.files],
    ...Object.entries(tally.faults).sort().map(([kind, n]): [string, number] => [`fault ${kind}`, n]),
    ['retries', tally.retries],
    ['re-presigns', tally.represigns],
    ...Object.entries(tally.statuses).sort().map(([status, n]): [string, number] => [`files ${status}`, n]),
    ['lost values', tally.lost],
    ['wrong values', tally.wrong],
    ['problems (any kind)', tally.problems.length],
    ['seconds', Math.round(ms / 1000)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, n]) => `${label.padEnd(width)}  ${String(n).padStart(6)}`).join('\n');
}
