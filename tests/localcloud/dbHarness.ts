/** Starts the database emulator on a random port and initialises the real node-sdk against it. */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import tcb from '@cloudbase/node-sdk';
import { createDatabaseRequestHandler } from '../../localcloud/db/http';
import { DocumentStore } from '../../localcloud/db/store';

export interface DbHarness {
  store: DocumentStore;
  db: ReturnType<ReturnType<typeof tcb.init>['database']>;
  url: string;
  close(): Promise<void>;
}

export async function startDb(store: DocumentStore = DocumentStore.open({ dataDir: null })): Promise<DbHarness> {
  const server = http.createServer(createDatabaseRequestHandler(store));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/admin`;
  const app = tcb.init({ env: 'local', secretId: 'x', secretKey: 'x', serviceUrl: url });
  return {
    store,
    db: app.database(),
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}

export function tempDir(prefix = 'localcloud-db-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Expects the promise to reject with a CloudBase error code. */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as { code?: unknown }).code);
  }
  throw new Error('expected the call to fail');
}
