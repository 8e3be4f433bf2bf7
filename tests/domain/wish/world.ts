/** Shared by the wish function and page tests: the registry's world (遂宁) plus children, a pairing and wishes. */
import { as } from '../../helpers/cloud';
import type { LocalCloud } from '../../../localcloud/server';
import { childInput } from '../child/fixtures';
import { ORGS, pair, setupWorld, WHO } from '../child/world';
import { now } from '../../../src/server/time';

export { ORGS, WHO, pair };

export const inDays = (n: number): string => now().add(n, 'day').format('YYYY-MM-DD');

export const wishInput = (childId: string, over: Record<string, unknown> = {}) => ({
  childId,
  title: '一个新书包',
  category: 'school_supplies' as const,
  priceYuan: 120,
  occasion: 'school_start' as const,
  neededBy: inDays(30),
  childWords: '我想要一个蓝色的书包',
  officeAddress: '测试区妇联一楼服务台',
  volunteerAddress: '测试街道爱心驿站',
  ...over,
});

/** The children behind the wishes (their clear identifying values, for the anonymisation scans). */
export const CHILD_A = childInput(1, ORGS.communityA1);
export const CHILD_B = childInput(3, ORGS.communityB1);
export const identifying = (c: ReturnType<typeof childInput>): string[] => [
  c.name, c.idNumber, c.school, c.address, c.guardian.phone, c.guardian.name, c.classTeacherPhone, c.father.phone, c.father.idNumber, c.father.name,
];

export interface WishWorld { a: string; b: string }

/** The world, child A (county A, paired with WHO.volunteer) and child B (county B). */
export async function setupWishWorld(cloud: LocalCloud): Promise<WishWorld> {
  await setupWorld(cloud);
  const a = (await as(cloud, WHO.countyA).ok('child', 'create', CHILD_A)).id;
  const b = (await as(cloud, WHO.countyB).ok('child', 'create', CHILD_B)).id;
  await pair(a, WHO.volunteer);
  return { a, b };
}

/** A published wish for a child: collected by county staff of the child's county, approved. */
export async function publishedWish(cloud: LocalCloud, childId: string, over: Record<string, unknown> = {}, staff = WHO.countyA): Promise<string> {
  const { id } = await as(cloud, staff).ok('wish', 'collect', wishInput(childId, over));
  await as(cloud, staff).ok('wish', 'review', { id, decision: 'approve' });
  return id;
}
