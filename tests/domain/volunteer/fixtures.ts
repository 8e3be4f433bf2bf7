import type { LocalCloud } from '../../../localcloud/server';
import type { Input } from '../../../src/contract';
import { getProgramme, type Sex } from '../../../src/programmes';
import { FIELD_KEYS } from '../../../src/domain/volunteer/form';
import { as, snapshot } from '../../helpers/cloud';
import { idNumberFor, nameFor, phoneFor } from './synthetic';

/**
 * Shared by the volunteer function tests: a complete sign-up for each programme, and a client
 * that keeps every response it got per identity so tests can scan them for other people's data.
 */
export type SubmitInput = Input<'volunteer', 'submit'>;

export const SUINING_DECLARATIONS = ['law_abiding', 'family_education_experience', 'healthy', 'privacy_consent'] as const;

export function suiningForm(n: number, over: Partial<SubmitInput> = {}): SubmitInput {
  return {
    name: nameFor(n),
    birthDate: '1985-05-01',
    idNumber: idNumberFor('1985-05-01', n),
    phone: phoneFor(n),
    education: 'college',
    politicalStatus: 'masses',
    homeAddress: '测试路1号',
    employerAndPost: '测试单位 职员',
    orgCode: 'an-st1',
    declarations: [...SUINING_DECLARATIONS],
    ...over,
  };
}

/** Where each preset's applicant lives: a node of the preset's own tree with a vetting step above. */
export const PRESET_HOMES: Record<string, string> = {
  'suining-2019': 'sn-anju', 'xiamen-2017': 'xm-siming', 'jinjiang-2024': 'jj-qingyang', 'yueyang-2024': 'yy-junshan', 'longgang-2019': 'lg-buji',
};

/**
 * A complete sign-up for any preset with exactly the fields its form asks (photo and preferred
 * area left to their defaults): `sex` is both her stated sex and her ID number's.
 */
export function presetForm(presetId: string, n: number, sex: Sex, over: Partial<SubmitInput> = {}): SubmitInput {
  const p = getProgramme(presetId)!;
  const birthDate = '1980-03-04';
  const values: Record<string, unknown> = {
    name: nameFor(n), sex, birthDate, idNumber: idNumberFor(birthDate, n, sex), phone: phoneFor(n), education: 'college', politicalStatus: 'masses',
    employerAndPost: '测试单位 职员', homeAddress: '测试路1号', wechatOrQq: `mum_${n}`, email: `mum${n}@example.invalid`, skills: '讲故事',
    pairingForms: [p.pairing.forms[0]!], serviceModes: ['phone'], serviceTimes: ['weekends'], preferredChild: '离家近', suggestions: '无', remarks: '测试',
  };
  const form: Record<string, unknown> = { orgCode: PRESET_HOMES[presetId], declarations: [...p.eligibility.requiredDeclarations] };
  for (const { field } of p.signupFields) if (values[FIELD_KEYS[field]] !== undefined) form[FIELD_KEYS[field]] = values[FIELD_KEYS[field]];
  return { ...(form as unknown as SubmitInput), ...over };
}

export const responses = new Map<string, unknown[]>();

/** as(cloud, openid) that records what it received. */
export function recorded(cloud: LocalCloud, openid: string) {
  const client = as(cloud, openid);
  const keep = (r: unknown) => {
    responses.set(openid, [...(responses.get(openid) ?? []), r]);
    return r;
  };
  return {
    raw: (action: string, data: unknown) => client.raw('volunteer', action as never, data).then(keep),
    ok: async <T = any>(action: string, data: unknown): Promise<T> => {
      const res = (await client.raw('volunteer', action as never, data).then(keep)) as { ok: boolean; data?: unknown; error?: { code: string; message: string } };
      if (!res.ok) throw new Error(`volunteer.${action} as ${openid}: ${res.error!.code} ${res.error!.message}`);
      return res.data as T;
    },
  };
}

/** Every collection but the audit log (a refused attempt at an audited action is itself logged). */
export function dataSnapshot(cloud: LocalCloud): string {
  return JSON.stringify((JSON.parse(snapshot(cloud)) as [string, unknown][]).filter(([c]) => c !== 'audit_logs'));
}

/** Calls that must be refused without writing anything. */
export async function expectNoChange(cloud: LocalCloud, call: () => Promise<unknown>, code = 'INVALID_INPUT'): Promise<unknown> {
  const before = dataSnapshot(cloud);
  const res = await call();
  expect(res).toMatchObject({ ok: false, error: { code } });
  expect(dataSnapshot(cloud)).toBe(before);
  return res;
}
