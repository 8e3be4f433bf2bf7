import type { FunctionName } from '../contract';
import { CHINA_OFFSET_MS, type Instant } from '../../miniprogram/utils/china-time';

/**
 * Every WeChat subscribe message we send, declared once: which function sends it, the variables it
 * is configured by, and its semantic fields, each with the keyword type WeChat must have for it and
 * the key it goes under unless configured otherwise.
 *
 * A federation picks a template in the WeChat console (订阅消息 → 公共模板库) whose keywords fit; the
 * console shows each keyword's key, e.g. 物品名称 {{thing2.DATA}}, 截止时间 {{time5.DATA}}. At deploy
 * it sets `<NAME>_TEMPLATE_ID` to the template id and, when the keys differ from the defaults here,
 * `<NAME>_TEMPLATE_FIELDS` to one line mapping every field to its key: `child=thing2,due=time5,hint=thing7`.
 * The letters of a key are its keyword type, which must be the field's; the digits are its place in
 * that template. This file is pure (no I/O, no SDK) so the deploy command can import it.
 *
 * Value limits per keyword type (sendMessage, 其他说明 / 参数值内容限制,
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html):
 * thing 20 characters; number, letter, character_string 32; symbol 5; phrase 5 Chinese characters
 * only; name 10 Chinese characters (or 20 letters); phone_number 17; car_number 8; time a 24-hour
 * time, optionally with the date ("15:01" or "2019年10月1日 15:01"); date a date, optionally with the
 * time ("2019年10月1日"). A value breaking them is refused with 47003 and the message is lost, so
 * `formatValue` fits every value to its type before sending.
 */

export const KEYWORD_TYPES = ['thing', 'number', 'letter', 'symbol', 'character_string', 'time', 'date', 'amount', 'phone_number', 'car_number', 'name', 'phrase'] as const;
export type KeywordType = (typeof KEYWORD_TYPES)[number];

interface FieldDecl {
  type: KeywordType;
  /** the key when `<NAME>_TEMPLATE_FIELDS` is not set (the local cloud's templates have these) */
  key: string;
  /** what the field says, for the one who picks the template */
  about: string;
}

interface TemplateDecl {
  /** the kind of template to look for in the WeChat console */
  title: string;
  /** the cloud function that sends it (and reads its variables) */
  fn: FunctionName;
  fields: Record<string, FieldDecl>;
}

export const SUBSCRIBE_TEMPLATES = {
  VOLUNTEER_RESULT: {
    title: '审核结果通知', fn: 'volunteer',
    fields: {
      subject: { type: 'thing', key: 'thing1', about: '审核事项（爱心妈妈报名审核）' },
      result: { type: 'phrase', key: 'phrase2', about: '审核结果（已通过/未通过/审核中）' },
      note: { type: 'thing', key: 'thing3', about: '说明（编号、理由或下一环节）' },
      at: { type: 'time', key: 'time4', about: '审核时间' },
    },
  },
  WISH_REMINDER: {
    title: '认领到期提醒', fn: 'wish',
    fields: {
      wish: { type: 'thing', key: 'thing1', about: '心愿名称' },
      due: { type: 'time', key: 'time2', about: '认领到期时间' },
      hint: { type: 'thing', key: 'thing3', about: '温馨提示' },
    },
  },
  VISIT_REMINDER: {
    title: '走访待办提醒', fn: 'visit',
    fields: {
      child: { type: 'thing', key: 'thing1', about: '孩子与待办事项' },
      due: { type: 'time', key: 'time2', about: '截止时间' },
      hint: { type: 'thing', key: 'thing3', about: '温馨提示' },
    },
  },
  REPORT_REMINDER: {
    title: '报告截止提醒', fn: 'report',
    fields: {
      report: { type: 'thing', key: 'thing1', about: '报告名称' },
      due: { type: 'time', key: 'time2', about: '截止时间' },
      hint: { type: 'thing', key: 'thing3', about: '温馨提示' },
    },
  },
  COMMENDATION: {
    title: '评优表扬结果通知', fn: 'report',
    fields: {
      honour: { type: 'thing', key: 'thing1', about: '荣誉称号' },
      org: { type: 'thing', key: 'thing2', about: '授予单位' },
      date: { type: 'date', key: 'date3', about: '授予日期' },
    },
  },
} as const satisfies Record<string, TemplateDecl>;

