import type { z } from 'zod';
import { contract, type ActionName, type FunctionName, type Output, type ParsedInput } from '../contract';
import { AppError, DEFAULT_MESSAGES, type Envelope } from '../contract';
import type { ActionDef } from '../contract/define';
import { describeZodError, labelAt } from '../contract/messages';
import { hasControlChar, hasLoneSurrogate, inspectInput } from './input-guard';
import { fromWeChatClient, getDb, openidFromContext, type Db } from './runtime';
import { loadCaller, type Caller } from './caller';
import { writeAudit, type AuditTarget } from './audit';
import { now, type Dayjs } from './time';
import { configureZod } from './zod';

configureZod();

/** Everything a handler needs, made once per call. */
export interface Ctx {
  db: Db;
  caller: Caller;
  now: () => Dayjs;
  /** Name what a sensitive action touched; the wrapper writes one audit entry per call. */
  auditTarget: (target: AuditTarget) => void;
}

export type Handler<F extends FunctionName, A extends ActionName<F>> = (
  input: ParsedInput<F, A>,
  ctx: Ctx,
) => Promise<Output<F, A>>;

export type Handlers<F extends FunctionName> = { [A in ActionName<F>]: Handler<F, A> };

/** Bodies larger than this are refused before parsing (the platform's own limit is ~100 KB). */
const MAX_BODY_CHARS = 100_000;

function invalid(message: string): Envelope<never> {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

/**
 * Builds a cloud function's `main(event, context)`: identity → role and permission → zod
 * validation → handler → output schema (which strips undeclared fields) → envelope. Nothing
 * thrown escapes; an unexpected error becomes INTERNAL and is logged.
 */
/** A scheduled job: runs as the system, never as a caller (see TimerEvent). */
export type TimerJob = (ctx: { db: Db; now: () => Dayjs }) => Promise<Record<string, unknown>>;

/** What a CloudBase timer trigger passes as the event (config.json `triggers`). */
interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
}
const isTimerEvent = (e: unknown): e is TimerEvent =>
  !!e && typeof e === 'object' && (e as TimerEvent).Type === 'Timer' && typeof (e as TimerEvent).TriggerName === 'string';

/**
 * A system job: the deploy command invokes the function from the management side (manager-node
 * `invokeFunction`), which carries no user identity, with `{ Type: 'System', Job, …payload }`
 * (src/deploy/setup.ts). Like a timer, it is refused when the call carries an OPENID.
 */
export type SystemJob = (event: Record<string, unknown>, ctx: { db: Db; now: () => Dayjs }) => Promise<Record<string, unknown>>;
interface SystemEvent {
  Type: 'System';
  Job: string;
}
const isSystemEvent = (e: unknown): e is SystemEvent & Record<string, unknown> =>
  !!e && typeof e === 'object' && (e as SystemEvent).Type === 'System' && typeof (e as SystemEvent).Job === 'string';

/**
 * A WeChat message push (云函数接收消息推送): the event is WeChat's JSON packet, `{ MsgType, Event, … }`.
 * It may carry the user's OPENID in the context, so it cannot be told from a client call by
 * identity; each job must trust only what it can match against its own records (a trace_id).
 */
export type PushJob = (event: Record<string, unknown> & { MsgType: string; Event: string }, ctx: { db: Db; now: () => Dayjs }) => Promise<Record<string, unknown>>;

const isPushEvent = (e: unknown): e is Record<string, unknown> & { MsgType: string; Event: string } =>
  !!e && typeof e === 'object' && !('action' in e) && (e as { MsgType?: unknown }).MsgType === 'event' && typeof (e as { Event?: unknown }).Event === 'string';

