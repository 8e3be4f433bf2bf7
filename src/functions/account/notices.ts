import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { NOTICE_SOURCES } from '../../server/collections';

/**
 * The inbox: every area keeps its in-app notices in its own collection (NOTICE_SOURCES); the
 * caller reads only her own (`userId` = caller.userId), whatever her role. One query per
 * collection for the latest, one count per collection for the unread, all in parallel.
 */
interface NoticeDoc {
  _id: string;
  text: string;
  at: string;
  read?: boolean;
}

async function unreadOf(db: Db, userId: string): Promise<number> {
  const counts = await Promise.all(
    NOTICE_SOURCES.map(async (s) => (await db.collection(s.collection).where({ userId, read: false }).count()).total ?? 0),
  );
  return counts.reduce((a, b) => a + b, 0);
}

export const notices: Handler<'account', 'notices'> = async ({ limit }, { db, caller }) => {
  const userId = caller.userId;
  const latest = limit
    ? NOTICE_SOURCES.map(async (s) => {
        const res = await db.collection(s.collection).where({ userId }).orderBy('at', 'desc').limit(limit).field({ _id: true, text: true, at: true, read: true }).get();
        return (res.data as NoticeDoc[]).map((d) => ({ id: `${s.key}-${d._id}`, text: d.text, at: d.at, read: d.read === true, open: s.open }));
      })
    : [];
  const [lists, unread] = await Promise.all([Promise.all(latest), unreadOf(db, userId)]);
  // ISO timestamps (isoNow) sort as strings
  const items = lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
  return { items, unread };
};

/** Idempotent: the update only touches unread ones, so a second call changes nothing. */
export const readNotices: Handler<'account', 'readNotices'> = async (_input, { db, caller }) => {
  const userId = caller.userId;
  await Promise.all(NOTICE_SOURCES.map((s) => db.collection(s.collection).where({ userId, read: false }).update({ read: true })));
  return { unread: await unreadOf(db, userId) };
};