export type TemplateName = keyof typeof SUBSCRIBE_TEMPLATES;
export type FieldOf<N extends TemplateName> = keyof (typeof SUBSCRIBE_TEMPLATES)[N]['fields'] & string;

export const TEMPLATE_NAMES = Object.keys(SUBSCRIBE_TEMPLATES) as TemplateName[];
export const idVariable = (name: TemplateName): string => `${name}_TEMPLATE_ID`;
export const fieldsVariable = (name: TemplateName): string => `${name}_TEMPLATE_FIELDS`;

/** Every configuration variable of the subscribe messages and the function that reads it; none is a secret. */
export const TEMPLATE_VARIABLES: { name: string; fn: FunctionName; secret: false }[] = TEMPLATE_NAMES.flatMap((n) => [
  { name: idVariable(n), fn: SUBSCRIBE_TEMPLATES[n].fn, secret: false as const },
  { name: fieldsVariable(n), fn: SUBSCRIBE_TEMPLATES[n].fn, secret: false as const },
]);

/** The keyword type of a key: its letters before the digits (`character_string12` → character_string); null if not a key. */
export function keyType(key: string): string | null {
  return /^([a-z_]*[a-z])(\d+)$/.exec(key)?.[1] ?? null;
}

type Env = Record<string, string | undefined>;
type Resolved = { keys: Record<string, string>; problems: string[] };

/** The keys of one template's fields from `<NAME>_TEMPLATE_FIELDS` (the defaults when unset), and what is wrong with them. */
function resolveKeys(name: TemplateName, env: Env): Resolved {
  const decl: Record<string, FieldDecl> = SUBSCRIBE_TEMPLATES[name].fields;
  const raw = (env[fieldsVariable(name)] ?? '').trim();
  const defaults = Object.fromEntries(Object.entries(decl).map(([f, d]) => [f, d.key]));
  if (!raw) return { keys: defaults, problems: [] };
  const v = fieldsVariable(name);
  const expected = Object.entries(decl).map(([f, d]) => `${f}=${d.type}N`).join(',');
  const problems: string[] = [];
  const keys: Record<string, string> = {};
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]+)\s*=\s*(\S+)$/.exec(part);
    if (!m) {
      problems.push(`${v}: "${part}" is not field=key (expected ${expected})`);
      continue;
    }
    const [, field, key] = m as unknown as [string, string, string];
    const d = decl[field];
    if (!d) problems.push(`${v}: unknown field "${field}" (the fields are ${Object.keys(decl).join(', ')})`);
    else if (field in keys) problems.push(`${v}: field "${field}" is mapped twice`);
    else {
      const type = keyType(key);
      if (type !== d.type) problems.push(`${v}: ${field}=${key} needs a ${d.type} keyword (e.g. ${d.type}2), ${type ? `not ${type}` : `"${key}" is not a keyword key`}`);
      keys[field] = key;
    }
  }
  for (const field of Object.keys(decl)) if (!(field in keys)) problems.push(`${v}: field "${field}" is not mapped (expected ${expected})`);
  const seen = new Map<string, string>();
  for (const [field, key] of Object.entries(keys)) {
    const other = seen.get(key);
    if (other) problems.push(`${v}: key ${key} is used for both ${other} and ${field}`);
    else seen.set(key, field);
  }
  return { keys, problems };
}

/**
 * Everything wrong with the subscribe-message configuration in `env` (empty when right): each
 * `<NAME>_TEMPLATE_FIELDS` must map every field of its template, to a key of the field's keyword
 * type, no key twice; a FIELDS variable without its ID is named too (it would do nothing). Pure:
 * the functions run it at first use, the deploy command before deploying.
 */
export function templateProblems(env: Env): string[] {
  return TEMPLATE_NAMES.flatMap((name) => {
    const { problems } = resolveKeys(name, env);
    if ((env[fieldsVariable(name)] ?? '').trim() && !env[idVariable(name)]) problems.push(`${fieldsVariable(name)} is set but ${idVariable(name)} is not: nothing would be sent`);
    return problems;
  });
}

// ---------- values ----------

