import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { countRoundTrips } from '../../localcloud/counting-proxy';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import { idKey } from '../../localcloud/db/codec';
import { suiningForm } from '../domain/volunteer/fixtures';

/**
 * Round trips (issue 16) of the sign-up and vetting, counted around one call, the same with a few
 * records and with thousands:
 * - the form 1 (the caller's row);
 * - a submit 5 (her row, one aggregate read of her node's path, her verified phone and any earlier
 *   application, one request for both locks, the application, her row);
 * - a review step 4 (caller, one aggregate read of the application with what a final approval
 *   needs, the conditional write, the audit entry), a final approval 5 (the number's reservation on
 *   top), also the first time at her node: the node's default team was made with the node
 *   (createOrg, setupProgramme); 6 there only at a node from before that, which has no team yet;
 * - the review does not write her user row: while her row says she is in review, each call of hers
 *   reads her application's status too (+1), and the first one after a decision writes her row
 *   level (+1 once).
 */
let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await makeStaff(cloud, 'rt-county', 'sn-anju', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'rt-city', 'sn', ['volunteer.review', 'volunteer.read']);
});
afterEach(() => cloud.close());

const count = async (run: () => Promise<unknown>): Promise<number> => (await countRoundTrips(cloud, run))[0];

function bulk(): void {
  const base = cloud.store.rawDocuments('volunteer_applications')[0] as Record<string, unknown>;
  cloud.store.insertMany('volunteer_applications', Array.from({ length: 3000 }, (_, i) => ({ ...base, _id: `bulk-va-${i}`, userId: `bulk-u-${i}`, status: i % 3 ? 'approved' : 'pending', volunteerNumber: i % 3 ? `BULK${i}` : null })));
  cloud.store.insertMany('users', Array.from({ length: 3000 }, (_, i) => ({ _id: `bulk-u-${i}`, openid: `bulk-o-${i}`, name: null, roles: ['donor'], staff: null, volunteerStatus: null, createdAt: '', lastLoginAt: '' })));
  cloud.store.insertMany('volunteer_phones', Array.from({ length: 3000 }, (_, i) => ({ _id: `bulk-u-${i}`, phone: (base as { phone: unknown }).phone, verifiedAt: '' })));
  cloud.store.insertMany('volunteer_locks', Array.from({ length: 3000 }, (_, i) => ({ _id: `ph-bulk-${i}`, holder: `bulk-va-${i}`, createdAt: '', n: 1 })));
}

test('the form, a submit and both review steps cost the same round trips with thousands of records', async () => {
  let n = 0;
  const measure = async () => {
    const who = `rt-mum-${n}`;
    const form = await count(() => as(cloud, who).ok('volunteer', 'getSignupForm', {}));
    let id = '';
    const submit = await count(async () => { id = (await as(cloud, who).ok('volunteer', 'submit', suiningForm(20 + n++, { orgCode: 'an-st1' }))).application.id; });
    const mineInReview = await count(() => as(cloud, who).ok('volunteer', 'mine', {}));
    const first = await count(() => as(cloud, 'rt-county').ok('volunteer', 'review', { id, version: 1, decision: 'approve', opinion: '同意' }));
    const final = await count(() => as(cloud, 'rt-city').ok('volunteer', 'review', { id, version: 2, decision: 'approve', opinion: '同意' }));
    // her next call reads her application and writes her row level; the one after is as before
    const loginNext = await count(() => as(cloud, who).ok('account', 'login', {}));
    const loginAfter = await count(() => as(cloud, who).ok('account', 'login', {}));
    return { form, submit, mineInReview, first, final, loginNext, loginAfter };
  };
  // the first approval at her node (created by createOrg: its team exists) creates this year's
  // counter instead of advancing it (one request either way)
  expect((await measure()).final).toBe(5);
  const few = await measure();
  expect(few).toEqual({ form: 1, submit: 5, mineInReview: 3, first: 4, final: 5, loginNext: 4, loginAfter: 2 });
  bulk();
  expect(await measure()).toEqual(few);
  // the numbers handed out are distinct and consecutive
  const numbers = (cloud.store.rawDocuments('volunteer_applications') as { _id: string; volunteerNumber: string | null }[])
    .filter((a) => a._id.startsWith('va') && a.volunteerNumber).map((a) => a.volunteerNumber!.slice(-5)).sort();
  expect(numbers).toEqual(['00001', '00002', '00003']);
});

test('a rejection, and a resubmit after it, cost the same with thousands of records', async () => {
  let n = 0;
  const measure = async () => {
    const who = `rt-re-${n}`;
    const form = suiningForm(60 + n++, { orgCode: 'an-st1' });
    const { id } = (await as(cloud, who).ok('volunteer', 'submit', form)).application;
    // a rejection frees her ID number and phone: one request more than an approval step
    const reject = await count(() => as(cloud, 'rt-county').ok('volunteer', 'review', { id, version: 1, decision: 'reject', opinion: '请补充工作单位' }));
    await as(cloud, who).ok('volunteer', 'mine', {}); // she reads why (her row is brought level)
    // her locks exist and are free: both taken by one conditional update
    const resubmit = await count(() => as(cloud, who).ok('volunteer', 'submit', form));
    return { reject, resubmit };
  };
  const few = await measure();
  expect(few).toEqual({ reject: 5, resubmit: 5 });
  bulk();
  expect(await measure()).toEqual(few);
});

test('the first final approval at a node set up by setupProgramme costs 5; at a node without its team (from before), 6 once', async () => {
  let n = 0;
  const finalAt = async (orgCode: string, county: string) => {
    const { id } = (await as(cloud, `rt-node-${n}`).ok('volunteer', 'submit', suiningForm(80 + n++, { orgCode }))).application;
    await as(cloud, county).ok('volunteer', 'review', { id, version: 1, decision: 'approve', opinion: '同意' });
    return count(() => as(cloud, 'rt-city').ok('volunteer', 'review', { id, version: 2, decision: 'approve', opinion: '同意' }));
  };
  // 船山区 is a node of the preset's tree: its team came with setupProgramme
  await makeStaff(cloud, 'rt-chuanshan', 'sn-chuanshan', ['volunteer.review', 'volunteer.read']);
  expect(cloud.store.getDoc('volunteer_teams', 'team-sn-chuanshan-local')).toBeDefined();
  expect(await finalAt('sn-chuanshan', 'rt-chuanshan')).toBe(5);
  // a node from before default teams came with the node: the first approval there creates it
  cloud.store.commit([{ coll: 'volunteer_teams', key: idKey('team-an-st1-local'), doc: null }]);
  expect(await finalAt('an-st1', 'rt-county')).toBe(6);
  expect(cloud.store.getDoc('volunteer_teams', 'team-an-st1-local')).toMatchObject({ name: '测试街道一爱心妈妈志愿服务队', kind: 'local' });
  expect(await finalAt('an-st1', 'rt-county')).toBe(5);
});
