/** Synthesizes stacks for tests, and reads the policy documents in them as IAM will. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Testing } from 'cdktf';
import { expect } from 'vitest';
import { environments, type Environment, type EnvironmentName } from '../../stacks/config';
import { PlatformStack } from '../../stacks/platform-stack';
import type { PolicyDocument, Statement } from '../../stacks/policies';
import type { StoreManifest } from '../../stacks/tenants';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Synth = {
  json: string;
  resource: Record<string, Record<string, any>>;
  data: Record<string, Record<string, any>>;
  terraform: any;
  output: Record<string, { value: unknown }>;
};

/** Stand-ins for the bundles: the stack only zips a directory, it never builds one. */
export const fakeAssets = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-assets-'));
  for (const name of [
    'api',
    'stream-publisher',
    'pre-sign-up',
    'inventory-consumer',
    'listing-consumer',
    'job-runner',
    'search-indexer',
    'reservation-sweeper',
    'domain-checks',
    'offboarding-purge',
  ]) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'index.mjs'), 'export const handler = async () => ({});\n');
  }
  return {
    api: path.join(dir, 'api'),
    'stream-publisher': path.join(dir, 'stream-publisher'),
    'pre-sign-up': path.join(dir, 'pre-sign-up'),
    'inventory-consumer': path.join(dir, 'inventory-consumer'),
    'listing-consumer': path.join(dir, 'listing-consumer'),
    'job-runner': path.join(dir, 'job-runner'),
    'search-indexer': path.join(dir, 'search-indexer'),
    'reservation-sweeper': path.join(dir, 'reservation-sweeper'),
    'domain-checks': path.join(dir, 'domain-checks'),
    'offboarding-purge': path.join(dir, 'offboarding-purge'),
  };
})();

/** The environments as a clean clone has them: no variables set. */
export const envNamed = (name: EnvironmentName, vars: Record<string, string> = {}): Environment => environments(vars).find((e) => e.name === name)!;

export const MANIFESTS: StoreManifest[] = [
  { slug: 'demo-shoes', domains: ['demo-shoes.localhost', 'shoes.demo.localhost'] },
  { slug: 'acme', domains: ['shop.acme.example', 'www.acme.example'] },
  { slug: 'globex', domains: ['globex-store.example'] },
];

export function synth(env: Environment, manifests: readonly StoreManifest[] = MANIFESTS): Synth {
  const stack = new PlatformStack(Testing.app(), env.name, { env, lambdaAssets: fakeAssets, manifests });
  const json = Testing.synth(stack, true);
  return { json, ...JSON.parse(json) };
}

/** The one resource of a type. */
export const only = (s: Synth, type: string) => {
  const all = Object.values(s.resource[type] ?? {});
  expect(all, type).toHaveLength(1);
  return all[0];
};
export const named = (s: Synth, type: string, id: string) => {
  const found = s.resource[type]?.[id];
  expect(found, `${type}.${id}`).toBeDefined();
  return found;
};

/** A policy as IAM receives it, once Terraform has turned `$${` back into `${`. */
export const doc = (policy: string): PolicyDocument => JSON.parse(policy.replaceAll('$${', '${'));
export const rolePolicy = (s: Synth, id: string) => doc(named(s, 'aws_iam_role_policy', id).policy);
export const teamPolicy = (s: Synth, role: string) => rolePolicy(s, `team-${role}-policy`);
export const list = (value: string | string[]) => [value].flat();

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  );
const matches = (patterns: string | string[], value: string) => list(patterns).some((p) => glob(p).test(value));

/**
 * Whether a policy allows an action (on a given resource, or on some resource), the way IAM
 * decides within one policy: an unconditional Allow matches and no unconditional Deny does. A
 * Deny scoped to other resources (another environment's) does not count when no resource is
 * given. Conditioned statements are left out: tests check those on their own.
 */
export function allows(d: PolicyDocument, action: string, resource?: string): boolean {
  const on = (st: Statement) => (resource === undefined ? true : matches(st.Resource, resource));
  const allowed = d.Statement.some((st) => st.Effect === 'Allow' && !st.Condition && matches(st.Action, action) && on(st));
  const denied = d.Statement.some(
    (st) =>
      st.Effect === 'Deny' &&
      !st.Condition &&
      matches(st.Action, action) &&
      (list(st.Resource).includes('*') || (resource !== undefined && matches(st.Resource, resource))),
  );
  return allowed && !denied;
}