const chars = (s: string): string[] => [...s];
/** Cut to n characters, the last one an ellipsis when something was cut (for free text). */
const clipTo = (s: string, n: number): string => (chars(s).length > n ? `${chars(s).slice(0, n - 1).join('')}…` : s);
const cutTo = (s: string, n: number): string => chars(s).slice(0, n).join('');
const HAN = /\p{Script=Han}/u;

/** China's wall clock of a value: an instant, or a China civil date 'YYYY-MM-DD' (00:00) or 'YYYY-MM-DD HH:mm'. */
function chinaWall(v: Instant): { y: number; mo: number; d: number; h: number; mi: number } | null {
  if (typeof v === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(v);
    if (m) return { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +(m[4] ?? 0), mi: +(m[5] ?? 0) };
  }
  const ms = typeof v === 'number' ? v : v instanceof Date ? v.getTime() : Date.parse(v);
  if (!Number.isFinite(ms)) return null;
  const w = new Date(ms + CHINA_OFFSET_MS);
  return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, d: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes() };
}

/**
 * A value fitted to its keyword type, the one place that knows WeChat's limits (see the top of
 * this file). Free text (thing) is cut with an ellipsis; types WeChat checks by alphabet (phrase,
 * name, …) are cut without one, phrase keeping only Chinese characters. time and date take an
 * instant or a China civil date and are written in WeChat's own example form, 2019年10月1日 15:01.
 */
export function formatValue(type: KeywordType, value: string | Instant): string {
  if (type === 'time' || type === 'date') {
    const w = chinaWall(value);
    if (!w) return '';
    const day = `${w.y}年${w.mo}月${w.d}日`;
    return type === 'date' ? day : `${day} ${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}`;
  }
  const s = String(value).trim();
  switch (type) {
    case 'thing':
      return clipTo(s, 20);
    case 'phrase':
      return cutTo(chars(s).filter((c) => HAN.test(c)).join(''), 5);
    case 'name':
      return HAN.test(s) ? cutTo(s, 10) : cutTo(s, 20);
    case 'number':
    case 'letter':
    case 'character_string':
      return cutTo(s, 32);
    case 'symbol':
      return cutTo(s, 5);
    case 'phone_number':
      return cutTo(s, 17);
    case 'car_number':
      return cutTo(s, 8);
    default:
      return s;
  }
}

/** The message data for a template: each field's value formatted for its type, under its key. */
export function templateData<N extends TemplateName>(name: N, keys: Record<string, string>, values: Record<FieldOf<N>, string | Instant>): Record<string, { value: string }> {
  const decl: Record<string, FieldDecl> = SUBSCRIBE_TEMPLATES[name].fields;
  const data: Record<string, { value: string }> = {};
  for (const [field, d] of Object.entries(decl)) data[keys[field] ?? d.key] = { value: formatValue(d.type, (values as Record<string, string | Instant>)[field] ?? '') };
  return data;
}

// ---------- at run time ----------

export interface UsableTemplate<N extends TemplateName> {
  id: string;
  keys: Record<FieldOf<N>, string>;
  data(values: Record<FieldOf<N>, string | Instant>): Record<string, { value: string }>;
}

/** Configurations already reported, so a bad one is logged once per function instance, not per message. */
const reported = new Set<string>();

/**
 * The template to send `name` with, from this function's configuration, or null: no id configured
 * (nothing is sent, as before), or a mapping with problems (logged once as an error; that message
 * is not sent, the action goes on). The mini-program is given the id only when it is usable: an
 * acceptance of a template we cannot fill would never be spent.
 */
export function subscribeTemplate<N extends TemplateName>(name: N, env: Env = process.env): UsableTemplate<N> | null {
  const id = env[idVariable(name)];
  if (!id) return null;
  const { keys, problems } = resolveKeys(name, env);
  if (problems.length) {
    const signature = `${name}\n${id}\n${env[fieldsVariable(name)] ?? ''}`;
    if (!reported.has(signature)) {
      reported.add(signature);
      console.error('[subscribe]', `${name} is not sent until its configuration is fixed:`, problems.join('; '));
    }
    return null;
  }
  return { id, keys: keys as Record<FieldOf<N>, string>, data: (values) => templateData(name, keys, values) };
}

/** The template id the mini-program asks acceptance for, or null (see subscribeTemplate). */
export const templateIdOf = (name: TemplateName, env: Env = process.env): string | null => subscribeTemplate(name, env)?.id ?? null;
