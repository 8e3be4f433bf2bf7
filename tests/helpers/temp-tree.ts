import fs from 'fs';
import os from 'os';
import path from 'path';

/** A throw-away folder to plant files in (a mini-program tree with mistakes, say). */
export function tempTree(prefix: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    root,
    write(rel: string, text: string): void {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    },
    remove: (): void => fs.rmSync(root, { recursive: true, force: true }),
  };
}
