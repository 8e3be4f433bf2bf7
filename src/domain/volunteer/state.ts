import { AppError } from '../../contract/errors';
import type { AppStep } from './steps';

/**
 * The application's state machine. `stepIndex` is the step awaiting a decision (== steps.length
 * once approved). Codes match users.volunteerStatus and miniprogram/utils/labels.ts; 草稿 (draft)
 * lives on the device only.
 */
export const APP_STATUSES = ['pending', 'district_approved', 'approved', 'rejected', 'withdrawn'] as const;
export type AppStatus = (typeof APP_STATUSES)[number];
export const IN_REVIEW: readonly AppStatus[] = ['pending', 'district_approved'];
/** Holds the person's ID number and phone: another application with either is a CONFLICT. */
export const ACTIVE: readonly AppStatus[] = ['pending', 'district_approved', 'approved'];

export interface MachineState {
  status: AppStatus;
  stepIndex: number;
  stepCount: number;
}

export type Move = { kind: 'submit' } | { kind: 'withdraw' } | { kind: 'approve'; stepIndex: number } | { kind: 'reject'; stepIndex: number };

export interface Next {
  status: AppStatus;
  stepIndex: number;
}

export function transition(state: MachineState | null, move: Move): Next {
  const status = state?.status ?? null;
  switch (move.kind) {
    case 'submit':
      if (status === null || status === 'rejected' || status === 'withdrawn') return { status: 'pending', stepIndex: 0 };
      if (status === 'approved') throw new AppError('CONFLICT', '您已通过审核，无需再次报名');
      throw new AppError('CONFLICT', '您的报名正在审核中，请勿重复提交');
    case 'withdraw':
      if (status !== null && IN_REVIEW.includes(status)) return { status: 'withdrawn', stepIndex: state!.stepIndex };
      if (status === 'approved') throw new AppError('CONFLICT', '报名已通过审核，不能撤回');
      throw new AppError('CONFLICT', '当前没有可以撤回的报名');
    case 'approve':
    case 'reject': {
      if (!state || !IN_REVIEW.includes(state.status)) throw new AppError('CONFLICT', '该报名已审核完毕或已撤回');
      if (move.stepIndex !== state.stepIndex) throw new AppError('CONFLICT', '该审核环节已处理，请刷新后查看');
      if (move.kind === 'reject') return { status: 'rejected', stepIndex: state.stepIndex };
      const last = state.stepIndex >= state.stepCount - 1;
      return last ? { status: 'approved', stepIndex: state.stepCount } : { status: 'district_approved', stepIndex: state.stepIndex + 1 };
    }
  }
}

/**
 * Which step the reviewer may decide now. Only the node that acts at the current step may act (an
 * admin acts for any node), never at a later step before the earlier ones are done.
 */
export function reviewStepFor(app: { status: AppStatus; stepIndex: number; steps: readonly AppStep[] }, reviewer: { orgCode: string | null; isAdmin: boolean }): number {
  if (!IN_REVIEW.includes(app.status)) throw new AppError('CONFLICT', '该报名已审核完毕或已撤回');
  const current = app.steps[app.stepIndex];
  if (!current) throw new AppError('CONFLICT', '该报名没有待审核的环节');
  if (reviewer.isAdmin || current.orgCode === reviewer.orgCode) return app.stepIndex;
  const mine = app.steps.findIndex((s) => s.orgCode === reviewer.orgCode);
  if (mine > app.stepIndex) throw new AppError('FORBIDDEN', `请等待“${current.label}”完成后再审核`);
  if (mine >= 0) throw new AppError('CONFLICT', '您所在单位已审核过该报名');
  throw new AppError('FORBIDDEN', '该报名当前环节不由您所在单位审核');
}
