import { reviewStepFor, transition, type AppStatus, type Move } from '../../../src/domain/volunteer/state';
import type { AppStep } from '../../../src/domain/volunteer/steps';

const s = (status: AppStatus, stepIndex = 0, stepCount = 2) => ({ status, stepIndex, stepCount });

describe('transitions allowed', () => {
  test.each<[string, ReturnType<typeof s> | null, Move, { status: AppStatus; stepIndex: number }]>([
    ['first submit', null, { kind: 'submit' }, { status: 'pending', stepIndex: 0 }],
    ['resubmit after rejection', s('rejected', 1), { kind: 'submit' }, { status: 'pending', stepIndex: 0 }],
    ['resubmit after withdrawal', s('withdrawn', 0), { kind: 'submit' }, { status: 'pending', stepIndex: 0 }],
    ['first of two steps approved', s('pending', 0), { kind: 'approve', stepIndex: 0 }, { status: 'district_approved', stepIndex: 1 }],
    ['last step approved', s('district_approved', 1), { kind: 'approve', stepIndex: 1 }, { status: 'approved', stepIndex: 2 }],
    ['a one-step chain approved', s('pending', 0, 1), { kind: 'approve', stepIndex: 0 }, { status: 'approved', stepIndex: 1 }],
    ['rejected at the first step', s('pending', 0), { kind: 'reject', stepIndex: 0 }, { status: 'rejected', stepIndex: 0 }],
    ['rejected at the last step', s('district_approved', 1), { kind: 'reject', stepIndex: 1 }, { status: 'rejected', stepIndex: 1 }],
    ['withdrawn while pending', s('pending', 0), { kind: 'withdraw' }, { status: 'withdrawn', stepIndex: 0 }],
    ['withdrawn after the first step', s('district_approved', 1), { kind: 'withdraw' }, { status: 'withdrawn', stepIndex: 1 }],
  ])('%s', (_name, state, move, next) => {
    expect(transition(state, move)).toEqual(next);
  });
});

describe('transitions refused', () => {
  test.each<[string, ReturnType<typeof s> | null, Move, string]>([
    ['submit while pending', s('pending'), { kind: 'submit' }, '您的报名正在审核中，请勿重复提交'],
    ['submit while between steps', s('district_approved', 1), { kind: 'submit' }, '您的报名正在审核中，请勿重复提交'],
    ['submit when approved', s('approved', 2), { kind: 'submit' }, '您已通过审核，无需再次报名'],
    ['withdraw when approved', s('approved', 2), { kind: 'withdraw' }, '报名已通过审核，不能撤回'],
    ['withdraw when rejected', s('rejected'), { kind: 'withdraw' }, '当前没有可以撤回的报名'],
    ['withdraw twice', s('withdrawn'), { kind: 'withdraw' }, '当前没有可以撤回的报名'],
    ['withdraw with no application', null, { kind: 'withdraw' }, '当前没有可以撤回的报名'],
    ['approve when rejected', s('rejected'), { kind: 'approve', stepIndex: 0 }, '该报名已审核完毕或已撤回'],
    ['approve when withdrawn', s('withdrawn'), { kind: 'approve', stepIndex: 0 }, '该报名已审核完毕或已撤回'],
    ['approve when approved', s('approved', 2), { kind: 'approve', stepIndex: 1 }, '该报名已审核完毕或已撤回'],
    ['reject with no application', null, { kind: 'reject', stepIndex: 0 }, '该报名已审核完毕或已撤回'],
    ['approve a step already decided', s('district_approved', 1), { kind: 'approve', stepIndex: 0 }, '该审核环节已处理，请刷新后查看'],
    ['approve a later step first', s('pending', 0), { kind: 'approve', stepIndex: 1 }, '该审核环节已处理，请刷新后查看'],
  ])('%s', (_name, state, move, message) => {
    expect(() => transition(state, move)).toThrow(expect.objectContaining({ code: 'CONFLICT', message }));
  });
});

describe('who may decide the current step', () => {
  const steps: AppStep[] = [
    { key: 'county', label: '县区（园区）妇联意见', orgCode: 'c1', orgName: '甲县' },
    { key: 'city', label: '市妇联意见', orgCode: 'city', orgName: '某市' },
  ];
  const app = (status: AppStatus, stepIndex: number) => ({ status, stepIndex, steps });

  test('the node acting at the current step', () => {
    expect(reviewStepFor(app('pending', 0), { orgCode: 'c1', isAdmin: false })).toBe(0);
    expect(reviewStepFor(app('district_approved', 1), { orgCode: 'city', isAdmin: false })).toBe(1);
  });
  test('an admin, at the current step only', () => {
    expect(reviewStepFor(app('district_approved', 1), { orgCode: null, isAdmin: true })).toBe(1);
  });
  test('the city cannot act before the county', () => {
    expect(() => reviewStepFor(app('pending', 0), { orgCode: 'city', isAdmin: false })).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: '请等待“县区（园区）妇联意见”完成后再审核' }));
  });
  test('the county cannot act again', () => {
    expect(() => reviewStepFor(app('district_approved', 1), { orgCode: 'c1', isAdmin: false })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
  test('another node never', () => {
    expect(() => reviewStepFor(app('pending', 0), { orgCode: 'c2', isAdmin: false })).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: '该报名当前环节不由您所在单位审核' }));
  });
  test('nothing to decide once finished', () => {
    expect(() => reviewStepFor(app('approved', 2), { orgCode: 'city', isAdmin: true })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
