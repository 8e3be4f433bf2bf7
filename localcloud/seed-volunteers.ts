import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';
import { checkCharFor } from '../src/domain/volunteer/idcard';

/**
 * Demo applicants at every stage, made through the real `volunteer` handlers with the demo staff
 * deciding (so the steps, numbers, teams and notifications are the real ones). All synthetic.
 */
export const DEMO_APPLICANTS = ['demo-mum-1', 'demo-mum-2', 'demo-mum-3', 'demo-mum-4', 'demo-mum-5'] as const;
const NAMES = ['测试甲', '测试乙', '测试丙', '测试丁', '测试戊'];

type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };

/** The deployed bundle when built (npm start), else the source (tests, tsx). */
function volunteerMain(given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, '../cloudfunctions/volunteer/index.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require('../src/functions/volunteer')).main as Main;
}

const idNumber = (n: number) => {
  const body = `110101198006${String(10 + n).padStart(2, '0')}${String(n * 2).padStart(3, '0')}`;
  return body + checkCharFor(body);
};

/** A value for every field the programme's form asks for. */
function formFor(n: number, fields: { field: string }[], orgCode: string, choices: Record<string, { value: string }[]>, declarations: string[]) {
  const values: Record<string, unknown> = {
    name: NAMES[n - 1], sex: 'female', birthDate: idNumber(n).slice(6, 14).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'), idNumber: idNumber(n), phone: `1380000${String(9000 + n)}`,
    education: 'college', politicalStatus: 'masses', employerAndPost: '测试单位 职员', homeAddress: `测试路${n}号`, wechatOrQq: `demo_mum_${n}`,
    email: `demo${n}@example.invalid`, skills: '讲故事、辅导功课', pairingForms: [choices.pairingForms[0]!.value], serviceModes: ['phone'], serviceTimes: ['weekends'],
    preferredChild: '离家近的孩子', suggestions: '无', remarks: '演示数据',
  };
  const form: Record<string, unknown> = { orgCode, declarations };
  for (const { field } of fields) if (values[field] !== undefined) form[field] = values[field];
  return form;
}

export async function seedVolunteers(functions: Record<string, Main | undefined>, staff: Record<string, string>): Promise<void> {
  const main = volunteerMain(functions.volunteer);
  const call = async (openid: string, action: string, data: unknown = {}): Promise<Res> => (await main({ action, data }, wechatContext(openid, 'volunteer'))) as Res;
  const must = async (openid: string, action: string, data: unknown = {}) => {
    const res = await call(openid, action, data);
    if (!res.ok) throw new Error(`demo seed: volunteer.${action} failed: ${res.error?.message}`);
    return res.data;
  };
  const form = await must(DEMO_APPLICANTS[0], 'getSignupForm');
  // applicants sign up at the lowest node that has demo staff, so every step has someone to decide
  // staff are listed city, district, street: the last sits lowest; try the lowest reviewer first
  const reviewers = Object.keys(staff).reverse();
  const home = staff[reviewers[0]!]!;
  const decisions: Record<string, ('approve' | 'reject')[]> = { 'demo-mum-2': ['approve'], 'demo-mum-3': ['approve', 'approve', 'approve'], 'demo-mum-4': ['reject'] };

  for (const [i, openid] of DEMO_APPLICANTS.entries()) {
    const data = formFor(i + 1, form.fields, home, form, form.declarations.map((d: { value: string }) => d.value));
    let app = (await must(openid, 'submit', { ...data, subscribed: true })).application;
    for (const decision of decisions[openid] ?? []) {
      if (app.status !== 'pending' && app.status !== 'district_approved') break;
      // whichever demo reviewer's node acts at this step
      for (const who of reviewers) {
        const res = await call(who, 'review', { id: app.id, version: app.version, decision, opinion: decision === 'reject' ? '请补充家庭教育经验' : '同意' });
        if (res.ok) {
          app = res.data.application;
          break;
        }
      }
    }
    if (openid === 'demo-mum-5') await must(openid, 'withdraw', { version: app.version, reason: '近期工作较忙' });
  }
}
