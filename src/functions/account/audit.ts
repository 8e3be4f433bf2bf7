import type { Handler } from '../../server/handler';

export const listAudit: Handler<'account', 'listAudit'> = async ({ actorId, fn, page, pageSize }, { db }) => {
  const where: Record<string, unknown> = {};
  if (actorId) where.actorId = actorId;
  if (fn) where.fn = fn;
  const logs = db.collection('audit_logs');
  const [rows, count] = await Promise.all([
    logs.where(where).orderBy('at', 'desc').skip((page - 1) * pageSize).limit(pageSize).get(),
    logs.where(where).count(),
  ]);
  return { items: rows.data as never[], total: count.total ?? 0, page, pageSize };
};
