import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { killOnExit, stopChild, tail } from './child-process';
import { freePort, isPortFree } from './free-port';
import { startLocalLambda, type LocalFunction, type LocalLambda } from './lambda-invoke';

export type CognitoLocal = { endpoint: string; port: number; stop(): Promise<void> };

/**
 * Starts cognito-local (a Cognito user-pool stand-in) on loopback. It keeps its data in
 * `<dataDir>/.cognito`; its default config makes the username an email, which would break our
 * `<tenantId>:<email>` usernames, so the config written here clears that default.
 *
 * With `preSignUp`, the pool's pre-sign-up trigger is that function: cognito-local invokes its
 * triggers through the Lambda Invoke API at the endpoint of its config (`LambdaClient`), so a
 * small local Lambda endpoint serves it on a free loopback port. cognito-local 5.3.0 runs the
 * trigger for SignUp only, not for AdminCreateUser (real Cognito runs it for both).
 */
export async function startCognitoLocal(options: {
  dataDir: string;
  port?: number;
  startTimeoutMs?: number;
  preSignUp?: LocalFunction;
  /** Called if it exits after start-up without `stop()` (crashed, killed): `how` is the signal or exit code. */
  onExit?: (how: string) => void;
}): Promise<CognitoLocal> {
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await isPortFree(port))) {
    throw new Error(`Port ${port} is taken: cognito-local cannot start there. Stop what uses it, or set COGNITO_ENDPOINT to a running one.`);
  }
  const configDir = path.join(options.dataDir, '.cognito');
  mkdirSync(configDir, { recursive: true });
  const configFile = path.join(configDir, 'config.json');
  let lambda: LocalLambda | undefined;
  if (options.preSignUp) lambda = await startLocalLambda({ 'pre-sign-up': options.preSignUp });
  // Rewritten at every start: the trigger endpoint's port changes from run to run.
  const config = {
    UserPoolDefaults: { UsernameAttributes: [] },
    ...(lambda
      ? {
          LambdaClient: { endpoint: lambda.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
          TriggerFunctions: { PreSignUp: 'pre-sign-up' },
        }
      : {}),
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const stopLambda = async () => {
    await lambda?.stop();
  };

  const script = path.join(path.dirname(createRequire(import.meta.url).resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
  const child = spawn(process.execPath, [script], {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const output = tail(30);
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stopLambda();
      throw new Error(`cognito-local exited during start-up:\n${output.text()}`);
    }
    try {
      // Any HTTP answer means it listens; the health route does not matter.
      await fetch(`${endpoint}/health`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopChild(child, 500);
        await stopLambda();
        throw new Error(`cognito-local did not answer within the start timeout:\n${output.text()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) options.onExit?.(signal ?? `code ${code}`);
  });
  return {
    endpoint,
    port,
    stop: async () => {
      stopping = true;
      await stopChild(child);
      await stopLambda();
    },
  };
}
