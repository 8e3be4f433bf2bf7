import { startTestCloud, as, ADMIN, tempDir } from '../helpers/cloud';

/** The whole stack keeps its data across a restart of the local cloud on the same data folder. */
test('login, org and staff survive a restart', async () => {
  const dir = tempDir();
  let cloud = await startTestCloud({ dataDir: dir });
  const first = await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'longgang-2019' });
  const { code } = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: (await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes[1].code, permissions: ['child.read'] });
  const port = cloud.port;
  await cloud.close();

  cloud = await startTestCloud({ dataDir: dir });
  expect(cloud.port).not.toBe(0);
  const again = await as(cloud, ADMIN).ok('account', 'login', {});
  expect(again.me.userId).toBe(first.me.userId);
  expect(again.programme?.id).toBe('longgang-2019');
  expect((await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes.length).toBeGreaterThan(10);
  await as(cloud, 'later-staff').ok('account', 'login', {});
  const redeemed = await as(cloud, 'later-staff').ok('account', 'redeemStaffInvite', { code, name: '测试人员' });
  expect(redeemed.me.roles).toContain('staff');
  await cloud.close();
  expect(typeof port).toBe('number');
});
