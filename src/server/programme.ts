import { AppError } from '../contract/errors';
import { getProgramme, type Programme } from '../programmes';
import type { Db } from './runtime';

/**
 * Which programme this environment runs is one settings document ({ _id: 'programme', presetId });
 * the programme itself is a shipped preset (src/programmes). Cached briefly per warm instance.
 */
const TTL_MS = 30_000;
let cached: { at: number; programme: Programme | null } | null = null;

export async function loadProgramme(db: Db): Promise<Programme | null> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.programme;
  const res = await db.collection('settings').doc('programme').get();
  const doc = res.data?.[0] as { presetId?: string } | undefined;
  const programme = doc?.presetId ? getProgramme(doc.presetId) ?? null : null;
  cached = { at: Date.now(), programme };
  return programme;
}

/** The programme every domain action needs; an environment not switched on yet says so in Chinese. */
export async function requireProgramme(db: Db): Promise<Programme> {
  const programme = await loadProgramme(db);
  if (!programme) throw new AppError('NOT_FOUND', '本环境尚未启用项目，请联系管理员');
  return programme;
}

export function forgetProgramme(): void {
  cached = null;
}

export const summarise = (p: Programme) => ({ id: p.id, name: p.name, brandName: p.brandName, city: p.city });
