import http from 'http';
import type { AddressInfo } from 'net';
import { pointSdkAt } from './env';
import type { LocalCloud } from './server';

/**
 * Counts the database and storage requests the functions send: a pass-through in front of the local
 * cloud's /admin, with the SDK pointed at it. Tests and benches count round trips with it: the
 * number that must not grow with the data.
 */
export async function startCountingProxy(cloud: LocalCloud): Promise<{ count: () => number; reset: () => void; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    n++;
    const up = http.request(`${cloud.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 200, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pointSdkAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    count: () => n,
    reset: () => void (n = 0),
    close: () => new Promise<void>((resolve) => { pointSdkAt(cloud.url); server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
