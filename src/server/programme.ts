import { AppError } from '../contract/errors';
import { getProgramme, type Programme, type SignupWindow } from '../programmes';
import type { Db } from './runtime';

/**
 * Which programme this environment runs is one settings document ({ _id: 'programme', presetId,
 * signupWindow }); the programme itself is a shipped preset (src/programmes). The running sign-up
 * window lives in the document because staff extend it (volunteer.extendSignup). Cached briefly per
 * warm instance: another instance sees an extension within TTL_MS.
 */
export const SETTINGS = 'settings';
export const PROGRAMME_DOC = 'programme';
export interface ProgrammeDoc {
  presetId?: string;
  /** Absent in environments switched on before windows existed: sign-up stays unlimited there. */
  signupWindow?: SignupWindow;
}
const TTL_MS = 30_000;
const UNLIMITED: SignupWindow = { opens: null, closes: null };
let cached: { at: number; programme: Programme | null; signupWindow: SignupWindow } | null = null;

async function loadSettings(db: Db): Promise<NonNullable<typeof cached>> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached;
  const res = await db.collection(SETTINGS).doc(PROGRAMME_DOC).get();
  const doc = res.data?.[0] as ProgrammeDoc | undefined;
  const programme = doc?.presetId ? getProgramme(doc.presetId) ?? null : null;
  cached = { at: Date.now(), programme, signupWindow: doc?.signupWindow ?? UNLIMITED };
  return cached;
}

export async function loadProgramme(db: Db): Promise<Programme | null> {
  return (await loadSettings(db)).programme;
}

/** The running sign-up window (the same read as the programme's, so no round trip of its own). */
export async function loadSignupWindow(db: Db): Promise<SignupWindow> {
  return (await loadSettings(db)).signupWindow;
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
