import { AppError } from '../../../src/contract';
import { decide, RULES, WISH_EVENTS, WISH_STATUSES, type Actor, type WishEvent, type WishStatus } from '../../../src/domain/wish';

/** The state machine: every (state, event, actor) is either the one allowed move or a refusal. */
const ACTORS: Actor[] = ['collector', 'reviewer', 'donor', 'claimant', 'system'];

const ALLOWED: [WishStatus, WishEvent, Actor, WishStatus][] = [
  ['returned', 'resubmit', 'collector', 'pending'],
  ['pending', 'approve', 'reviewer', 'published'],
  ['pending', 'return', 'reviewer', 'returned'],
  ['pending', 'reject', 'reviewer', 'rejected'],
  ['published', 'claim', 'donor', 'claimed'],
  ['claimed', 'cancel', 'claimant', 'published'],
  ['claimed', 'revoke', 'reviewer', 'published'],
  ['claimed', 'lapse', 'system', 'published'],
  ['claimed', 'send', 'claimant', 'sent'],
  ['sent', 'receive', 'collector', 'received'],
  ['received', 'thank', 'collector', 'thanked'],
];

test.each(ALLOWED)('%s --%s by %s--> %s', (from, event, actor, to) => {
  expect(decide(from, event, [actor])).toBe(to);
});

test('every other state, event and actor is refused: the wrong person FORBIDDEN, the wrong state CONFLICT', () => {
  let refused = 0;
  for (const status of WISH_STATUSES) {
    for (const event of WISH_EVENTS) {
      for (const actor of ACTORS) {
        const allowed = ALLOWED.find(([f, e, a]) => f === status && e === event && a === actor);
        if (allowed) continue;
        let err: unknown;
        try {
          decide(status, event, [actor]);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(AppError);
        const personOk = RULES[event].by.includes(actor);
        expect((err as AppError).code).toBe(personOk ? 'CONFLICT' : 'FORBIDDEN');
        expect((err as AppError).message).toMatch(/[\u4e00-\u9fa5]/);
        refused++;
      }
    }
  }
  expect(refused).toBe(WISH_STATUSES.length * WISH_EVENTS.length * ACTORS.length - ALLOWED.length);
});

test('a claim refused from a taken wish says it was just taken', () => {
  expect(() => decide('claimed', 'claim', ['donor'])).toThrow('刚刚被其他爱心人士认领');
});

test('a donor is never a reviewer: holding a claim does not let her confirm receipt', () => {
  expect(() => decide('sent', 'receive', ['donor', 'claimant'])).toThrow(AppError);
});
