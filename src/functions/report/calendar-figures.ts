import type { Figures } from '../../contract/report/dashboard';
import type { Programme } from '../../programmes';
import type { Db } from '../../server/runtime';
import { computeFigures } from './figures';

/**
 * The one place the calendar asks for a subtree's figures: the dashboard's computeFigures over
 * the report window [start, end). The report stores the whole object as its snapshot.
 */
export function figuresAt(db: Db, programme: Programme, orgCode: string, window: { start: Date; end: Date; label: string }): Promise<Figures> {
  return computeFigures(db, programme, orgCode, { start: window.start.toISOString(), end: window.end.toISOString(), label: window.label });
}
