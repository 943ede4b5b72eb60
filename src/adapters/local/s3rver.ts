import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

export type LocalS3 = { endpoint: string; port: number; stop(): Promise<void> };

export type LocalS3Options = {
  /** Omitted: the OS picks a free one while binding, so there is no window for another process to take it. */
  port?: number;
  host?: string;
  directory: string;
  /** Created (with the CORS rule) at start; existing objects are kept. */
  buckets: string[];
  silent?: boolean;
  /** Browser origins allowed to PUT/POST/GET/HEAD; S3 allows one `*` per origin (`http://localhost:*`). */
  corsOrigins?: string[];
  /**
   * Called if its server closes without `stop()`. It runs inside this process, so it cannot die
   * alone as the other stand-ins can; a server error that closes it is the one way it goes.
   */
  onExit?: (how: string) => void;
};

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ETag is exposed so a browser can read what it uploaded (multipart uploads need it).
const cors = (origins: string[]) => `<CORSConfiguration>
  <CORSRule>
    ${origins.map((o) => `<AllowedOrigin>${xmlText(o)}</AllowedOrigin>`).join('')}
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/**
 * The S3 stand-in, in this process, with the buckets created and CORS open to the given origins
 * so browsers can upload with presigned URLs. Clients must use path-style addressing and the
 * access key id `S3RVER` (the only one it knows); it checks that id but never a SigV4 signature
 * or a POST policy, so nothing a signature restricts is proven locally.
 */
export async function startS3rver(options: LocalS3Options): Promise<LocalS3> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    port: options.port ?? 0,
    address: host,
    directory: options.directory,
    silent: options.silent ?? true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [cors(options.corsOrigins ?? ['*'])] })),
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${options.port} is taken: s3rver cannot start there. Stop what uses it, or set S3_ENDPOINT to use another S3.`, { cause: error });
    }
    throw error;
  }
  let stopped: Promise<void> | undefined;
  // s3rver's types do not declare the Node server it listens with; it is there once `run()` resolved.
  (server as unknown as { httpServer?: import('node:http').Server }).httpServer?.once('close', () => {
    if (!stopped) options.onExit?.('its server closed');
  });
  // Closing twice would reject ("Not running"); teardown paths may well call it twice.
  const stop = () => (stopped ??= server.close());
  return { endpoint: `http://${urlHost(host)}:${port}`, port, stop };
}
