import fs from 'fs';
import path from 'path';
import { build } from 'esbuild';
import { ESBUILD_TARGET } from '../src/deploy/functions';
import { deployFiles } from '../src/deploy/files';

/**
 * Bundles each cloud function (src/functions/<name>/index.ts plus the shared code it imports,
 * zod and dayjs) into cloudfunctions/<name>/index.js, so every function folder deploys on its own.
 * @cloudbase/node-sdk stays external: each folder's package.json installs it in the cloud.
 */
const root = path.resolve(__dirname, '..');

/** Writes the deploy files generated from src/deploy (config.json, package.json, cloudbaserc.json); returns the paths changed. */
export function writeDeployFiles(): string[] {
  const sdk = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies['@cloudbase/node-sdk'];
  const changed: string[] = [];
  for (const [rel, text] of Object.entries(deployFiles(sdk))) {
    const file = path.join(root, rel);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    changed.push(rel);
  }
  return changed;
}

export async function buildFunctions(): Promise<{ name: string; bytes: number }[]> {
  writeDeployFiles();
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
      target: ESBUILD_TARGET, // the runtime every function is deployed with (src/deploy/functions.ts)
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

/** The mini-program's back end for this build: the local cloud, or a CloudBase environment by id. */
export function backendFile(envId: string): string {
  const backend = envId === 'local' ? { backend: 'local', envId: '' } : { backend: 'cloud', envId };
  return `/**
 * Which back end this build talks to. Written by \`npm run build -- --env <envId>\` (CloudBase) or
 * \`npm run build -- --env local\`; the committed file is always the local cloud, and
 * tests/build.test.ts fails if a cloud environment id is committed.
 */
export const BACKEND: { backend: 'local' | 'cloud'; envId: string } = { backend: '${backend.backend}', envId: '${backend.envId}' };
`;
}

/**
 * `--env <envId|local>` chooses the mini-program's back end (miniprogram/services/backend.ts);
 * `--appid <appid>` writes project.private.config.json (git-ignored; WeChat DevTools lets it
 * override project.config.json), since 云开发 needs the real appid, not touristappid.
 */
function applyBuildOptions(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const envId = arg('--env');
  if (envId !== undefined) {
    if (!/^(local|[a-z0-9][a-z0-9-]{2,62})$/.test(envId)) throw new Error(`--env must be a CloudBase environment id or "local", not "${envId}"`);
    fs.writeFileSync(path.join(root, 'miniprogram/services/backend.ts'), backendFile(envId));
    console.log(envId === 'local' ? 'mini-program back end: the local cloud' : `mini-program back end: CloudBase environment ${envId} (do not commit miniprogram/services/backend.ts)`);
  }
  const appid = arg('--appid');
  if (appid !== undefined) {
    if (!/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`--appid must look like wx followed by 16 hex digits, not "${appid}"`);
    fs.writeFileSync(path.join(root, 'project.private.config.json'), `${JSON.stringify({ appid, projectname: 'aixin-mama' }, null, 2)}\n`);
    console.log(`DevTools appid: ${appid} (project.private.config.json)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  try {
    applyBuildOptions(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  buildFunctions().then(
    (rows) => rows.forEach((r) => console.log(`built cloudfunctions/${r.name}/index.js  ${(r.bytes / 1024).toFixed(0)} KB`)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
