import { AppError } from '../../contract/errors';

/**
 * The life of a wish as a pure state machine: which event moves a wish from which state to which,
 * and who may cause it. The function works out who the caller is for this wish (its `Actor`s) and
 * asks `decide`; the wrong person is FORBIDDEN, the wrong state a CONFLICT, and nothing changes.
 */
export const WISH_STATUSES = ['pending', 'returned', 'rejected', 'published', 'claimed', 'sent', 'received', 'thanked'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  pending: '待审核',
  returned: '已退回修改',
  rejected: '未通过',
  published: '等待认领',
  claimed: '已认领',
  sent: '礼物已寄出',
  received: '孩子已收到',
  thanked: '已回赠感谢',
};

/** Who the caller is with respect to one wish. */
export type Actor =
  /** the child's active volunteer, or staff in scope holding wish.review or child.write */
  | 'collector'
  /** staff in scope holding wish.review */
  | 'reviewer'
  /** any WeChat user (every caller is one) */
  | 'donor'
  /** the donor holding this wish's claim */
  | 'claimant'
  /** the scheduled function */
  | 'system';

export const WISH_EVENTS = ['resubmit', 'approve', 'return', 'reject', 'claim', 'cancel', 'revoke', 'lapse', 'send', 'receive', 'thank'] as const;
export type WishEvent = (typeof WISH_EVENTS)[number];

interface Rule {
  from: readonly WishStatus[];
  to: WishStatus;
  by: readonly Actor[];
  /** Said when the wish is not in a `from` state. */
  wrongState: string;
  /** Said to someone not in `by`. */
  wrongPerson: string;
  label: string;
}

export const RULES: Record<WishEvent, Rule> = {
  resubmit: { from: ['returned'], to: 'pending', by: ['collector'], label: '修改后重新提交', wrongState: '只有被退回的心愿可以修改后重新提交', wrongPerson: '只有孩子的结对爱心妈妈或妇联工作人员可以修改心愿' },
  approve: { from: ['pending'], to: 'published', by: ['reviewer'], label: '审核通过并发布', wrongState: '这个心愿不在待审核状态', wrongPerson: '只有本级妇联有审核权限的工作人员可以审核心愿' },
  return: { from: ['pending'], to: 'returned', by: ['reviewer'], label: '退回修改', wrongState: '这个心愿不在待审核状态', wrongPerson: '只有本级妇联有审核权限的工作人员可以审核心愿' },
  reject: { from: ['pending'], to: 'rejected', by: ['reviewer'], label: '审核不通过', wrongState: '这个心愿不在待审核状态', wrongPerson: '只有本级妇联有审核权限的工作人员可以审核心愿' },
  claim: { from: ['published'], to: 'claimed', by: ['donor'], label: '认领', wrongState: '这个心愿刚刚被其他爱心人士认领了，请看看别的心愿', wrongPerson: '请先登录' },
  cancel: { from: ['claimed'], to: 'published', by: ['claimant'], label: '取消认领', wrongState: '这个心愿现在不能取消认领', wrongPerson: '只有认领人可以取消认领' },
  revoke: { from: ['claimed'], to: 'published', by: ['reviewer'], label: '撤销认领', wrongState: '这个心愿现在没有进行中的认领', wrongPerson: '只有本级妇联有审核权限的工作人员可以撤销认领' },
  lapse: { from: ['claimed'], to: 'published', by: ['system'], label: '认领到期', wrongState: '这个心愿现在没有进行中的认领', wrongPerson: '认领到期只由系统处理' },
  send: { from: ['claimed'], to: 'sent', by: ['claimant'], label: '礼物已寄出', wrongState: '这个心愿现在不能标记寄出', wrongPerson: '只有认领人可以标记礼物已寄出' },
  receive: { from: ['sent'], to: 'received', by: ['collector'], label: '确认收到', wrongState: '礼物还没有寄出，暂不能确认收到', wrongPerson: '只有孩子的结对爱心妈妈或妇联工作人员可以确认收到' },
  thank: { from: ['received'], to: 'thanked', by: ['collector'], label: '回赠感谢', wrongState: '孩子收到礼物后才能回赠感谢', wrongPerson: '只有孩子的结对爱心妈妈或妇联工作人员可以回赠感谢' },
};

/** The state a wish moves to, or the refusal: the wrong person first (FORBIDDEN), then the wrong state (CONFLICT). */
export function decide(status: WishStatus, event: WishEvent, actors: readonly Actor[]): WishStatus {
  const rule = RULES[event];
  // Stryker disable next-line MethodExpression: every transition names exactly one kind of actor
  if (!rule.by.some((a) => actors.includes(a))) throw new AppError('FORBIDDEN', rule.wrongPerson);
  if (!rule.from.includes(status)) throw new AppError('CONFLICT', rule.wrongState);
  return rule.to;
}

/** Events that end a claim and free the donor's slot (a sent gift no longer blocks the list). */
export const RELEASES_CLAIM: readonly WishEvent[] = ['cancel', 'revoke', 'lapse', 'send'];

/** A transition as it is recorded: who, when, from, to. */
export interface WishTransition {
  wishId: string;
  event: WishEvent;
  from: WishStatus | null;
  to: WishStatus;
  actorId: string;
  actorKind: Actor | 'collector';
  at: string;
  reason: string | null;
}
