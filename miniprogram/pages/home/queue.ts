import type { Output } from '../../../src/contract';

type Todo = Output<'account', 'todo'>;
type Key = keyof Todo;

/**
 * The staff home's work queue, most urgent first: a child someone is worried about, visits already
 * late, reports with a deadline, then pairings waiting on a consent and sign-ups waiting on a
 * decision. Each opens the page where it is done.
 */
const QUEUE: { key: Key; label: string; unit: string; url: string }[] = [
  { key: 'flags', label: '需要关注的孩子', unit: '件', url: '/packages/staff/pages/visit-board/index?tab=flags' },
  { key: 'overdue', label: '走访已逾期的结对', unit: '对', url: '/packages/staff/pages/visit-board/index' },
  { key: 'reports', label: '工作报告待提交', unit: '期', url: '/packages/report/pages/periods/index' },
  { key: 'consent', label: '待记录监护人同意', unit: '对', url: '/packages/staff/pages/pairing-board/index' },
  { key: 'review', label: '报名待审核', unit: '份', url: '/packages/staff/pages/volunteer-review/index' },
];

export interface QueueItem {
  key: Key;
  label: string;
  count: number;
  /** e.g. '3件' */
  countText: string;
  url: string;
}

/** Only what waits (a count above 0), in the order above. */
export function queueOf(todo: Todo): QueueItem[] {
  return QUEUE.filter((q) => (todo[q.key] ?? 0) > 0).map((q) => ({ key: q.key, label: q.label, count: todo[q.key]!, countText: `${todo[q.key]}${q.unit}`, url: q.url }));
}
