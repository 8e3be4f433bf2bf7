import path from 'path';
import { startLocalCloud, type LocalCloud } from '../../localcloud/server';
import { buildFunctions } from '../../scripts/build';
import { as, ADMIN } from '../helpers/cloud';
import { buildSheet } from '../domain/child/fixtures';
import { userIdFor } from '../../src/server/ids';

/**
 * The built `child` bundle (exceljs inside it) imports and exports through the gateway exactly like
 * the source, and stays well under the platform's package limit.
 */
const root = path.resolve(__dirname, '../..');
let cloud: LocalCloud;
let bytes = 0;
const savedAdmins = process.env.ADMIN_OPENIDS;

beforeAll(async () => {
  bytes = (await buildFunctions()).find((b) => b.name === 'child')!.bytes;
  process.env.ADMIN_OPENIDS = ADMIN;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  cloud = await startLocalCloud({ dataDir: null, functions: (name) => require(path.join(root, 'cloudfunctions', name, 'index.js')).main });
}, 60_000);
afterAll(async () => {
  await cloud.close();
  if (savedAdmins === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = savedAdmins;
});

test('the bundle is under 10 MB and a sheet goes in and out', async () => {
  expect(bytes).toBeLessThan(10_000_000);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'longgang-2019' });
  const { nodes } = await as(cloud, ADMIN).ok('account', 'listOrgs', {});
  const community = nodes.find((n) => n.level !== 'unit' && !nodes.some((m) => m.parentCode === n.code))!; // the lowest level the tree has
  const fileID = cloud.storage.write(`child-imports/${userIdFor(ADMIN)}/bundle.xlsx`, await buildSheet('lg-2', [{ 序号: 1, 姓名: '打包测试儿童', '年龄（出生年月）': '2016年5月', 所在社区: community.name, 监护人及联系方式: '测试 13900000001', 贫困原因: '低保' }]));
  const imported = await as(cloud, ADMIN).ok('child', 'importSheet', { fileID, orgCode: community.code });
  expect(imported).toMatchObject({ layout: 'lg-2', created: 1, rejectedTotal: 0 });
  const exported = await as(cloud, ADMIN).ok('child', 'exportSheet', { layout: 'lg-2' });
  expect(exported).toMatchObject({ count: 1, fileName: expect.stringMatching(/^贫困儿童基本情况报送表_/) });
});
