import { spawn, type ChildProcess } from 'child_process';
import type { Readable, Writable } from 'stream';

/** The DevTools protocol over --remote-debugging-pipe: JSON messages ended by NUL, fd 3 in, fd 4 out. */
export class Cdp {
  private seq = 0;
  private pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  private waiters: { method: string; sessionId?: string; resolve(): void }[] = [];
  private buffer = '';
  constructor(private input: Writable, output: Readable) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 1);
        if (msg.id && this.pending.has(msg.id)) {
          const p = this.pending.get(msg.id)!;
          this.pending.delete(msg.id);
          if (msg.error) p.reject(new Error(`${msg.error.message} (${msg.error.code})`));
          else p.resolve(msg.result);
        } else if (msg.method) {
          this.waiters = this.waiters.filter((w) => {
            if (w.method !== msg.method || (w.sessionId && w.sessionId !== msg.sessionId)) return true;
            w.resolve();
            return false;
          });
        }
      }
    });
  }
  send<T = any>(method: string, params: object = {}, sessionId?: string): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }
  once(method: string, sessionId: string, ms = 20000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), ms);
      this.waiters.push({ method, sessionId, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

export function launch(binary: string, profile: string): { proc: ChildProcess; cdp: Cdp } {
  const proc = spawn(
    binary,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--no-default-browser-check',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--hide-scrollbars', '--mute-audio',
      // nothing leaves the machine: remote fonts (TDesign's icon font) fail at once instead of hanging
      '--host-resolver-rules=MAP * ~NOTFOUND', '--allow-file-access-from-files',
      `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let errors = '';
  proc.stderr!.on('data', (c: Buffer) => void (errors = (errors + c.toString()).slice(-4000)));
  proc.on('exit', (code) => {
    if (code) console.error(`chromium exited with ${code}:\n${errors}`);
  });
  const stdio = proc.stdio as unknown as [unknown, unknown, unknown, Writable, Readable];
  return { proc, cdp: new Cdp(stdio[3], stdio[4]) };
}
