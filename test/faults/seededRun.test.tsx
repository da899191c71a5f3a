// The seeded fault run: files of 0.1 to 20 MB (npm run test:faults; a short form in npm test) through the real
// <MediaUploader multiple> in a form, faults on the server and in the browser drawn from the seed. It fails on any
// problem and prints a table; SEED=<n> npm run test:faults replays one seed.
import { commands } from 'vitest/browser';
import { expect, inject, test } from 'vitest';
import { randomPool } from './media';
import { planFiles, random, type FaultLog } from './plan';
import { installProbes } from './probes';
import { runRound, type RoundEvents } from './round';
import { checkRound, formatTally, newTally } from './tally';

const origin = inject('faultOrigin');
const run = inject('faultRun');
const ROUND_SIZE = 25;

// A real browser is not an act() environment: updates come from network events.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

function eventsFor(rng: () => number, round: number): RoundEvents {
  return {
    strict: rng() < 0.5,
    offline: rng() < 0.3,
    hidden: rng() < 0.3,
    cancel: rng() < 0.4,
    // Never the first round, so every seed also checks a form's final value.
    unmount: round > 0 && rng() < 0.15,
    drops: 1 + Math.floor(rng() * 3),
    at: 100 + Math.floor(rng() * 1200),
    lasting: 300 + Math.floor(rng() * 1200),
  };
}

test.each(run.seeds)('seed %i: no value lost or wrong under faults', async (seed) => {
  const started = Date.now();
  await fetch(`${origin}/reset`, { method: 'POST' });
  const planned = planFiles(seed, run.files, run.minBytes, run.maxBytes);
  const pool = randomPool(seed);
  const rng = random(seed * 31 + 7);
  const tally = newTally();
  const probes = installProbes();
  try {
    for (let round = 0; round * ROUND_SIZE < planned.length; round++) {
      const batch = planned.slice(round * ROUND_SIZE, (round + 1) * ROUND_SIZE);
      const events = eventsFor(rng, round);
      await fetch(`${origin}/plan`, { method: 'POST', body: JSON.stringify({ files: Object.fromEntries(batch.map((p) => [p.name, p.plan])) }) });
      const result = await runRound(origin, batch, events, pool, seed, probes);
      const log = (await (await fetch(`${origin}/log`)).json()) as FaultLog;
      await checkRound(tally, origin, batch, events, result, log);
    }
  } finally {
    probes.restore();
    await commands.setNetwork(true, origin);
  }
  tally.problems.push(...probes.rejections.map((r) => `unhandled rejection: ${r}`));
  tally.problems.push(...probes.consoleErrors.map((e) => `console.error (React warning?): ${e}`));
  const table = formatTally(seed, tally, Date.now() - started);
  console.log(`\n${table}\n`);
  await commands.writeFaultReport(seed, `${table}\n${tally.problems.map((p) => `problem: ${p}`).join('\n')}\n`);
  expect(tally.problems, `seed ${seed}: replay with SEED=${seed} npm run test:faults`).toEqual([]);
  expect(tally.lost + tally.wrong).toBe(0);
});
