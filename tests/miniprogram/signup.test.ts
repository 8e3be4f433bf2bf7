/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, simulate, waitFor, renderAs, textOf, connect, typeInto, pick, tapOption } from '../helpers/page';
import { wechatOnPhone } from '../helpers/wx-cloud';
import { startTestCloud } from '../helpers/cloud';
import { addOrg, setupProgramme } from '../helpers/fixtures';
import { DRAFT_KEY } from '../../miniprogram/pages/signup/model';
import type { LocalCloud } from '../../localcloud/server';
import { idNumberFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * The sign-up page against the local cloud (遂宁's form): the programme's fields, messages as
 * she types, a step that will not advance with a gap, the draft on the device, WeChat's phone
 * button, and a submit that lands on 我的报名.
 */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
/** WeChat's answers on this phone, issued by the local cloud's emulated WeChat */
const phone = () => wechatOnPhone(cloud, wx);
wx.requestSubscribeMessage = jest.fn((o: { tmplIds: string[]; success: (r: unknown) => void; complete: () => void }) => {
  o.success(phone().requestSubscribeMessage(o.tmplIds));
  o.complete();
});
let pageId: string;

beforeAll(() => {
  pageId = loadPage('pages/signup/index');
});
// each test has its own cloud (遂宁's programme, one street) and a phone with no draft
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  wx.removeStorageSync(DRAFT_KEY);
});
afterEach(async () => {
  jest.clearAllMocks();
  await cloud.close();
});

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  return page;
}
/** Events from the stubbed components reach the page on a later tick. */
const settle = () => new Promise((r) => setTimeout(r, 20));
/** Typing into a field's t-input (its native input's `input` event; t-input triggers `change`). */
async function type(page: any, field: string, value: string) {
  typeInto(page, `#f-${field}`, value);
  await settle();
}
async function tap(page: any, sel: string) {
  page.querySelector(sel).dispatchEvent('tap');
  await settle();
}
const text = textOf;

