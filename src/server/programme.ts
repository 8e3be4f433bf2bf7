import { AppError } from '../contract/errors';
import { getProgramme, type Programme, type SignupWindow, type TeamKind } from '../programmes';
import type { RuleEra } from '../domain/visits/rules';
import type { Db } from './runtime';
import { chinaToday, dayjs, nowMs, ZONE } from './time';

/**
 * Which programme this environment runs is one settings document. Its rules are versions (issue
 * 17): each is a whole validated programme with the day it applies from, who made it, when and
 * why. The version in effect on a day is the latest one that has started; a visit period stays
 * with the version in effect on its first day (src/domain/visits/rules.ts governedRules), so a
 * change never rewrites what was already counted. Reports are stored when submitted.
 *
 * Versions are kept inline (4–6 KB each) so that every action still reads its programme in one
 * round trip. The document is keyed so that a later step can run one programme per org subtree
 * (`programme` now; `programme:<key>` then) without moving the versions.
 *
 * Environments switched on before versions existed hold only `presetId`: that preset is version 1.
 * The running sign-up window stays beside the versions because staff extend it (volunteer.extendSignup).
 */
export const SETTINGS = 'settings';
export const PROGRAMME_DOC = 'programme';

export interface ProgrammeVersion {
  version: number;
  /** First day it applies (China, YYYY-MM-DD); null: from switch-on. */
  effectiveFrom: string | null;
  programme: Programme;
  /** The shipped preset the first version started from. */
  basedOn: string | null;
  by: string | null;
  byName: string | null;
  at: string;
  reason: string;
}
export interface ProgrammeDoc {
  presetId?: string;
  /** Absent in environments switched on before windows existed: sign-up stays unlimited there. */
  signupWindow?: SignupWindow;
  /** Running windows of team kinds that recruit apart from the programme (staff extensions); a kind absent here runs with its programme's teams.signupWindows entry, if any. */
  teamSignupWindows?: Partial<Record<TeamKind, SignupWindow>>;
  versions?: ProgrammeVersion[];
  /** versions.length, compared on write so two admins saving at once cannot both take a number. */
  versionCount?: number;
}
/** A programme as actions use it: the version in effect today, with the visit rules of those before it. */
export type RunningProgramme = Programme & { readonly version: number; readonly earlierRules: readonly RuleEra[] };

const TTL_MS = 30_000;
const UNLIMITED: SignupWindow = { opens: null, closes: null };
let cached: { at: number; doc: ProgrammeDoc | null; versions: ProgrammeVersion[]; running: Map<string, RunningProgramme | null> } | null = null;

/** The versions a settings document holds (version 1 = its preset for documents from before versions). */
export function versionsOf(doc: ProgrammeDoc | null | undefined): ProgrammeVersion[] {
  if (doc?.versions?.length) return doc.versions;
  const preset = doc?.presetId ? getProgramme(doc.presetId) : undefined;
  if (!preset) return [];
  return [{ version: 1, effectiveFrom: null, programme: preset, basedOn: preset.id, by: null, byName: null, at: '', reason: '启用项目' }];
}

/** Midnight in China at the start of `day`. */
export const dayStartMs = (day: string): number => dayjs.tz(`${day} 00:00:00`, ZONE).valueOf();

/**
 * The versions that take effect one after another, in order: a later-numbered version with the
 * same first day replaces an earlier one (a scheduled change saved again).
 */
export function sequence(versions: readonly ProgrammeVersion[]): ProgrammeVersion[] {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? '') || a.version - b.version);
  return sorted.filter((v, i) => sorted[i + 1]?.effectiveFrom !== v.effectiveFrom || i === sorted.length - 1);
}

/** The version in effect on `day`, or null before the first. */
export function versionOn(versions: readonly ProgrammeVersion[], day: string): ProgrammeVersion | null {
  const started = sequence(versions).filter((v) => v.effectiveFrom === null || v.effectiveFrom <= day);
  return started[started.length - 1] ?? null;
}

/** The version in effect on `day` as actions use it, with the earlier versions' visit rules as eras. */
export function runningOn(versions: readonly ProgrammeVersion[], day: string): RunningProgramme | null {
  const seq = sequence(versions).filter((v) => v.effectiveFrom === null || v.effectiveFrom <= day);
  const current = seq[seq.length - 1];
  if (!current) return null;
  const earlierRules: RuleEra[] = [];
  for (let i = seq.length - 2; i >= 0; i--) {
    const { visitRules, lateStartGrace } = seq[i].programme;
    earlierRules.push({ visitRules, lateStartGrace, until: dayStartMs(seq[i + 1].effectiveFrom!) });
  }
  return Object.freeze({ ...current.programme, version: current.version, earlierRules });
}

async function loadSettings(db: Db): Promise<NonNullable<typeof cached>> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached;
  const res = await db.collection(SETTINGS).doc(PROGRAMME_DOC).get();
  const doc = (res.data?.[0] as ProgrammeDoc | undefined) ?? null;
  cached = { at: Date.now(), doc, versions: versionsOf(doc), running: new Map() };
  return cached;
}

/** The programme in effect today (China), or null before any is switched on. */
export async function loadProgramme(db: Db): Promise<RunningProgramme | null> {
  const settings = await loadSettings(db);
  const today = chinaToday(nowMs());
  if (!settings.running.has(today)) settings.running.set(today, runningOn(settings.versions, today));
  return settings.running.get(today)!;
}

/** Every version and the stored document, read fresh (the history page, saving a version). */
export async function loadVersions(db: Db): Promise<{ doc: ProgrammeDoc | null; versions: ProgrammeVersion[] }> {
  forgetProgramme();
  const settings = await loadSettings(db);
  return { doc: settings.doc, versions: settings.versions };
}

/** The running sign-up window (the same read as the programme's, so no round trip of its own). */
export async function loadSignupWindow(db: Db): Promise<SignupWindow> {
  return (await loadSettings(db)).doc?.signupWindow ?? UNLIMITED;
}

/** The running team windows stored beside it (the same read). */
export async function loadTeamSignupWindows(db: Db): Promise<Partial<Record<TeamKind, SignupWindow>>> {
  return (await loadSettings(db)).doc?.teamSignupWindows ?? {};
}

/** The programme every domain action needs; an environment not switched on yet says so in Chinese. */
export async function requireProgramme(db: Db): Promise<RunningProgramme> {
  const programme = await loadProgramme(db);
  if (!programme) throw new AppError('NOT_FOUND', '本环境尚未启用项目，请联系管理员');
  return programme;
}

export function forgetProgramme(): void {
  cached = null;
}

export const summarise = (p: Programme) => ({ id: p.id, name: p.name, brandName: p.brandName, city: p.city });
