import { startTestCloud } from '../helpers/cloud';
import { setupProgramme } from '../helpers/fixtures';
import { getProgramme, PRESET_IDS } from '../../src/programmes';
import { FIELD_KEYS } from '../../src/domain/volunteer/form';
import { forgetProgramme } from '../../src/server/programme';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, presetForm, recorded } from '../domain/volunteer/fixtures';
import { idNumberFor } from '../domain/volunteer/synthetic';

/**
 * Issue 17: every preset takes women only, and every preset's form asks what proves it (性别, or a
 * required ID number). Through the gateway, with each preset's own fields: a man is refused with
 * 本项目面向女性志愿者 and nothing is written; a woman is accepted and her stated sex is kept.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});
/** A fresh cloud with the preset set up, for one test (the functions' cached programme forgotten). */
async function withPreset(id: string): Promise<LocalCloud> {
  forgetProgramme();
  cloud = await startTestCloud();
  await setupProgramme(cloud, id);
  return cloud;
}

const NOT_FEMALE = '不符合报名条件：本项目面向女性志愿者';
test('the table covers the five presets, every one of them women-only', () => {
  expect([...PRESET_IDS].sort()).toEqual(['jinjiang-2024', 'longgang-2019', 'suining-2019', 'xiamen-2017', 'yueyang-2024']);
  for (const id of PRESET_IDS) expect(getProgramme(id)!.eligibility.applicantSex).toBe('female');
});

test.each([...PRESET_IDS])('%s: a man is refused at submit, a woman accepted', async (id) => {
  const cloud = await withPreset(id);
  const p = getProgramme(id)!;
  const form = await recorded(cloud, 'mum-form').ok('getSignupForm', {});
  expect(form.femaleOnly).toBe(true);
  // the sign-up built below has exactly the preset's own fields
  const man = presetForm(id, 1, 'male');
  const { orgCode: _o, declarations: _d, ...fields } = man;
  expect(Object.keys(fields).sort()).toEqual(p.signupFields.filter((s) => s.field !== 'photo' && s.field !== 'preferredArea').map((s) => FIELD_KEYS[s.field]).sort());
  const asksSex = p.signupFields.some((s) => s.field === 'sex');
  if (asksSex) expect(form.sex).toEqual([{ value: 'female', label: '女' }, { value: 'male', label: '男' }]);

  const res = await expectNoChange(cloud, () => recorded(cloud, 'man-1').raw('submit', man));
  expect(res).toMatchObject({ error: { message: NOT_FEMALE } });

  const { application } = await recorded(cloud, 'mum-2').ok('submit', presetForm(id, 2, 'female'));
  expect(application.status).toBe('pending');
  expect(application.form.sex).toBe(asksSex ? 'female' : undefined);
  const stored = cloud.store.rawDocuments('volunteer_applications') as { _id: string; form: { sex?: string } }[];
  expect(stored.find((a) => a._id === application.id)!.form.sex).toBe(asksSex ? 'female' : undefined);
});

describe('the proof itself', () => {
  test('厦门: 性别 is required, and a value that is not a choice is refused in Chinese', async () => {
    const cloud = await withPreset('xiamen-2017');
    const { sex: _s, ...without } = presetForm('xiamen-2017', 3, 'female');
    expect(await expectNoChange(cloud, () => recorded(cloud, 'mum-3').raw('submit', without))).toMatchObject({ error: { message: '请选择性别' } });
    expect(await expectNoChange(cloud, () => recorded(cloud, 'mum-3').raw('submit', { ...without, sex: '女' }))).toMatchObject({ error: { message: '性别不在可选范围内' } });
  });

  test('晋江 (性别 and an optional ID number): a woman\'s word against a man\'s ID number is refused as a disagreement', async () => {
    const cloud = await withPreset('jinjiang-2024');
    const form = presetForm('jinjiang-2024', 4, 'female', { idNumber: idNumberFor('1980-03-04', 4, 'male') });
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-4').raw('submit', form));
    expect(res).toMatchObject({ error: { message: '不符合报名条件：性别与身份证号码不一致' } });
    // without the ID number her stated sex decides
    const { idNumber: _i, ...noId } = presetForm('jinjiang-2024', 5, 'male');
    expect(await expectNoChange(cloud, () => recorded(cloud, 'man-5').raw('submit', noId))).toMatchObject({ error: { message: NOT_FEMALE } });
  });
});
