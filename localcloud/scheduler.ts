import fs from 'fs';
import path from 'path';
import { dayjs, ZONE } from '../src/server/time';
import type { ResolveMain } from './gateway';

/**
 * Runs the functions' CloudBase timer triggers locally. A trigger is declared in
 * cloudfunctions/<name>/config.json as `{"triggers":[{"name","type":"timer","config":"0 0 9 * * * *"}]}`:
 * seven cron fields (second minute hour day-of-month month day-of-week year) in Asia/Shanghai.
 * The event passed is what CloudBase passes: `{ Type: 'Timer', TriggerName, Time }`, and the
 * context carries no OPENID.
 */
export interface Trigger {
  fn: string;
  name: string;
  cron: string;
}

export function readTriggers(functionsDir: string): Trigger[] {
  if (!fs.existsSync(functionsDir)) return [];
  const out: Trigger[] = [];
  for (const fn of fs.readdirSync(functionsDir)) {
    const file = path.join(functionsDir, fn, 'config.json');
    if (!fs.existsSync(file)) continue;
    const cfg = JSON.parse(fs.readFileSync(file, 'utf8')) as { triggers?: { name: string; type: string; config: string }[] };
    for (const t of cfg.triggers ?? []) if (t.type === 'timer') out.push({ fn, name: t.name, cron: t.config });
  }
  return out;
}

/** One cron field: `*`, `n`, `a-b`, `a,b`, `*\/n`, `a-b/n`. */
function fieldMatches(field: string, value: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    if (range === '*') return value % step === 0;
    const [lo, hi] = range.split('-').map(Number);
    const top = hi ?? (stepText ? Number.MAX_SAFE_INTEGER : lo);
    return value >= lo && value <= top && (value - lo) % step === 0;
  });
}

export function cronMatches(cron: string, at: Date): boolean {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 7) throw new Error(`timer config needs 7 fields: ${cron}`);
  const t = dayjs(at).tz(ZONE);
  const values = [t.second(), t.minute(), t.hour(), t.date(), t.month() + 1, t.day(), t.year()];
  return values.every((v, i) => fieldMatches(f[i], v));
}

export function timerEvent(name: string, at = new Date()) {
  return { Type: 'Timer', TriggerName: name, Time: at.toISOString(), Message: '' };
}

export const timerContext = (fn: string) => ({ request_id: `local-timer-${Date.now()}`, function_name: fn, namespace: 'local', environment: JSON.stringify({}) });

/** Checks every second; returns a stop function. */
export function startScheduler(triggers: Trigger[], resolve: ResolveMain): () => void {
  let last = Math.floor(Date.now() / 1000);
  const timer = setInterval(() => {
    const nowSec = Math.floor(Date.now() / 1000);
    for (let s = last + 1; s <= nowSec; s++) {
      const at = new Date(s * 1000);
      for (const t of triggers) {
        if (!cronMatches(t.cron, at)) continue;
        resolve(t.fn)?.(timerEvent(t.name, at), timerContext(t.fn)).then(
          (r) => console.log(`[timer] ${t.fn}.${t.name}`, JSON.stringify(r)),
          (e) => console.error(`[timer] ${t.fn}.${t.name}`, e),
        );
      }
    }
    last = nowSec;
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
