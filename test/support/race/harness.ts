/**
 * The race harness: N OS processes, each with its own platform and its own clients on one test
 * platform's table, bucket and user pool, held at a barrier until all are ready and then released
 * together, each running its own list of operations concurrently. Unlike two app instances in one
 * process, nothing is shared but the stand-ins: no in-process lock, no cache, no event loop.
 *
 * A scenario is a module (see scenario.ts) that each worker imports; checkout and discount races
 * add theirs beside inventory's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import type { TestPlatform } from '../platform';
import type { FromWorker, Outcome, RaceEnvironment, ToWorker } from './protocol';

export type { Outcome, RaceEnvironment } from './protocol';

const WORKER = path.join(import.meta.dirname, 'worker.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * What a worker needs to reach the same data as `p`; `unlimitedRules` names rate rules the
 * workers let through (the rest of their limiter counts as usual).
 */
export function raceEnvironment(p: TestPlatform, options: { unlimitedRules?: string[] } = {}): RaceEnvironment {
  return {
    dynamoEndpoint: p.table.endpoint,
    tableName: p.table.tableName,
    s3Endpoint: inject('s3Endpoint'),
    bucket: p.media.bucket,
    cognitoEndpoint: p.cognito.endpoint,
    userPoolId: p.cognito.pool.userPoolId,
    clientId: p.cognito.pool.clientId,
    signUpTicketSecret: p.cognito.signUpTicketSecret,
    cursorKey: Buffer.from(p.options.cursorKey).toString('base64'),
    platformHosts: [...p.options.platformHosts],
    assets: p.options.assets,
    ...(p.options.plans ? { plans: p.options.plans } : {}),
    ...(options.unlimitedRules ? { unlimitedRules: options.unlimitedRules } : {}),
  };
}

export type RaceResult<R> = { pid: number; index: number; outcomes: Outcome<R>[]; report: unknown }[];

/**
 * Runs `plans[i]` in process i (so `plans.length` processes), all released at once. Rejects if a
 * process fails to prepare, crashes, or the whole race outlasts `timeoutMs`; every process is
 * ended either way.
 */
export async function race<Op, R>(options: { scenario: string; env: RaceEnvironment; plans: Op[][]; timeoutMs?: number }): Promise<RaceResult<R>> {
  const children: ChildProcess[] = options.plans.map(() =>
    fork(WORKER, [], {
      execArgv: ['--import', TSX],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const next = (child: ChildProcess, index: number) =>
    new Promise<FromWorker>((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        child.off('exit', onExit);
        if (m.type === 'failed') reject(new Error(`race process ${index} failed: ${m.error}`));
        else resolve(m);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`race process ${index} exited (${code}) before answering`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`race did not finish in ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
  });
  const say = (child: ChildProcess, m: ToWorker) => child.send(m);
  try {
    return await Promise.race([
      timeout,
      (async () => {
        const ready = children.map((child, index) => next(child, index));
        children.forEach((child, index) => {
          say(child, { type: 'prepare', index, scenario: options.scenario, env: options.env, plan: options.plans[index]! });
        });
        const pids = (await Promise.all(ready)).map((m) => (m.type === 'ready' ? m.pid : -1));
        // The barrier: nobody starts before everybody is ready.
        const done = children.map((child, index) => next(child, index));
        for (const child of children) say(child, { type: 'go' });
        const finished = await Promise.all(done);
        return finished.map((m, index) => {
          if (m.type !== 'done') throw new Error(`race process ${index} answered ${m.type}`);
          return { pid: pids[index]!, index, outcomes: m.outcomes as Outcome<R>[], report: m.report };
        });
      })(),
    ]);
  } finally {
    clearTimeout(timer);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

/** Whether operations of different processes ran at the same time: some pair of them overlaps. */
export function overlapped(result: RaceResult<unknown>): boolean {
  const spans = result.flatMap((p) => p.outcomes.map((o) => ({ p: p.index, from: o.startedAt, to: o.endedAt })));
  return spans.some((a) => spans.some((b) => a.p !== b.p && a.from < b.to && b.from < a.to));
}
