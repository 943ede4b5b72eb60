/**
 * One racing OS process. Told what to do ('prepare': a scenario module, the environment, its own
 * plan), it builds its own platform and runs the scenario's set-up, says 'ready', waits at the
 * barrier for 'go', runs every operation of its plan at once and reports each outcome.
 */
import { pathToFileURL } from 'node:url';
import type { FromWorker, Outcome, ToWorker } from './protocol';
import type { RaceScenario } from './scenario';
import { workerPlatform } from './worker-platform';

const send = (message: FromWorker) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const describeError = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

let prepared: { run: (op: unknown) => Promise<unknown>; report?: () => unknown; plan: unknown[] } | undefined;

process.on('message', async (message: ToWorker) => {
  try {
    if (message.type === 'prepare') {
      const scenario = (await import(pathToFileURL(message.scenario).href)).default as RaceScenario<unknown, unknown>;
      const platform = workerPlatform(message.env);
      prepared = { ...(await scenario({ platform, env: message.env, index: message.index, plan: message.plan })), plan: message.plan };
      await send({ type: 'ready', pid: process.pid });
    } else if (message.type === 'go') {
      const { run, report, plan } = prepared!;
      const outcomes = await Promise.all(
        plan.map(async (op): Promise<Outcome<unknown>> => {
          const startedAt = Date.now();
          try {
            const result = await run(op);
            return { startedAt, endedAt: Date.now(), result };
          } catch (e) {
            return { startedAt, endedAt: Date.now(), error: describeError(e) };
          }
        }),
      );
      await send({ type: 'done', outcomes, report: report?.() });
      process.disconnect();
    }
  } catch (e) {
    await send({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.disconnect();
  }
});
