import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { killOnExit, stopChild, tail } from './child-process';
import { freePort, isPortFree } from './free-port';

export type DynamoDbLocal = { endpoint: string; port: number; stop(): Promise<void> };

/** AWS's DynamoDB Local ships inside this npm package; we use its jar, not its JavaScript. */
function emulatorDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/**
 * Starts AWS's DynamoDB Local (real transactions, unlike dynalite) with the machine's Java.
 * `-sharedDb` so any credentials and region see the same tables; `-disableTelemetry` because
 * the machine may have no network. DynamoDB Local has no bind-address option: it listens on all
 * interfaces, so we only ever advertise the loopback endpoint.
 */
export async function startDynamoDbLocal(options: { port?: number; dbPath?: string; inMemory?: boolean; startTimeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await isPortFree(port))) {
    throw new Error(`Port ${port} is taken: DynamoDB Local cannot start there. Stop what uses it, or set DYNAMODB_ENDPOINT to use a DynamoDB that is already running.`);
  }
  const directory = emulatorDirectory();
  const args = [`-Djava.library.path=${path.join(directory, 'DynamoDBLocal_lib')}`, '-jar', path.join(directory, 'DynamoDBLocal.jar'), '-port', String(port), '-sharedDb', '-disableTelemetry'];
  if (options.dbPath && !options.inMemory) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', options.dbPath);
  } else {
    args.push('-inMemory');
  }

  const child = spawn('java', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  const output = tail(20);
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);

  const died = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('Java 17+ is needed to run DynamoDB Local (apt-get install openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to another DynamoDB.')
          : error,
      ),
    );
    child.once('exit', (code, signal) => reject(new Error(`DynamoDB Local exited during start-up (${signal ?? `code ${code}`}):\n${output.text()}`)));
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const ready = (async () => {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within the start timeout:\n${output.text()}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();

  try {
    await Promise.race([ready, died]);
  } catch (error) {
    await stopChild(child, 500);
    throw error;
  } finally {
    client.destroy();
  }
  died.catch(() => undefined);
  return { endpoint, port, stop: () => stopChild(child) };
}
