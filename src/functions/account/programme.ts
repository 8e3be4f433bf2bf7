import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { VERSION_STATE_LABELS } from '../../contract/programme';
import { getProgramme, validateProgramme, type Programme } from '../../programmes';
import { changedSections, describeProgramme, sameProgramme } from '../../programmes/describe';
import { programmeForm } from '../../programmes/form';
import { forgetProgramme, loadVersions, PROGRAMME_DOC, sequence, SETTINGS, versionOn, type ProgrammeVersion } from '../../server/programme';
import { chinaDateTime, isoNow } from '../../server/time';
import { switchOn } from './login';

/**
 * Programme rules as versions (src/server/programme.ts has the model): the history, a review in
 * plain Chinese of a preset, a version or a draft, and saving a draft as a new version.
 */

type Row = ReturnType<typeof rowsOf>[number];
function rowsOf(versions: readonly ProgrammeVersion[], today: string) {
  const inEffect = versionOn(versions, today)?.version;
  const live = new Set(sequence(versions).map((v) => v.version));
  const byNumber = [...versions].sort((a, b) => a.version - b.version);
  return byNumber
    .map((v, i) => {
      const state = v.version === inEffect ? 'in_effect' : !live.has(v.version) ? 'replaced' : v.effectiveFrom && v.effectiveFrom > today ? 'scheduled' : 'past';
      return {
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        state,
        stateLabel: VERSION_STATE_LABELS[state],
        name: v.programme.name,
        basedOn: v.basedOn,
        byName: v.byName,
        when: v.at ? chinaDateTime(v.at) : '',
        reason: v.reason,
        changes: i === 0 ? [] : changedSections(byNumber[i - 1].programme, v.programme),
      } as const;
    })
    .reverse();
}

export const programmeVersions: Handler<'account', 'programmeVersions'> = async (_input, { db, now }) => {
  const today = now().format('YYYY-MM-DD');
  const { versions } = await loadVersions(db);
  return { today, versions: rowsOf(versions, today) };
};

/** A deep copy as plain JSON (a stored or shipped programme is frozen and must not be edited in place). */
const plain = (p: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
const firstOfNextMonth = (today: string) => {
  const [y, m] = today.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
/** A new version may not start before today, nor before the latest version already scheduled. */
const earliestDay = (versions: readonly ProgrammeVersion[], today: string) =>
  versions.reduce((d, v) => (v.effectiveFrom && v.effectiveFrom > d ? v.effectiveFrom : d), today);

export const reviewProgramme: Handler<'account', 'reviewProgramme'> = async (input, { db, now }) => {
  const today = now().format('YYYY-MM-DD');
  const { versions } = await loadVersions(db);
  const inEffect = versionOn(versions, today);
  let source: unknown;
  if (input.draft) source = input.draft;
  else if (input.presetId) source = getProgramme(input.presetId) ?? notFound('没有找到该项目模板');
  else if (input.version !== undefined) source = versions.find((v) => v.version === input.version)?.programme ?? notFound('没有找到该版本');
  else source = [...versions].sort((a, b) => b.version - a.version)[0]?.programme ?? notFound('本环境尚未启用项目，请先选择项目模板');
  const checked = validateProgramme(source);
  const programme: Programme | null = checked.ok ? checked.programme : null;
  const earliest = earliestDay(versions, today);
  const suggested = firstOfNextMonth(today);
  return {
    draft: plain(programme ?? source),
    problems: checked.ok ? [] : checked.problems,
    sections: programme ? describeProgramme(programme) : [],
    changes: programme && inEffect ? changedSections(inEffect.programme, programme) : [],
    inEffect: inEffect?.version ?? null,
    earliestDay: earliest,
    suggestedDay: suggested > earliest ? suggested : earliest,
    // before switch-on the preset's org tree is the draft's too; after, the orgs page keeps it
    form: input.withForm ? programmeForm(versions.length === 0) : null,
  };
};

function notFound(message: string): never {
  throw new AppError('NOT_FOUND', message);
}

export const saveProgramme: Handler<'account', 'saveProgramme'> = async (input, { db, caller, auditTarget, now }) => {
  const today = now().format('YYYY-MM-DD');
  const checked = validateProgramme(input.draft);
  if (!checked.ok) throw new AppError('INVALID_INPUT', `方案有${checked.problems.length}处需要修改：${checked.problems[0].message}`);
  const programme = checked.programme;
  const { doc, versions } = await loadVersions(db);

  if (!versions.length) {
    if (input.basedOn !== undefined && !getProgramme(input.basedOn)) notFound('没有找到该项目模板');
    const orgsCreated = await switchOn(db, programme, { basedOn: input.basedOn ?? null, caller, reason: input.reason, today });
    auditTarget({ kind: 'programme', ids: [programme.id], fields: ['v1'] });
    return { version: rowOf((await loadVersions(db)).versions, 1, today), orgsCreated };
  }

  const latest = [...versions].sort((a, b) => b.version - a.version)[0];
  const from = input.effectiveFrom;
  if (!from) throw new AppError('INVALID_INPUT', '请选择新规则的生效日期');
  if (from < today) throw new AppError('INVALID_INPUT', '生效日期不能早于今天：已经开始的日子按原规则计算');
  const earliest = earliestDay(versions, today);
  if (from < earliest) throw new AppError('INVALID_INPUT', `已有自${earliest}起生效的版本，生效日期不能早于该日`);
  if (programme.id !== latest.programme.id) throw new AppError('INVALID_INPUT', '项目编号不能修改');
  if (sameProgramme(latest.programme, programme)) {
    throw new AppError('INVALID_INPUT', '方案与最新版本相同，没有需要保存的修改');
  }

  const next: ProgrammeVersion = {
    version: latest.version + 1, effectiveFrom: from, programme, basedOn: latest.basedOn, by: caller.userId, byName: caller.user?.name ?? null, at: isoNow(), reason: input.reason,
  };
  const count = doc?.versionCount;
  const _ = db.command;
  // the count is in the where: of two admins saving at once, one succeeds and the other is told
  const res = await db
    .collection(SETTINGS)
    .where({ _id: PROGRAMME_DOC, versionCount: count === undefined ? _.exists(false) : count })
    .update({ versions: [...versions, next], versionCount: versions.length + 1 });
  if (res.updated !== 1) throw new AppError('CONFLICT', '另一位管理员刚刚保存了新版本，请刷新后再修改');
  forgetProgramme();
  auditTarget({ kind: 'programme', ids: [programme.id], fields: [`v${next.version}`] });
  return { version: rowOf([...versions, next], next.version, today), orgsCreated: 0 };
};

function rowOf(versions: readonly ProgrammeVersion[], version: number, today: string): Row {
  return rowsOf(versions, today).find((r) => r.version === version)!;
}
