/**
 * The CDKTF program: one stack per environment from one definition. `npm run synth` bundles the
 * Lambda functions with esbuild, then writes `cdktf.out/stacks/<env>/cdk.tf.json`, offline and
 * with no AWS credentials. Deploying is `cdktf deploy <env>` (or terraform on that JSON).
 */
import path from 'node:path';
import { App } from 'cdktf';
import { buildLambdas } from '../scripts/build-lambda';
import { loadManifests } from '../src/tenants/manifest';
import { ENVIRONMENTS } from './config';
import { PlatformStack } from './platform-stack';
import { storeDomains } from './store-domains';

const root = path.resolve(import.meta.dirname, '..');
const bundles = path.join(root, 'dist', 'lambda');
await buildLambdas({ outDir: bundles, root });
const domains = storeDomains(await loadManifests(path.join(root, 'tenants')));

const app = new App({ outdir: path.join(root, 'cdktf.out') });
for (const env of ENVIRONMENTS) {
  new PlatformStack(app, env.name, { env, storeDomains: domains, lambdaAssets: { api: path.join(bundles, 'api'), relay: path.join(bundles, 'relay') } });
}
app.synth();
process.stdout.write(`Synthesized ${ENVIRONMENTS.map((e) => `cdktf.out/stacks/${e.name}/cdk.tf.json`).join(', ')}\n`);
