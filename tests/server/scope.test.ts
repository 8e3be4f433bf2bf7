import { AppError } from '../../src/contract';
import type { Caller, StaffGrant } from '../../src/server/caller';
import { assertInScope, assertPermission, hasPermission, inScope, scopeFilter, subtreeFilter } from '../../src/server/scope';
import { fakeDb } from './fake-db';

/** Org scope and permissions in one place (src/server/scope.ts), unit-tested with exact answers. */
const grant = (orgCode: string, orgPath: string[], permissions: string[] = []): StaffGrant => ({ orgCode, orgName: orgCode, orgPath, permissions, active: true });
const caller = (over: Partial<Caller> = {}): Caller => ({ openid: 'o', userId: 'u', user: null, roles: ['donor'], isAdmin: false, staff: null, ...over });

const admin = caller({ isAdmin: true, roles: ['donor', 'admin'] });
const district = caller({ roles: ['donor', 'staff'], staff: grant('d1', ['city', 'd1'], ['child.read', 'pairing.manage']) });
const donor = caller();

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return { code: (err as AppError).code, message: (err as AppError).message };
  }
  throw new Error('expected a refusal');
}

test('inScope: an admin everywhere, staff inside her subtree only, nobody else', () => {
  expect(inScope(admin, [])).toBe(true);
  expect(inScope(admin, ['city', 'd2'])).toBe(true);
  expect(inScope(district, ['city', 'd1'])).toBe(true);
  expect(inScope(district, ['city', 'd1', 's1'])).toBe(true);
  expect(inScope(district, ['city'])).toBe(false);
  expect(inScope(district, ['city', 'd2', 's1'])).toBe(false);
  expect(inScope(donor, ['city', 'd1'])).toBe(false);
});

test('assertInScope passes inside and refuses outside with the scope message', () => {
  expect(assertInScope(district, ['city', 'd1', 's9'])).toBeUndefined();
  expect(assertInScope(admin, ['x'])).toBeUndefined();
  expect(refusal(() => assertInScope(district, ['city', 'd2']))).toEqual({ code: 'FORBIDDEN', message: '该记录不在您的管辖范围内' });
  expect(refusal(() => assertInScope(donor, ['city', 'd1']))).toEqual({ code: 'FORBIDDEN', message: '该记录不在您的管辖范围内' });
});

test('scopeFilter: nothing for an admin, the staff node on the field asked, a refusal for others', () => {
  expect(scopeFilter(admin)).toEqual({});
  expect(scopeFilter(admin, 'staff.orgPath')).toEqual({});
  expect(scopeFilter(district)).toEqual({ orgPath: 'd1' });
  expect(scopeFilter(district, 'staff.orgPath')).toEqual({ 'staff.orgPath': 'd1' });
  expect(refusal(() => scopeFilter(donor))).toEqual({ code: 'FORBIDDEN', message: '您没有权限进行此操作' });
});

test('hasPermission and assertPermission: an admin holds every permission, staff only her own', () => {
  expect(hasPermission(admin, 'report.submit')).toBe(true);
  expect(hasPermission(district, 'child.read')).toBe(true);
  expect(hasPermission(district, 'child.write')).toBe(false);
  expect(hasPermission(donor, 'child.read')).toBe(false);
  expect(assertPermission(district, 'pairing.manage')).toBeUndefined();
  expect(assertPermission(admin, 'child.write')).toBeUndefined();
  expect(refusal(() => assertPermission(district, 'child.write'))).toEqual({ code: 'FORBIDDEN', message: '您没有此项操作的权限，请联系管理员开通' });
  expect(refusal(() => assertPermission(donor, 'child.read'))).toEqual({ code: 'FORBIDDEN', message: '您没有此项操作的权限，请联系管理员开通' });
});

describe('subtreeFilter', () => {
  const orgs = [
    { _id: 'city', code: 'city', path: ['city'] },
    { _id: 'd1', code: 'd1', path: ['city', 'd1'] },
    { _id: 's1', code: 's1', path: ['city', 'd1', 's1'] },
    { _id: 'd2', code: 'd2', path: ['city', 'd2'] },
  ];

  test('without a node: the whole subtree, without reading the org tree', async () => {
    const { db, calls } = fakeDb({ orgs });
    await expect(subtreeFilter(db, district)).resolves.toEqual({ orgPath: 'd1' });
    await expect(subtreeFilter(db, admin, '')).resolves.toEqual({});
    expect(calls).toEqual([]);
  });

  test('a node inside the subtree narrows to it; outside or unknown is refused', async () => {
    const { db } = fakeDb({ orgs });
    await expect(subtreeFilter(db, district, 's1')).resolves.toEqual({ orgPath: 's1' });
    await expect(subtreeFilter(db, district, 'd1')).resolves.toEqual({ orgPath: 'd1' });
    await expect(subtreeFilter(db, admin, 'd2')).resolves.toEqual({ orgPath: 'd2' });
    await expect(subtreeFilter(db, district, 'd2')).rejects.toMatchObject({ code: 'FORBIDDEN', message: '该记录不在您的管辖范围内' });
    await expect(subtreeFilter(db, district, 'nowhere')).rejects.toMatchObject({ code: 'NOT_FOUND', message: '没有找到该组织' });
  });
});
