/**
 * `npm run synth` (and `cdktf synth`, through cdktf.json): writes
 * `cdktf.out/stacks/<env>/cdk.tf.json` for dev, staging and prod, offline and with no AWS
 * credentials: no CDKTF CLI, no Terraform, no provider download. See docs/deploy.md.
 */
import path from 'node:path';
import { synthesize } from './program';

const root = path.resolve(import.meta.dirname, '..');
try {
  const files = await synthesize({ root, vars: process.env, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`synthesized ${files.map((file) => path.relative(process.cwd(), file)).join(', ')}\n`);
} catch (error) {
  process.stderr.write(`synth: ${(error as Error).message}\n`);
  process.exit(1);
}
