import { chinaDateTime } from '../../../../utils/china-time';

/** The correction form's fields as text, from a stored check-in or from her version of it. */
export interface Form { durationMinutes: string; withWhom: string; problems: string; measures: string; health: string; study: string; mood: string; reason: string }
interface Values {
  kind?: string; kindLabel?: string; at?: string; durationMinutes: number; withWhom?: string; problems?: string; measures?: string;
  childState?: { health?: string; study?: string; mood?: string };
}

export const formOf = (v: Values, reason = ''): Form => ({
  durationMinutes: String(v.durationMinutes), withWhom: v.withWhom ?? '', problems: v.problems ?? '', measures: v.measures ?? '',
  health: v.childState?.health ?? '', study: v.childState?.study ?? '', mood: v.childState?.mood ?? '', reason,
});

const LABELS: [keyof Form, string][] = [
  ['durationMinutes', '时长（分钟）'], ['withWhom', '与谁'], ['problems', '发现的问题'], ['measures', '解决措施'], ['health', '身体'], ['study', '学习'], ['mood', '情绪'],
];

export interface Difference { key: string; label: string; stored: string; mine: string }

/**
 * What differs between the stored record and her version, field by field, for 已记录的版本 beside
 * 您的修改; her kind and time count too when she has her own (a resent check-in), else the form keeps the stored ones.
 */
export function differences(stored: Values, storedForm: Form, mine: Form, own?: { kind?: string; kindLabel?: string; at?: string }): Difference[] {
  const out: Difference[] = [];
  if (own?.kind && own.kind !== stored.kind) out.push({ key: 'kind', label: '走访方式', stored: stored.kindLabel ?? stored.kind ?? '', mine: own.kindLabel ?? own.kind });
  if (own?.at && stored.at && Date.parse(own.at) !== Date.parse(stored.at)) out.push({ key: 'at', label: '走访时间', stored: chinaDateTime(stored.at), mine: chinaDateTime(own.at) });
  for (const [key, label] of LABELS) {
    const a = storedForm[key].trim();
    const b = mine[key].trim();
    if (a !== b) out.push({ key, label, stored: a || '（空）', mine: b || '（空）' });
  }
  return out;
}

/**
 * Her edit on top of a record changed since she opened it: the fields she changed keep her value,
 * the ones she left as she found them take the stored value (so another correction is not undone
 * by a field she never touched). `seen`: the form as it was when she opened it.
 */
export function onTop(seen: Form, mine: Form, stored: Form): Form {
  const out = { ...mine };
  for (const [key] of LABELS) if (mine[key].trim() === seen[key].trim()) out[key] = stored[key];
  return out;
}
