import http from 'http';
import type { AddressInfo } from 'net';
import { pointSdkAt } from './env';
import type { LocalCloud } from './server';

/** Sees each request the SDK sends (body and headers); answering it (status, JSON) stops it there. */
export type Intercept = (body: Buffer, req: http.IncomingMessage) => { status: number; json: unknown } | undefined;

export interface SdkProxy {
  count: () => number;
  reset: () => void;
  close: () => Promise<void>;
}

/**
 * A pass-through in front of the local cloud with the SDK pointed at it, for tests and benches:
 * it counts the database and storage requests the functions send (the round trips that must not
 * grow with the data), and `intercept` may look at a request or answer it instead (an injected fault).
 */
export async function startSdkProxy(cloud: LocalCloud, intercept?: Intercept): Promise<SdkProxy> {
  let n = 0;
  const server = http.createServer((req, res) => {
    n++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = intercept?.(body, req);
      if (answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(answer.json));
      }
      const up = http.request(`${cloud.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 200, r.headers);
        r.pipe(res);
      });
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pointSdkAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    count: () => n,
    reset: () => void (n = 0),
    close: () =>
      new Promise<void>((resolve) => {
        pointSdkAt(cloud.url);
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The round-trip counter alone. */
export const startCountingProxy = (cloud: LocalCloud): Promise<SdkProxy> => startSdkProxy(cloud);

/** The database round trips one run makes, and what it answered (tests and benches count actions this way). */
export async function countRoundTrips<T>(cloud: LocalCloud, run: () => Promise<T>): Promise<[number, T]> {
  const proxy = await startCountingProxy(cloud);
  try {
    const out = await run();
    return [proxy.count(), out];
  } finally {
    await proxy.close();
  }
}
