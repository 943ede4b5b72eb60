import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { freePort, isPortFree } from './free-port';

export type LocalS3 = { endpoint: string; port: number; stop(): Promise<void> };

const cors = (origins: string[]) => `<CORSConfiguration>
  <CORSRule>
    ${origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('')}
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * The S3 stand-in, in process, on loopback, with the media bucket created and CORS open to the
 * local store domains so browsers can upload. It does not check signatures or POST policies.
 */
export async function startS3rver(options: { directory: string; buckets: string[]; port?: number; corsOrigins?: string[] }): Promise<LocalS3> {
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await isPortFree(port))) throw new Error(`Port ${port} is taken: s3rver cannot start there. Set S3_ENDPOINT to use another S3.`);
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [cors(options.corsOrigins ?? ['*'])] })),
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => server.close() };
}
