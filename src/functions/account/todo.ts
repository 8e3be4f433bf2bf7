import type { Handler } from '../../server/handler';
import type { Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { hasPermission, scopeFilter } from '../../server/scope';
import { loadProgramme } from '../../server/programme';
import { findRoot } from '../../server/orgs';
import { nowMs } from '../../server/time';
import { IN_REVIEW } from '../../domain/volunteer';
import { openPeriods } from '../../domain/report/calendar';
import type { Programme } from '../../programmes';
import { reportId } from '../report/calendar-store';

/**
 * Staff home's work queue: one count per kind of work the caller may do, all read in parallel
 * after the caller (counts and single documents only, so the trips do not grow with the data).
 * The filters mirror the pages they open: 报名审核's todo (volunteer/review.ts), 结对管理's
 * 待监护人同意, 走访督办's open flags and its area tallies (visit_area_status, written by the
 * visit timer), 工作报送's open periods (report/calendar.ts).
 */
type Count = Promise<number | null>;
const none: Count = Promise.resolve(null);

async function count(db: Db, collection: string, where: Record<string, unknown>): Promise<number> {
  return (await db.collection(collection).where(where).count()).total ?? 0;
}

/** Org levels never change once a node exists: kept per instance, so the queue reads the caller's node once. */
const levels = new Map<string, string>();

async function levelOf(db: Db, code: string): Promise<string | null> {
  if (levels.has(code)) return levels.get(code)!;
  const org = (await db.collection('orgs').doc(code).get()).data?.[0] as { level?: string } | undefined;
  if (org?.level) levels.set(code, org.level);
  return org?.level ?? null;
}

const OVERDUE_DAYS = 31;

/** Open periods her node has not submitted: only a submitting node owes reports. */
async function reportsDue(db: Db, caller: Caller, programme: Programme | null): Promise<number | null> {
  const cal = programme?.reportCalendar;
  const code = caller.staff?.orgCode;
  if (!cal || !code) return null;
  // open periods, and those overdue by less than a month (older ones are the report pages' business)
  const periods = openPeriods(cal, nowMs(), OVERDUE_DAYS);
  if (!periods.length) return 0;
  const ids = periods.map((p) => reportId(code, p.key));
  const [level, res] = await Promise.all([
    levelOf(db, code),
    db.collection('reports').where({ _id: db.command.in(ids), status: 'submitted' }).count(),
  ]);
  if (!level || !cal.submitterLevels.includes(level as never)) return null;
  return periods.length - (res.total ?? 0);
}

/** Active pairings with an overdue visit in her subtree: the tally of her node (the root's for an admin). */
async function overdueOf(db: Db, caller: Caller): Promise<number> {
  const code = caller.staff?.orgCode ?? (await findRoot(db))?.code;
  if (!code) return 0;
  const tally = (await db.collection('visit_area_status').doc(code).get()).data?.[0] as { overdue?: number } | undefined;
  return tally?.overdue ?? 0;
}

export const todo: Handler<'account', 'todo'> = async (_input, { db, caller }) => {
  const scope = scopeFilter(caller);
  const _ = db.command;
  const may = (p: Parameters<typeof hasPermission>[1]) => hasPermission(caller, p);
  // staff act on applications only where their own node acts at the current step; admins for every node
  const atMyStep = caller.isAdmin ? {} : { actorCode: caller.staff!.orgCode };
  const [review, consent, flags, overdue, reports] = await Promise.all([
    may('volunteer.review') ? count(db, 'volunteer_applications', { ...scope, status: _.in([...IN_REVIEW]), ...atMyStep }) : none,
    may('pairing.manage') ? count(db, 'pairings', { ...scope, status: 'proposed' }) : none,
    may('visit.read') ? count(db, 'visit_flags', { ...scope, status: 'open' }) : none,
    may('visit.read') ? overdueOf(db, caller) : none,
    may('report.submit') ? loadProgramme(db).then((p) => reportsDue(db, caller, p)) : none,
  ]);
  return { review, consent, flags, overdue, reports };
};
