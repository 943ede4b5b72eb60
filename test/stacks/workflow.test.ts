/**
 * The pipeline (.github/workflows/deploy.yml and the apply and smoke workflows it calls), parsed:
 * its jobs, their order, who gets AWS credentials and how, and the approval gate before prod.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubTrust } from '../../stacks/deployer';

const root = path.resolve(import.meta.dirname, '../..');
const workflows = path.join(root, '.github', 'workflows');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (file: string): any => parse(readFileSync(path.join(workflows, file), 'utf8'));
const deploy = load('deploy.yml');
const apply = load('apply.yml');
const smoke = load('smoke.yml');
const jobs = deploy.jobs as Record<
  string,
  Record<string, unknown> & { needs?: string | string[]; steps?: { run?: string; uses?: string; with?: Record<string, unknown> }[] }
>;
const needs = (job: string) => [jobs[job]!.needs ?? []].flat();
const runs = (steps: { run?: string }[] = []) => steps.map((s) => s.run ?? '').join('\n');
const deployDoc = readFileSync(path.join(root, 'docs', 'deploy.md'), 'utf8');

describe('deploy.yml', () => {
  it('runs on every change (pull requests and pushes to main) and grants nothing by default', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(deploy.on.push.branches).toEqual(['main']);
    expect(deploy.permissions).toEqual({ contents: 'read' });
    expect(deploy.concurrency['cancel-in-progress']).toBe(false);
  });

  it('lints, tests and synthesizes first, on every change', () => {
    const check = jobs.check!;
    expect(check.if).toBeUndefined();
    const script = runs(check.steps);
    for (const command of ['npm ci', 'npm run typecheck', 'npm test', 'npm run build:lambda', 'npm run synth']) expect(script).toContain(command);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const name of ['typecheck', 'test', 'build:lambda', 'synth']) expect(pkg.scripts[name], name).toBeDefined();
  });

  it('plans every environment with the read-only planner, after the checks, and shows the plan', () => {
    const plan = jobs.plan!;
    expect(needs('plan')).toEqual(['check']);
    expect(plan.if).toBeUndefined();
    expect((plan.strategy as { matrix: { env: string[] } }).matrix.env).toEqual(['dev', 'staging', 'prod']);
    expect(plan.environment).toBe('${{ matrix.env }}-plan');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const creds = plan.steps!.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
    expect(creds.with!['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    const script = runs(plan.steps);
    expect(script).toContain('terraform plan -input=false -lock-timeout=5m -out=tfplan');
    expect(script).toContain('$GITHUB_STEP_SUMMARY');
    const upload = plan.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with!.path).toContain('plan.txt');
    // The binary plan holds secret values (the cursor key, the ticket secret): never an artifact.
    expect(String(upload.with!.path)).not.toMatch(/tfplan(\s|$)/);
  });

  it('applies dev, then staging after dev’s smoke checks, then prod after staging’s, on main only', () => {
    expect(needs('deploy-dev')).toEqual(['plan']);
    expect(jobs['deploy-dev']!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(needs('smoke-dev')).toEqual(['deploy-dev']);
    expect(needs('deploy-staging')).toEqual(['smoke-dev']);
    expect(needs('smoke-staging')).toEqual(['deploy-staging']);
    expect(needs('deploy-prod')).toEqual(['smoke-staging']);
    expect(needs('smoke-prod')).toEqual(['deploy-prod']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(jobs[`deploy-${env}`]).toMatchObject({
        uses: './.github/workflows/apply.yml',
        with: { environment: env },
        permissions: { contents: 'read', 'id-token': 'write' },
      });
      expect(jobs[`smoke-${env}`]).toMatchObject({ uses: './.github/workflows/smoke.yml', with: { 'api-url': `\${{ needs.deploy-${env}.outputs.api-url }}` } });
    }
  });

  it('gives AWS credentials to no other job, and never a long-lived key', () => {
    const withToken = Object.entries(jobs)
      .filter(([, job]) => (job.permissions as Record<string, string> | undefined)?.['id-token'] === 'write')
      .map(([name]) => name);
    expect(withToken.sort()).toEqual(['deploy-dev', 'deploy-prod', 'deploy-staging', 'plan']);
    for (const file of ['deploy.yml', 'apply.yml', 'smoke.yml']) {
      const text = readFileSync(path.join(workflows, file), 'utf8');
      expect(text, file).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS/);
    }
  });

  it('runs the data migrations (a real script) as their own step after the apply, before the smoke checks', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.migrate).toMatch(/src\/migrations\/cli\.ts/);
    const steps = apply.jobs.apply.steps as { name?: string; run?: string }[];
    const applied = steps.findIndex((s) => s.run?.includes('terraform apply'));
    const migrated = steps.findIndex((s) => s.run?.includes('run migrate'));
    expect(applied).toBeGreaterThanOrEqual(0);
    expect(migrated).toBeGreaterThan(applied);
    expect(steps[migrated]!.run).toContain('terraform output -raw table_name');
    // The smoke checks are deploy.yml's next jobs, after the whole apply job (this step included).
  });
});

describe('apply.yml: the approval gate and the deployer role', () => {
  const job = apply.jobs.apply;

  it('runs its job in the GitHub environment it is called for, so protection rules gate it', () => {
    expect(Object.keys(apply.on)).toEqual(['workflow_call']);
    expect(apply.on.workflow_call.inputs.environment).toEqual({ type: 'string', required: true });
    expect(job.environment.name).toBe('${{ inputs.environment }}');
    expect(job.permissions ?? apply.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('assumes the deployer role through OIDC, whose trust names exactly that environment', () => {
    const creds = job.steps.find((s: { uses?: string }) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(creds.with['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    // The subject GitHub puts in the token of a job in environment `prod`, and the one the role trusts.
    const trust = githubTrust('111111111111', 'acme/catalog-platform', 'prod');
    expect(trust.Statement[0]!.Condition!.StringEquals!['token.actions.githubusercontent.com:sub']).toBe('repo:acme/catalog-platform:environment:prod');
    expect(
      githubTrust('111111111111', 'acme/catalog-platform', 'prod-plan').Statement[0]!.Condition!.StringEquals!['token.actions.githubusercontent.com:sub'],
    ).toBe('repo:acme/catalog-platform:environment:prod-plan');
  });

  it('applies only the changes the plan job showed', () => {
    const script = runs(job.steps);
    expect(script).toContain('diff -u "$GITHUB_WORKSPACE/reviewed/changes.json" changes.json');
    expect(script.indexOf('diff -u')).toBeLessThan(script.indexOf('terraform apply'));
    expect(script).toContain('terraform apply -input=false -lock-timeout=5m tfplan');
  });

  it('docs/deploy.md tells how to require reviewers on the prod environment', () => {
    expect(deployDoc).toMatch(/`prod`[^\n]*required reviewers/);
  });
});

describe('smoke.yml', () => {
  const steps = smoke.jobs.smoke.steps as { run?: string; env?: Record<string, string> }[];
  const script = runs(steps);

  it('runs the smoke suite (npm run smoke) against the applied stage instead of bare curl lines', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.smoke).toContain('scripts/smoke.ts');
    expect(existsSync(path.join(root, 'scripts', 'smoke.ts'))).toBe(true);
    expect(script).not.toContain('curl');
    expect(script).toContain('npm ci');
    expect(script).toContain('npm run smoke -- --base-url "$API_URL" --wait 60 --store-url "$SMOKE_STORE_URL"');
    // Until an environment has its smoke store, health and readiness only, with a warning on the run.
    expect(script).toContain('npm run smoke -- --base-url "$API_URL" --wait 60 --health-only');
    expect(script).toMatch(/::warning::no smoke store/);
  });

  it('takes the store and customer from repository variables and the password from a secret, per environment, and gets no AWS credentials', () => {
    expect(smoke.on.workflow_call.inputs['api-url']).toMatchObject({ type: 'string', required: true });
    expect(smoke.on.workflow_call.secrets['smoke-password']).toEqual({ required: false });
    const run = steps.find((st) => st.run?.includes('npm run smoke'))!;
    expect(run.env).toMatchObject({
      API_URL: '${{ inputs.api-url }}',
      SMOKE_STORE_URL: '${{ inputs.store-url }}',
      SMOKE_EMAIL: '${{ inputs.smoke-email }}',
      SMOKE_PASSWORD: '${{ secrets.smoke-password }}',
    });
    // The password reaches the script through the environment only, never its command line.
    expect(script).not.toContain('--password');
    expect(script).not.toContain('SMOKE_PASSWORD');
    for (const env of ['dev', 'staging', 'prod']) {
      const E = env.toUpperCase();
      expect(jobs[`smoke-${env}`]).toMatchObject({
        with: { 'store-url': `\${{ vars.SMOKE_STORE_URL_${E} }}`, 'smoke-email': `\${{ vars.SMOKE_EMAIL_${E} }}` },
        secrets: { 'smoke-password': `\${{ secrets.SMOKE_PASSWORD_${E} }}` },
      });
      expect(jobs[`smoke-${env}`]!.permissions).toBeUndefined();
    }
    expect(smoke.permissions).toEqual({ contents: 'read' });
  });
});
