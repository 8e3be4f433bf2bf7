import { z } from 'zod';
import { conflictDetails } from '../../src/server/handler';
import { AppError, contract } from '../../src/contract';
import type { ActionDef } from '../../src/contract/define';

/**
 * A CONFLICT's details leave the server only through the action's declared `conflict` schema
 * (src/server/handler.ts). The end-to-end answer is in tests/functions/visit-conflict.test.ts.
 */
test('details leave only through the action\'s declared conflict schema: unknown keys stripped, undeclared or mismatched dropped', () => {
  const declared = { conflict: z.object({ current: z.object({ id: z.string() }) }) } as unknown as ActionDef;
  const undeclared = {} as ActionDef;
  const details = { current: { id: 'ck1', inputHash: 'secret', volunteerUserId: 'u1' } };
  expect(conflictDetails(declared, new AppError('CONFLICT', '冲突', details))).toEqual({ details: { current: { id: 'ck1' } } });
  expect(conflictDetails(undeclared, new AppError('CONFLICT', '冲突', details))).toEqual({});
  expect(conflictDetails(declared, new AppError('FORBIDDEN', '无权', details))).toEqual({});
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(conflictDetails(declared, new AppError('CONFLICT', '冲突', { current: { id: 7 } }))).toEqual({});
  error.mockRestore();
  // only these two actions declare one
  const declaring = Object.entries(contract).flatMap(([fn, actions]) => Object.entries(actions as Record<string, ActionDef>).filter(([, d]) => d.conflict).map(([a]) => `${fn}.${a}`));
  expect(declaring.sort()).toEqual(['visit.checkIn', 'visit.correct']);
});
