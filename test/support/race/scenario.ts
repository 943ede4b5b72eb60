import type { RaceEnvironment } from './protocol';
import type { WorkerPlatform } from './worker-platform';

/**
 * What a race scenario module exports as default: given its process's own platform, whatever it
 * must do before the start (warm caches, record its sessions) and a function that runs one
 * operation of the plan. `report` is called after the race, for what the process saw on its own
 * (the events its bus delivered, say).
 */
export type RaceScenario<Op, R> = (ctx: { platform: WorkerPlatform; env: RaceEnvironment; index: number; plan: Op[] }) => Promise<{
  run: (op: Op) => Promise<R>;
  report?: () => unknown;
}>;

export const defineScenario = <Op, R>(scenario: RaceScenario<Op, R>) => scenario;
