import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { killOnExit, stopChild, tail } from './child-process';
import { freePort, isPortFree } from './free-port';

export type DynamoDbLocal = { endpoint: string; port: number; stop(): Promise<void> };

export type DynamoDbLocalOptions = {
  port?: number;
  /**
   * Where clients reach it (the endpoint's host and the readiness probe's target). DynamoDB Local
   * has no bind-address option (`-help` lists none; its Jetty server is built from the port
   * alone), so it always listens on every interface: run it only on trusted networks.
   */
  host?: string;
  /** Data folder, created if missing; data survives restarts. Ignored when `inMemory` is set. */
  dbPath?: string;
  /** Keep nothing on disk; the default when no `dbPath` is given. */
  inMemory?: boolean;
  /** Receives every line DynamoDB Local prints, and its exit if it dies after start-up. */
  log?: (line: string) => void;
  /**
   * JVM tuned for short lives (C1 JIT only, serial GC): about half the CPU to start and to serve
   * a test run's few thousand requests, which counts on a small shared machine. Leave it off
   * where throughput is measured: over a long run the optimising compiler pays for itself.
   */
  quickStart?: boolean;
  /** Default 30 s. */
  startTimeoutMs?: number;
  /** Called if it exits after start-up without `stop()` (crashed, killed): `how` is the signal or exit code. */
  onExit?: (how: string) => void;
};

const JAVA_MISSING = 'Java 17+ is needed to run DynamoDB Local (apt-get install openjdk-17-jre-headless), or set DYNAMODB_ENDPOINT to another DynamoDB';

/** AWS's DynamoDB Local ships inside this npm package; we use its jar, never its JavaScript (which pulls in amplify-cli-core). */
function emulatorDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/**
 * Starts AWS's DynamoDB Local (real transactions and condition checks, unlike dynalite) with the
 * machine's Java, and resolves once it answers ListTables.
 * `-sharedDb` so any credentials and region see the same tables; `-disableTelemetry` because the
 * machine may have no network.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  // Checked up front because a second server on the port would answer our probe and look like ours.
  if (options.port !== undefined && !(await isPortFree(port, host))) {
    throw new Error(
      `Port ${port} is taken: DynamoDB Local cannot start there. Stop what uses it, or set DYNAMODB_ENDPOINT to use a DynamoDB that is already running.`,
    );
  }
  const directory = emulatorDirectory();
  const args = [
    ...(options.quickStart ? ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'] : []),
    `-Djava.library.path=${path.join(directory, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(directory, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dbPath && !options.inMemory) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', path.resolve(options.dbPath));
  } else {
    args.push('-inMemory');
  }

  // It writes dynamodb-local-metadata.json into its working directory (telemetry off or not):
  // run it in the package's folder so that file never lands in the repository.
  const child = spawn('java', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  const output = tail(20);
  let started = false;
  let stopping = false;
  let mainDied = false;
  let fail!: (error: Error) => void;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined);

  // Read both pipes for its whole life: a full pipe would block the JVM.
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      output.push(chunk);
      if (options.log) for (const line of chunk.split('\n')) if (line.trim()) options.log(line);
      // When Jetty cannot bind (port taken on another interface), only the main thread dies: the
      // JVM lives on, serving nothing. Give the stack trace a moment to arrive, then give up.
      if (!started && !mainDied && output.text().includes('Exception in thread "main"')) {
        mainDied = true;
        setTimeout(() => fail(new Error(`DynamoDB Local failed to start:\n${output.text()}`)), 200);
      }
    });
  }
  child.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? new Error(JAVA_MISSING, { cause: error }) : error));
  child.once('exit', (code, signal) => {
    const how = signal ?? `code ${code}`;
    if (started) options.log?.(`DynamoDB Local exited (${how})`);
    if (started && !stopping) options.onExit?.(how);
    fail(new Error(`DynamoDB Local exited during start-up (${how}):\n${output.text()}`));
  });

  const endpoint = `http://${urlHost(host)}:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  let timer: NodeJS.Timeout | undefined;
  let polling = true;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output.text()}`)), timeoutMs);
  });
  const ready = (async () => {
    // The JVM takes a few seconds; until it listens, every probe is refused at once.
    while (polling) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();

  try {
    await Promise.race([ready, died, timedOut]);
  } catch (error) {
    await stopChild(child, 500);
    throw error;
  } finally {
    polling = false;
    clearTimeout(timer);
    client.destroy();
  }
  started = true;
  return {
    endpoint,
    port,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}
