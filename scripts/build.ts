import fs from 'fs';
import path from 'path';
import { build } from 'esbuild';

/**
 * Bundles each cloud function (src/functions/<name>/index.ts plus the shared code it imports,
 * zod and dayjs) into cloudfunctions/<name>/index.js, so every function folder deploys on its own.
 * @cloudbase/node-sdk stays external: each folder's package.json installs it in the cloud.
 */
const root = path.resolve(__dirname, '..');

export async function buildFunctions(): Promise<{ name: string; bytes: number }[]> {
  const names = fs.readdirSync(path.join(root, 'src/functions')).filter((n) => fs.existsSync(path.join(root, 'src/functions', n, 'index.ts')));
  const out: { name: string; bytes: number }[] = [];
  for (const name of names) {
    const dir = path.join(root, 'cloudfunctions', name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`cloudfunctions/${name}/package.json is missing`);
    const outfile = path.join(dir, 'index.js');
    const result = await build({
      entryPoints: [path.join(root, 'src/functions', name, 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node16', // the oldest Node runtime CloudBase offers that we support
      format: 'cjs',
      external: ['@cloudbase/node-sdk'],
      legalComments: 'none',
      logLevel: 'warning',
      write: false,
    });
    // write then rename: a test loading the bundle while another rebuilds it never sees half a file
    const tmp = `${outfile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, result.outputFiles[0].contents);
    fs.renameSync(tmp, outfile);
    out.push({ name, bytes: fs.statSync(outfile).size });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  buildFunctions().then(
    (rows) => rows.forEach((r) => console.log(`built cloudfunctions/${r.name}/index.js  ${(r.bytes / 1024).toFixed(0)} KB`)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
