/**
 * mingo, as the local database uses it: every operator mingo ships, with a few local overrides
 * where mingo answers differently from MongoDB (which CloudBase runs), each tested in
 * tests/localcloud/db-mingo-overrides.test.ts:
 *
 * - `$elemMatch` with a document condition (`{ arr: { $elemMatch: { a: 1 } } }`) matches only
 *   array elements that are documents; mingo also matched plain values (`[1, 2]`).
 * - `$indexOfCP` (missing in mingo).
 * - `$substr` / `$substrBytes`: a negative length means "to the end of the string"; byte offsets.
 * - `$week`: strftime's %U (weeks start on Sunday; days before the first Sunday are week 0).
 * - `$jsonSchema` in queries and `$match`: MongoDB's keyword subset, with `bsonType`.
 *
 * Geo query operators ($geoWithin, $geoIntersects, $near, $nearSphere) come from geo.ts.
 *
 * Note: mingo's own `Query` / `Aggregator` merge a passed context *under* their defaults, so an
 * operator cannot be replaced that way; the base classes take this full context instead.
 */
import { makeGeoQueryOperators } from './geo';
import { jsonSchemaValidator } from './json-schema';

// mingo's subpath modules resolve at run time through its package "exports"; this project's
// TypeScript resolution (node10) does not read "exports", so their types come from mingo/types.
/* eslint-disable @typescript-eslint/no-require-imports */
const { Aggregator: BaseAggregator } = require('mingo/aggregator') as typeof import('mingo/types/aggregator');
const { evalExpr, Context } = require('mingo/core') as typeof import('mingo/types/core');
const accumulatorOperators = require('mingo/operators/accumulator') as Record<string, unknown>;
const expressionOperators = require('mingo/operators/expression') as Record<string, unknown>;
const pipelineOperators = require('mingo/operators/pipeline') as Record<string, unknown>;
const projectionOperators = require('mingo/operators/projection') as Record<string, unknown>;
const queryOperators = require('mingo/operators/query') as Record<string, unknown>;
const windowOperators = require('mingo/operators/window') as Record<string, unknown>;
const { Query: BaseQuery } = require('mingo/query') as typeof import('mingo/types/query');
const { isArray, isObject, isOperator, resolve } = require('mingo/util') as typeof import('mingo/types/util');
/* eslint-enable @typescript-eslint/no-require-imports */
type Options = Record<string, unknown>;
type AnyOp = (...args: never[]) => unknown;

/** `{ $elemMatch: { a: 1 } }`: the elements tested are documents (arrays count as BSON documents too). */
function $elemMatch(selector: string, criteria: Record<string, unknown>, options: Options): (o: unknown) => boolean {
  const keys = Object.keys(criteria);
  // value form ({ $gt: 1 }): mingo is right, each element is the value tested
  const valueForm = keys.length > 0 && keys.every((k) => isOperator(k) && k !== '$and' && k !== '$or' && k !== '$nor');
  if (valueForm) return (queryOperators.$elemMatch as unknown as (s: string, c: unknown, o: Options) => (o: unknown) => boolean)(selector, criteria, options);
  const q = keys.length === 0 ? null : new BaseQuery(criteria, options as never);
  const isDocument = (v: unknown) => isObject(v) || isArray(v);
  return (o) => {
    const lhs = resolve(o as never, selector, { unwrapArray: true });
    if (!isArray(lhs)) return false;
    return lhs.some((v) => isDocument(v) && (q === null || q.test(v as never)));
  };
}

/** `$indexOfCP: [string, substring, start?, end?]` in code points; -1 when absent, null for a null string. */
function $indexOfCP(obj: unknown, expr: unknown, options: Options): number | null {
  const args = evalExpr(obj as never, expr as never, options as never) as unknown[];
  const [s, sub, start = 0, end] = args;
  if (s === null || s === undefined) return null;
  if (typeof s !== 'string' || typeof sub !== 'string') throw new Error('$indexOfCP requires a string and a substring');
  const cps = Array.from(s);
  const subCps = Array.from(sub);
  const from = Number(start);
  const to = end === undefined ? cps.length : Math.min(Number(end), cps.length);
  if (!Number.isInteger(from) || from < 0 || !Number.isInteger(to) || to < 0) throw new Error('$indexOfCP: indexes must be non-negative integers');
  for (let i = from; i + subCps.length <= to; i++) {
    let ok = true;
    for (let j = 0; j < subCps.length && ok; j++) ok = cps[i + j] === subCps[j];
    if (ok) return i;
  }
  return -1;
}

