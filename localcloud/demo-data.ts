import fs from 'fs';
import path from 'path';
import type { LocalCloud } from './server';

/**
 * The demo data folder across `npm start`s. The programme setting that tells a first start from a
 * later one is written early in the seed, so a start stopped mid-seed (Ctrl-C, a `timeout`, a
 * crash on a slow machine) used to leave a half-built world that every later start kept: staff
 * but no pairings, a volunteer with no child. A mark file now lives in the folder while the seed
 * runs; a start that finds it throws the half-built folder away and seeds again. Folders without
 * the mark are never removed.
 */
const MARK = 'SEEDING';

export interface DemoCloud {
  cloud: LocalCloud;
  /** The demo data was created by this start. */
  seeded: boolean;
  /** A half-built folder from an interrupted start was removed first. */
  discarded: boolean;
}

export async function openDemoCloud(dataDir: string, start: () => Promise<LocalCloud>, seed: (cloud: LocalCloud) => Promise<unknown>): Promise<DemoCloud> {
  const mark = path.join(dataDir, MARK);
  const discarded = fs.existsSync(mark);
  if (discarded) fs.rmSync(dataDir, { recursive: true, force: true });
  const cloud = await start();
  const seeded = !(cloud.store.rawDocuments('settings') as { _id: string }[]).some((d) => d._id === 'programme');
  if (seeded) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(mark, `demo seed started ${new Date().toISOString()}; while this file exists the next npm start seeds again\n`);
    try {
      await seed(cloud);
    } catch (err) {
      await cloud.close(); // the mark stays: the next start begins again from empty
      throw err;
    }
    fs.unlinkSync(mark);
  }
  return { cloud, seeded, discarded };
}
