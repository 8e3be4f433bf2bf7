import fs from 'fs';
import path from 'path';
import { openDemoCloud } from '../../localcloud/demo-data';
import type { LocalCloud } from '../../localcloud/server';
import { startTestCloud, as, ADMIN, tempDir } from '../helpers/cloud';

/**
 * `npm start` seeds the demo once and keeps it. A start stopped mid-seed must not leave a
 * half-built world that later starts keep: the programme setting, which tells a first start from
 * a later one, is written early in the seed.
 */
const open: LocalCloud[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

test('a start stopped mid-seed is seeded again from empty on the next start; a finished seed is kept', async () => {
  const dir = tempDir();
  const start = async () => {
    const cloud = await startTestCloud({ dataDir: dir });
    open.push(cloud);
    return cloud;
  };
  const setUp = (presetId: string) => async (cloud: LocalCloud) => {
    await as(cloud, ADMIN).ok('account', 'login', {});
    await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId });
  };
  const stopped = openDemoCloud(dir, start, async (cloud) => {
    await setUp('longgang-2019')(cloud);
    throw new Error('stopped');
  });
  await expect(stopped).rejects.toThrow('stopped');
  open.pop(); // openDemoCloud closed it
  expect(fs.existsSync(path.join(dir, 'SEEDING'))).toBe(true);

  const second = await openDemoCloud(dir, start, setUp('suining-2019'));
  expect(second).toMatchObject({ seeded: true, discarded: true });
  expect(fs.existsSync(path.join(dir, 'SEEDING'))).toBe(false);
  expect((await as(second.cloud, ADMIN).ok('account', 'login', {})).programme?.id).toBe('suining-2019');
  await open.pop()!.close();

  let seeds = 0;
  const third = await openDemoCloud(dir, start, async () => {
    seeds += 1;
  });
  expect(third).toMatchObject({ seeded: false, discarded: false });
  expect(seeds).toBe(0);
  expect((await as(third.cloud, ADMIN).ok('account', 'login', {})).programme?.id).toBe('suining-2019');
});
