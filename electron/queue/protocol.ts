// The worker protocol: what a queue job carries and what workers and the coordinator say over HTTP.
// Bump PROTOCOL when a message changes shape; a worker and a coordinator of different protocols refuse each other.
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunConfig } from '../../shared/run.js';
import type { TrainEvent } from '../engine/types.js';

export const PROTOCOL = 1;
export const QUEUE_NAME = 'mtlw-runs';
export const API = '/worker/v1';

/** The data of one BullMQ job: one run to train. */
export interface RunJobData {
  protocol: number;
  runId: string;
  config: RunConfig;
  datasets: DatasetInfo[];
}

export interface Hello {
  protocol: number;
  version: string;
  workerId: string;
  host: string;
  pid: number;
  backend: string;
  device: string;
  concurrency: number;
}

export interface EventBatch {
  workerId: string;
  /** BullMQ's attemptsMade + stalled count when the worker took the job (a handover makes a new attempt). */
  attempt: number;
  events: TrainEvent[];
}

export interface Heartbeat {
  workerId: string;
  current: string[];
}

/** The coordinator's answer to events and heartbeats: runs the user stopped. */
export interface StopList {
  stop: string[];
}

export interface DatasetFiles {
  checksum: string;
  files: string[];
}

/** A worker id that names its machine: host/pid. */
export const workerName = (host: string, pid: number): string => `${host}/${pid}`;
