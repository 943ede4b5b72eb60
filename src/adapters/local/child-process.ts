import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooked = false;

/** Child servers must not outlive us, whatever way we exit. */
export function killOnExit(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
}

/** SIGTERM, then SIGKILL if it has not gone after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Keeps the last lines a child wrote, to explain why it died. */
export function tail(lines: number) {
  const kept: string[] = [];
  return {
    push(chunk: Buffer | string) {
      kept.push(...String(chunk).split('\n').filter(Boolean));
      kept.splice(0, Math.max(0, kept.length - lines));
    },
    text: () => kept.join('\n'),
  };
}
