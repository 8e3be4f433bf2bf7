import type { Handler } from '../../server/handler';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_TARGET_LABELS } from '../../contract/audit';
import { chinaDateTime, chinaInstant, isoNow } from '../../server/time';

const DAY_MS = 86_400_000;
/** accounts of one name the actor filter follows (an exact name is rarely shared) */
const NAMESAKES_MAX = 50;

interface AuditDoc {
  _id: string;
  at: string;
  actorId: string;
  fn: string;
  action: string;
  ok: boolean;
  targetKind: string | null;
  targetIds?: string[];
  fields?: string[];
  files?: string[];
}

const ACTION_CHOICES = AUDIT_ACTIONS.map((value) => ({ value, label: AUDIT_ACTION_LABELS[value] }));

/**
 * A target id as the page shows it: a large export names its query instead of its ids
 * (child/export.ts), which is a filter, not a record: shown as words, never echoed.
 */
const shownId = (id: string): string => (id.startsWith('query:') ? '按筛选条件导出' : id);

/**
 * The audit log for admins, newest first, with its filters (all together). Every filter is served
 * by an index led by its field and followed by the sort (src/server/indexes.ts); the others are
 * residual conditions on the rows that index finds.
 */
export const listAudit: Handler<'account', 'listAudit'> = async (input, { db }) => {
  const { page, pageSize } = input;
  const asOf = input.asOf ?? isoNow();
  const empty = { items: [], total: 0, page, pageSize, asOf, actions: ACTION_CHOICES };
  const _ = db.command;
  const where: Record<string, unknown> = {};

  let actorIds: string[] | null = input.actorId ? [input.actorId] : null;
  if (input.actorName) {
    const named = (await db.collection('users').where({ name: input.actorName }).field({ _id: true }).limit(NAMESAKES_MAX).get()).data as { _id: string }[];
    const ids = named.map((u) => u._id);
    actorIds = actorIds ? actorIds.filter((a) => ids.includes(a)) : ids;
  }
  if (actorIds) {
    if (!actorIds.length) return empty;
    where.actorId = actorIds.length === 1 ? actorIds[0] : _.in(actorIds);
  }

  if (input.action) {
    const [fn, action] = input.action.split('.');
    if (input.fn && input.fn !== fn) return empty;
    where.fn = fn;
    where.action = action;
  } else if (input.fn) where.fn = input.fn;

  // days in China: from its first instant to the instant the day after `to` begins
  const lower = input.from ? new Date(chinaInstant(input.from)).toISOString() : null;
  const dayAfter = input.to ? new Date(chinaInstant(input.to) + DAY_MS).toISOString() : null;
  const upper = dayAfter && dayAfter <= asOf ? _.lt(dayAfter) : _.lte(asOf);
  where.at = lower ? _.gte(lower).and(upper) : upper;

  if (input.recordId) where.targetIds = input.recordId;
  if (input.outcome) where.ok = input.outcome === 'success';

  const logs = db.collection('audit_logs');
  const [rows, count] = await Promise.all([
    logs.where(where).orderBy('at', 'desc').orderBy('_id', 'desc').skip((page - 1) * pageSize).limit(pageSize).get(),
    logs.where(where).count(),
  ]);
  const docs = rows.data as AuditDoc[];
  const names = await actorNames(db, [...new Set(docs.map((d) => d.actorId))]);
  const items = docs.map((d) => ({
    id: d._id,
    at: d.at,
    when: chinaDateTime(d.at),
    actorId: d.actorId,
    actorName: names.get(d.actorId) ?? null,
    fn: d.fn,
    action: d.action,
    actionLabel: (AUDIT_ACTION_LABELS as Record<string, string>)[`${d.fn}.${d.action}`] ?? `${d.fn}.${d.action}`,
    ok: d.ok,
    outcome: d.ok ? ('success' as const) : ('refused' as const),
    targetKind: d.targetKind ?? null,
    targetLabel: d.targetKind ? AUDIT_TARGET_LABELS[d.targetKind] ?? d.targetKind : null,
    targetIds: (d.targetIds ?? []).map(shownId),
    fields: d.fields ?? [],
    ...(d.files ? { files: d.files } : {}),
  }));
  return { items, total: count.total ?? 0, page, pageSize, asOf, actions: ACTION_CHOICES };
};

/** The names on the actors' accounts, in one read by id. */
async function actorNames(db: Parameters<Handler<'account', 'listAudit'>>[1]['db'], ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const res = await db.collection('users').where({ _id: db.command.in(ids) }).field({ name: true }).limit(ids.length).get();
  return new Map((res.data as { _id: string; name?: string | null }[]).filter((u) => u.name).map((u) => [u._id, u.name as string]));
}
