/**
 * Sets the plan counters (products and staff per store) of a deployed environment to what the
 * stores' items say: for stores created on AWS before the counters existed, whose counters would
 * otherwise start at zero and let them past their plan's limits. The same recount `npm start`
 * runs on kept data (src/plans/recount.ts), with the deployer's own credentials, since it reads
 * and writes every store's items, which no tenant-scoped role may.
 *
 *   npm run usage:recount -- --env prod [--store acme --store globex]
 *
 * Run it while the stores are quiet (a product created between a store's count and its write is
 * lost to the counter); running it again is harmless. The table: `--table` or TABLE_NAME, else
 * `terraform output -raw table_name` in cdktf.out/stacks/<env>. The region: `--region`,
 * AWS_REGION, else the environment's (stacks/config.ts). `--endpoint` or DYNAMODB_ENDPOINT points
 * it at DynamoDB Local instead. Storage bytes are not recounted (docs/next-steps.md).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDocumentClient, sharedClientProvider } from '../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../src/adapters/dynamodb/cursor';
import { createDynamoTenantRegistry } from '../src/adapters/dynamodb/tenant-registry';
import { recountPlanUsage, type RecountedStore } from '../src/plans/recount';
import { environmentNamed, regionFor, runScript, terraformOutput } from './deployed-stack';

export type RecountOptions = { region: string; tableName: string; endpoint?: string | undefined; stores: string[] };

const USAGE = 'usage: npm run usage:recount -- --env <dev|staging|prod> [--store <slug>]... [--table <name>] [--region <region>] [--endpoint <url>]';

export function optionsFromArgs(
  args: string[],
  env: Record<string, string | undefined>,
  tableFromOutputs: (stage: string) => string | undefined,
): RecountOptions {
  const { values } = parseArgs({
    args,
    options: {
      env: { type: 'string' },
      store: { type: 'string', multiple: true },
      table: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
    },
    strict: true,
  });
  const stage = environmentNamed(env, values.env);
  if (!stage) throw new Error(USAGE);
  const tableName = values.table ?? env.TABLE_NAME ?? tableFromOutputs(stage.name);
  if (!tableName) throw new Error(`No table: pass --table, set TABLE_NAME, or apply the ${stage.name} stack first (its output table_name).`);
  return {
    region: regionFor(stage, values.region, env),
    tableName,
    endpoint: values.endpoint ?? env.DYNAMODB_ENDPOINT,
    stores: values.store ?? [],
  };
}

/** Recounts every store (or the ones named) of the table with the caller's credentials. */
export async function recountTable(options: RecountOptions, onStore?: (recounted: RecountedStore) => void) {
  const client = createDocumentClient({ region: options.region, endpoint: options.endpoint });
  // The registry's cursors never leave this process: a key of its own will do.
  const registry = createDynamoTenantRegistry({ client, tableName: options.tableName, cursors: createCursorCodec(newCursorKey()) });
  const recounted = await recountPlanUsage({
    registry,
    clients: sharedClientProvider(client),
    tableName: options.tableName,
    only: options.stores,
    ...(onStore ? { onStore } : {}),
  });
  const missing = options.stores.filter((slug) => !recounted.some((r) => r.store === slug));
  if (missing.length > 0) throw new Error(`No such store in ${options.tableName}: ${missing.join(', ')} (the others named were recounted).`);
  return recounted;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runScript(async () => {
    const options = optionsFromArgs(process.argv.slice(2), process.env, (stage) => terraformOutput(stage, 'table_name'));
    const many = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const recounted = await recountTable(options, (r) => process.stdout.write(`${r.store}: ${many(r.products, 'product')}, ${r.staff} staff\n`));
    process.stdout.write(`Recounted ${recounted.length} store${recounted.length === 1 ? '' : 's'} in ${options.tableName}.\n`);
  });
}