/** Step one filled in on the page as 'page-mum-1' (ID number, the phone verified by WeChat's button, name, education), moved on to step two. */
async function stepOneDone() {
  const page = await open('page-mum-1');
  await type(page, 'idNumber', idNumberFor('1985-05-01', 301));
  page.querySelector('#get-phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: phone().phoneCode(phoneFor(301)) } });
  await waitFor(() => !!page.querySelector('#phone-verified'));
  await type(page, 'name', '测试甲');
  pick(page, '#f-education', page.data.options.education.findIndex((o: { value: string }) => o.value === 'college'));
  pick(page, '#f-politicalStatus', page.data.options.politicalStatus.findIndex((o: { value: string }) => o.value === 'masses'));
  await tap(page, '#next');
  return page;
}

/** The remaining steps of 'page-mum-1''s sign-up on the page, reopened from the draft, up to the last step with the declarations ticked. */
async function toTheEnd() {
  const page = await open('page-mum-1');
  expect(page.data.step).toBe(1);
  await type(page, 'employerAndPost', '测试单位 会计');
  await type(page, 'homeAddress', '测试路8号');
  pick(page, '#f-orgCode', page.data.areas.findIndex((a: { code: string }) => a.code === 'an-st1'));
  await settle();
  expect(page.data.form.preferredAreaCode).toBe('an-st1'); // her own area by default
  await tap(page, '#next');
  expect(page.data.step).toBe(2);
  await tap(page, '#next');
  expect(page.data.step).toBe(3);
  await tap(page, '#submit');
  expect(page.data.submitError).toBe('不符合报名条件：请阅读并确认：遵纪守法、具备一定家庭教育经验、身体健康、同意隐私告知');
  for (const d of ['law_abiding', 'family_education_experience', 'healthy', 'privacy_consent']) tapOption(page, '#f-declarations', d);
  await settle();
  return page;
}

describe('step one', () => {
  let page: any;
  beforeEach(async () => {
    page = await open('page-mum-1');
  });

  test('shows 遂宁\'s fields with its labels, and not the ones it does not ask', () => {
    expect(text(page, '#step-title')).toBe('第1步：基本信息');
    // the step bar draws every step's title (TDesign's t-steps draws only t-step-item children)
    const titles = page.data.steps.map((s: { title: string }) => s.title);
    expect(titles.length).toBeGreaterThan(1);
    expect(text(page, '#steps')).toBe(titles.map((t: string, i: number) => `${i + 1}${t}`).join('')); // numbered dots
    expect(page.querySelector('#f-idNumber')).toBeDefined();
    expect(page.data.labels.homeAddress).toBe('家庭住址（常住地）');
    expect(page.data.show.email).toBeUndefined();
    expect(page.querySelector('#f-applicantKind')).toBeUndefined(); // individuals only
  });

  test('a wrong ID number is explained as she types; a right one fills the birth date', async () => {
    await type(page, 'idNumber', '110101198505010020');
    await waitFor(() => !!page.querySelector('#err-idNumber'));
    expect(text(page, '#err-idNumber')).toBe('身份证号码不正确，请检查后重新填写');
    await type(page, 'idNumber', idNumberFor('1985-05-01', 301));
    await waitFor(() => !page.querySelector('#err-idNumber'));
    expect(page.data.form.birthDate).toBe('1985-05-01');
  });

  test('a phone number that is too short', async () => {
    await type(page, 'phone', '1380000');
    expect(text(page, '#err-phone')).toBe('手机号码不正确，请填写11位手机号');
  });

  test('the next step waits for the required fields and says which', async () => {
    await tap(page, '#next');
    expect(page.data.step).toBe(0);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '请填写姓名', icon: 'none' });
    expect(text(page, '#err-name')).toBe('请填写姓名');
  });

  test('WeChat\'s phone button verifies her number on the server; the same code a second time is refused', async () => {
    const code = phone().phoneCode(phoneFor(301));
    page.querySelector('#get-phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code } });
    await waitFor(() => !!page.querySelector('#phone-verified'));
    expect(text(page, '#phone-verified')).toBe('已验证：138****0301');
    await type(page, 'phone', '');
    expect(page.querySelector('#err-phone')).toBeUndefined();
    const again = await open('page-mum-reuse');
    again.querySelector('#get-phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code } });
    await waitFor(() => !!again.querySelector('#err-phone'));
    expect(text(again, '#err-phone')).toBe('这次手机号授权已失效，请重新点击获取手机号，或手动填写');
    expect(again.querySelector('#phone-verified')).toBeUndefined();
    wx.setStorageSync('localOpenid', 'page-mum-1'); // the phone is hers again for the steps that follow
  });

  test('a refused phone button asks her to type it', async () => {
    const other = await open('page-mum-2');
    other.querySelector('#get-phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    await waitFor(() => !!other.querySelector('#err-phone'));
    expect(text(other, '#err-phone')).toBe('未获取到手机号，您也可以直接填写');
  });

  test('moving on keeps a draft on the device, and reopening the page resumes it', async () => {
    page = await stepOneDone();
    expect(page.data.step).toBe(1);
    expect(wx.getStorageSync(DRAFT_KEY)).toMatchObject({ step: 1, form: { name: '测试甲', idNumber: idNumberFor('1985-05-01', 301) } });
    const again = await open('page-mum-1');
    expect(again.data.step).toBe(1);
    expect(again.data.form.name).toBe('测试甲');
  });
});

describe('to the end', () => {
  test('fills the remaining steps, submits, and lands on 我的报名 with the draft gone', async () => {
    await stepOneDone();
    const page = await toTheEnd();
    await tap(page, '#submit');
    await waitFor(() => wx.redirectTo.mock.calls.length > 0);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/volunteer-status/index' });
    expect(wx.getStorageSync(DRAFT_KEY)).toBe('');
    const apps = cloud.store.rawDocuments('volunteer_applications') as { name: string; status: string; phoneVerified: boolean; notifyAllowance: number }[];
    expect(apps.find((a) => a.name === '测试甲')).toMatchObject({ status: 'pending', phoneVerified: true, notifyAllowance: 1 });
  });

  test('the server\'s refusal is shown on the page (same ID number, someone else)', async () => {
    await stepOneDone();
    await tap(await toTheEnd(), '#submit');
    await waitFor(() => wx.redirectTo.mock.calls.length > 0);
    wx.removeStorageSync(DRAFT_KEY);
    const page = await open('page-mum-3');
    page.setData({
      step: 3,
      form: { applicantKind: 'individual', name: '测试丙', idNumber: idNumberFor('1985-05-01', 301), birthDate: '1985-05-01', phone: phoneFor(303), education: 'college', politicalStatus: 'masses', employerAndPost: '单位', homeAddress: '地址', orgCode: 'an-st1', declarations: ['law_abiding', 'family_education_experience', 'healthy', 'privacy_consent'] },
    });
    await tap(page, '#submit');
    await waitFor(() => !!page.data.submitError);
    expect(text(page, '#submit-error')).toBe('该身份证号码已有报名记录，如有疑问请联系当地妇联');
  });

  test('a chosen photo is uploaded to storage and its fileID kept in the form', async () => {
    wx.chooseMedia = (o: { success: (r: unknown) => void }) => o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/photo.jpg' }] });
    wx.getFileSystemManager = () => ({ readFileSync: () => Buffer.from('synthetic photo').toString('base64') });
    const page = await open('page-mum-4');
    page.setData({ step: 2 });
    await tap(page, '#choose-photo');
    await waitFor(() => !!page.data.form.photoFileId);
    expect(page.data.form.photoFileId).toMatch(/^cloud:\/\/local\.local-bucket\/volunteer-photos\/.+\.jpg$/);
    expect(wx.getStorageSync(DRAFT_KEY)).toBe(''); // kept on the next step change, not before
  });

  test('someone already in review is sent to 我的报名', async () => {
    await stepOneDone();
    await tap(await toTheEnd(), '#submit');
    await waitFor(() => wx.redirectTo.mock.calls.length > 0);
    wx.redirectTo.mockClear();
    wx.setStorageSync('localOpenid', 'page-mum-1');
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad();
    await waitFor(() => wx.redirectTo.mock.calls.length > 0);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/volunteer-status/index' });
  });
});
