import type CloudBase from '@cloudbase/manager-node';
import { randomInt } from 'crypto';
import { SETUP_CODE_HOURS, setupCodeHash } from '../server/setup-code';

/**
 * The deploy's side of the first-admin setup code: draw a code, hand its hash to the account
 * function as a system event (a management-side invocation carries no user identity, which is how
 * the function knows it is not a user: src/server/handler.ts), print the code once.
 */

/** 12 letters and digits without look-alikes (no 0/O, 1/I/L), in groups of four: easy to read out and type. */
export function newSetupCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The event the account function's `issueSetupCode` system job takes. */
export function setupCodeEvent(code: string, now: Date, force: boolean) {
  const expiresAt = new Date(now.getTime() + SETUP_CODE_HOURS * 3600_000).toISOString();
  return { Type: 'System', Job: 'issueSetupCode', codeHash: setupCodeHash(code), expiresAt, force };
}

export interface Issued {
  code: string;
  expiresAt: string;
}

/** Returns the code when the function stored it; null (with the reason printed) when an earlier code still stands. */
export async function issueSetupCode(manager: CloudBase, force: boolean): Promise<Issued | null> {
  const code = newSetupCode();
  const event = setupCodeEvent(code, new Date(), force);
  const res = await manager.functions.invokeFunction('account', event);
  const answer = JSON.parse(res.RetMsg || '{}') as { ok?: boolean; data?: { issued: boolean; reason?: string; expiresAt?: string } };
  if (!answer.ok || !answer.data) throw new Error(`the account function refused the setup code: ${res.RetMsg || res.ErrMsg}`);
  if (answer.data.issued) return { code, expiresAt: event.expiresAt };
  console.log(
    answer.data.reason === 'claimed'
      ? '\nAn admin has already claimed this environment; run with --setup-code to print a code for another admin.'
      : `\nA setup code printed earlier still works until ${answer.data.expiresAt}; run with --setup-code to replace it.`,
  );
  return null;
}