export function createFunction<F extends FunctionName>(fn: F, handlers: Handlers<F>, opts: { timers?: Record<string, TimerJob>; pushes?: Record<string, PushJob>; system?: Record<string, SystemJob> } = {}) {
  const actions = contract[fn] as unknown as Record<string, ActionDef>;

  return async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
    if (isTimerEvent(event)) return runTimer(fn, opts.timers ?? {}, event, context);
    if (isSystemEvent(event)) {
      const jobs = opts.system ?? {};
      const job = Object.prototype.hasOwnProperty.call(jobs, event.Job) ? jobs[event.Job] : undefined;
      if (!job || fromWeChatClient(context)) return invalid('不支持的操作');
      return runTimer(fn, { [event.Job]: (ctx) => job(event, ctx) }, { Type: 'Timer', TriggerName: event.Job }, context);
    }
    if (isPushEvent(event)) return runPush(fn, opts.pushes ?? {}, event);
    // Stryker disable next-line StringLiteral: the action is set before anything reads it
    const started = { fn: fn as string, action: '' };
    let ctx: Ctx | null = null;
    const targets: AuditTarget[] = [];
    let def: ActionDef | undefined;
    try {
      if (!event || typeof event !== 'object') return invalid('请求格式不正确');
      const { action, data } = event as { action?: unknown; data?: unknown };
      if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(actions, action)) {
        return invalid('不支持的操作');
      }
      started.action = action;
      def = actions[action];
      // depth first, without recursion: the size check below (JSON.stringify) and zod recurse
      const problem = inspectInput(data);
      if (problem?.kind === 'tooDeep') return invalid('提交的内容层级过深');
      if (JSON.stringify(data ?? {}).length > MAX_BODY_CHARS) return invalid('提交的内容过大');

      const openid = openidFromContext(context);
      if (!openid) throw new AppError('UNAUTHENTICATED');
      // half of a surrogate pair is no character: stored, it shows as garbage and breaks exports
      // so is a control character (a NUL, an escape): invisible, and it breaks exports
      if (problem) {
        const label = labelAt(def.input, problem.path); // an undeclared key is its own label: never echo the bad text
        const named = hasLoneSurrogate(label) || hasControlChar(label) ? '提交的内容' : label;
        return invalid(problem.kind === 'loneSurrogate' ? `${named}含有无法识别的字符，请删除后重新输入` : `${named}含有不可见的控制字符，请删除后重新输入`);
      }
      // validate before anything reads or writes: bad input changes nothing
      const parsed = def.input.safeParse(data ?? {}, { reportInput: true });
      if (!parsed.success) return invalid(describeZodError(def.input, parsed.error));
      const db = getDb();
      const caller = await loadCaller(db, openid);
      ctx = { db, caller, now, auditTarget: (t) => targets.push(t) };
      authorize(def, caller);

      const handler = (handlers as unknown as Record<string, (i: unknown, c: Ctx) => Promise<unknown>>)[action];
      const result = await handler(parsed.data, ctx);
      const out = (def.output as z.ZodType).parse(result);
      if (def.audit) await writeAudit(db, ctx.caller, started, true, targets);
      return { ok: true, data: out };
    } catch (err) {
      if (err instanceof AppError) {
        // a refused attempt at a sensitive action is worth knowing about too
        if (def?.audit && ctx && err.code === 'FORBIDDEN') {
          await writeAudit(ctx.db, ctx.caller, started, false, targets).catch(() => undefined);
        }
        return { ok: false, error: { code: err.code, message: err.message, ...conflictDetails(def, err) } };
      }
      console.error(`[${started.fn}.${started.action}]`, err);
      return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL } };
    }
  };
}

/** A CONFLICT's details, through the action's declared `conflict` schema: nothing undeclared leaves the server. */
export function conflictDetails(def: ActionDef | undefined, err: AppError): { details?: unknown } {
  if (err.code !== 'CONFLICT' || err.details === undefined || !def?.conflict) return {};
  const parsed = def.conflict.safeParse(err.details);
  if (parsed.success) return { details: parsed.data };
  console.error('[conflict details] not what the contract declares', parsed.error.issues.slice(0, 3));
  return {};
}

/**
 * A client call always carries the mini-program's app id (and the caller's OPENID); a real timer
 * trigger never does. So an event that looks like a timer but comes from a client is refused,
 * even one without an OPENID: users cannot fire jobs.
 */
async function runTimer(fn: string, timers: Record<string, TimerJob>, event: TimerEvent, context: unknown): Promise<Envelope<unknown>> {
  if (fromWeChatClient(context)) return invalid('不支持的操作');
  const job = Object.prototype.hasOwnProperty.call(timers, event.TriggerName) ? timers[event.TriggerName] : undefined;
  if (!job) return invalid('不支持的操作');
  try {
    return { ok: true, data: await job({ db: getDb(), now }) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
    console.error(`[${fn} timer ${event.TriggerName}]`, err);
    return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL } };
  }
}

async function runPush(fn: string, pushes: Record<string, PushJob>, event: Record<string, unknown> & { MsgType: string; Event: string }): Promise<Envelope<unknown>> {
  const job = Object.prototype.hasOwnProperty.call(pushes, event.Event) ? pushes[event.Event] : undefined;
  if (!job) return invalid('不支持的操作');
  try {
    return { ok: true, data: await job(event, { db: getDb(), now }) };
  } catch (err) {
    console.error(`[${fn} push ${event.Event}]`, err);
    return { ok: false, error: { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL } };
  }
}

function authorize(def: ActionDef, caller: Caller): void {
  if (def.access === 'public') return;
  if (caller.isAdmin) return; // admins hold every role and permission over the whole programme
  const roles = def.access;
  const hasRole = roles.some((r) => caller.roles.includes(r));
  if (!hasRole) throw new AppError('FORBIDDEN');
  if (def.permission && roles.includes('staff') && caller.staff) {
    if (!caller.staff.permissions.includes(def.permission)) throw new AppError('FORBIDDEN', '您没有此项操作的权限，请联系管理员开通');
  }
}