/** MongoDB's $substrBytes ($substr is its alias): byte offsets in UTF-8, a negative count is "the rest". */
function $substrBytes(obj: unknown, expr: unknown, options: Options): string {
  const [s, start, count] = evalExpr(obj as never, expr as never, options as never) as unknown[];
  const str = s === null || s === undefined ? '' : String(s);
  const buf = Buffer.from(str, 'utf8');
  const from = Math.trunc(Number(start));
  const n = Math.trunc(Number(count));
  if (!Number.isFinite(from) || from < 0) throw new Error('$substrBytes: starting index must be non-negative');
  if (!Number.isFinite(n)) throw new Error('$substrBytes: length must be a numeric value');
  if (from >= buf.length) return '';
  const to = n < 0 ? buf.length : Math.min(buf.length, from + n);
  const continuation = (i: number) => i < buf.length && (buf[i] & 0xc0) === 0x80;
  if (continuation(from)) throw new Error('$substrBytes: Invalid range, starting index is a UTF-8 continuation byte.');
  if (continuation(to)) throw new Error('$substrBytes: Invalid range, ending index is in the middle of a UTF-8 character.');
  return buf.subarray(from, to).toString('utf8');
}

/** Calendar parts of an instant in a time zone (IANA name or ±HH:MM offset); UTC by default. */
function zonedParts(d: Date, timezone: unknown): { year: number; month: number; day: number } {
  if (timezone === undefined || timezone === null || timezone === 'UTC' || timezone === 'GMT') {
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  const tz = String(timezone);
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz);
  if (offset) {
    const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
    return zonedParts(new Date(d.getTime() + minutes * 60_000), undefined);
  }
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** `$week`: 0..53, weeks start on Sunday, week 1 begins with the year's first Sunday (strftime %U). */
function $week(obj: unknown, expr: unknown, options: Options): number | null {
  const arg = isObject(expr) && 'date' in (expr as object) ? (expr as { date: unknown; timezone?: unknown }) : { date: expr };
  const date = evalExpr(obj as never, arg.date as never, options as never);
  if (date === null || date === undefined) return null;
  if (!(date instanceof Date)) throw new Error('$week requires a date');
  const tz = arg.timezone === undefined ? undefined : evalExpr(obj as never, arg.timezone as never, options as never);
  const { year, month, day } = zonedParts(date, tz);
  const local = Date.UTC(year, month - 1, day);
  const yday = Math.round((local - Date.UTC(year, 0, 1)) / 86_400_000);
  const wday = new Date(local).getUTCDay();
  return Math.floor((yday + 7 - wday) / 7);
}

const geo = makeGeoQueryOperators((o, path) => resolve(o as never, path));
const geoQueryOperators = { ...geo, $near: geo.$nearSphere };

const CONTEXT = Context.init({
  accumulator: accumulatorOperators as unknown as Record<string, AnyOp>,
  expression: { ...expressionOperators, $indexOfCP, $substr: $substrBytes, $substrBytes, $week } as unknown as Record<string, AnyOp>,
  pipeline: pipelineOperators as unknown as Record<string, AnyOp>,
  projection: projectionOperators as unknown as Record<string, AnyOp>,
  query: { ...queryOperators, ...geoQueryOperators, $elemMatch } as unknown as Record<string, AnyOp>,
  window: windowOperators as unknown as Record<string, AnyOp>,
} as never);

const withContext = (options?: Options) => ({ ...options, context: CONTEXT, jsonSchemaValidator });

/** mingo's Query with the local operator set. */
export class Query extends BaseQuery {
  constructor(condition: Record<string, unknown>, options?: Options) {
    super(condition as never, withContext(options) as never);
  }
}

/** mingo's Aggregator with the local operator set. */
export class Aggregator extends BaseAggregator {
  constructor(pipeline: Record<string, unknown>[], options?: Options) {
    super(pipeline as never, withContext(options) as never);
  }
}

