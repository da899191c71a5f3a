// Starts the fault server (faultServer.ts) for the `faults` project and tells the browser which run to make:
// FAULTS=full (npm run test:faults) is 200 files up to 20 MB; the default is the short form npm test runs.
import type { TestProject } from 'vitest/node';
import { startFaultServer } from './faultServer';

export interface FaultRunConfig {
  seeds: number[];
  files: number;
  minBytes: number;
  maxBytes: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:PORT` of the fault server: presign and storage, another origin than the page. */
    faultOrigin: string;
    faultRun: FaultRunConfig;
  }
}

const MB = 1024 * 1024;

export function runConfig(env: NodeJS.ProcessEnv = process.env): FaultRunConfig {
  const full = env.FAULTS === 'full';
  // SEED replays one seed (the seed a failing run printed), in whichever form was asked.
  const seeds = env.SEED ? [Number(env.SEED)] : full ? [Math.floor(Date.now() / 1000) % 1_000_000] : [1, 2];
  return full
    ? { seeds, files: Number(env.FAULTS_FILES ?? 200), minBytes: 0.1 * MB, maxBytes: 20 * MB }
    : { seeds, files: Number(env.FAULTS_FILES ?? 30), minBytes: 16 * 1024, maxBytes: 1 * MB };
}

export default async function setup(project: TestProject) {
  const server = await startFaultServer();
  project.provide('faultOrigin', server.origin);
  project.provide('faultRun', runConfig());
  return () => server.close();
}
