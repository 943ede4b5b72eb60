/**
 * What the scripts run against a deployed environment share: which environment `--env` names,
 * where its region and a resource's name come from, and how a failure is reported.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { environments, type Environment } from '../stacks/config';

/** The environment `--env` names (stacks/config.ts); none for a missing or unknown name. */
export const environmentNamed = (env: Record<string, string | undefined>, name: string | undefined): Environment | undefined =>
  environments(env).find((e) => e.name === name);

/** `--region`, else AWS_REGION, else the environment's own. */
export const regionFor = (stage: Environment, flag: string | undefined, env: Record<string, string | undefined>) => flag ?? env.AWS_REGION ?? stage.region;

/** An output of the applied stack (cdktf.out/stacks/<stage>), read with the Terraform CLI, if there is one. */
export function terraformOutput(stage: string, output: string): string | undefined {
  try {
    return (
      execFileSync('terraform', [`-chdir=${path.join('cdktf.out', 'stacks', stage)}`, 'output', '-raw', output], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** Runs a script's work; a failure prints its message (no stack: these are the operator's mistakes, mostly) and exits 1. */
export async function runScript(main: () => Promise<void>) {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
