// @20minutes/s3rver, the SigV4-checking S3 server the tests store into. The package ships no types: the two calls
// used (a global `declare module` could clash with others').
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

export interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export const S3rver = createRequire(import.meta.url)('@20minutes/s3rver') as new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverServer;
