/** HTTP front of the database emulator: POST JSON body in, JSON out, always HTTP 200 like CloudBase. */
import type { IncomingMessage, ServerResponse } from 'http';
import { handleDatabaseAction } from './actions';
import { newRequestId } from './codec';
import type { DocumentStore } from './store';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function createDatabaseRequestHandler(store: DocumentStore): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'POST') {
      send(res, 405, { code: 'INVALID_PARAM', message: 'POST a JSON body', requestId: newRequestId() });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } catch {
        send(res, 200, { code: 'INVALID_PARAM', message: 'request body is not JSON', requestId: newRequestId() });
        return;
      }
      // Each attempt of the action (and its journal write) runs synchronously before any other
      // request is looked at, and the answer is sent only after the write is in the journal; a
      // write blocked by an open transaction waits for it and runs again.
      void handleDatabaseAction(store, body).then((answer) => send(res, 200, answer));
    });
  };
}
