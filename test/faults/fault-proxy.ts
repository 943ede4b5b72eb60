import net from 'node:net';

/**
 * What the proxy does to connections: `pass` forwards them, `refuse` stops listening (the client
 * sees ECONNREFUSED), `reset` accepts then resets each one (ECONNRESET), `freeze` accepts and never
 * answers (only the client's timeouts end the wait).
 */
export type FaultMode = 'pass' | 'refuse' | 'reset' | 'freeze';

export type FaultProxy = {
  /** `http://127.0.0.1:<port>`: point a client here instead of at the target. */
  endpoint: string;
  /** The target URL with its origin swapped for the proxy's (a JWKS URI, say). */
  via(url: string): string;
  mode(next: FaultMode): Promise<void>;
  close(): Promise<void>;
};

/**
 * A TCP proxy in front of one stand-in, for one test file: its own port (chosen by the OS), so
 * files running in parallel never meet. Every switch of mode cuts the connections open so far,
 * so no kept-alive socket carries the old behaviour into the new one.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const open = new Set<net.Socket>();
  let current: FaultMode = 'pass';

  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    if (current === 'reset') return void socket.resetAndDestroy();
    if (current === 'freeze') return void socket.pause();
    const upstream = net.connect({ host: hostname, port: Number(targetPort) });
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };

  return {
    endpoint,
    via(url) {
      const u = new URL(url);
      return `${endpoint}${u.pathname}${u.search}`;
    },
    async mode(next) {
      if (next === current) return;
      cutAll();
      if (next === 'refuse') await new Promise<void>((resolve) => server.close(() => resolve()));
      // Back on the same port, so the clients pointed here find it again.
      if (current === 'refuse') await listen(port);
      current = next;
    },
    async close() {
      cutAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
