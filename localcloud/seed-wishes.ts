import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';
import { now } from '../src/server/time';

/**
 * Demo 微心愿, made through the real `wish` handlers by the highest demo staff member: a few
 * published and waiting, one claimed by a demo donor, one fulfilled with the child's thanks, one
 * awaiting review. All synthetic.
 */
type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };
export const DEMO_DONOR = 'demo-donor';

function load(name: 'wish' | 'child', given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, `../cloudfunctions/${name}/index.js`);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require(`../src/functions/${name}`)).main as Main;
}

const WISHES = [
  { title: '一个新书包', category: 'school_supplies', priceYuan: 120, occasion: 'school_start', days: 20 },
  { title: '一套《十万个为什么》', category: 'books', priceYuan: 90, occasion: 'none', days: 35 },
  { title: '一双运动鞋（36码）', category: 'sports', priceYuan: 150, occasion: 'birthday', days: 12 },
  { title: '一件冬天的棉外套', category: 'clothing', priceYuan: 180, occasion: 'spring_festival', days: 45 },
  { title: '一盒24色彩笔和画本', category: 'school_supplies', priceYuan: 60, occasion: 'childrens_day', days: 28 },
  { title: '一个台灯', category: 'daily_necessities', priceYuan: 80, occasion: 'none', days: 40 },
] as const;

export async function seedWishes(functions: Record<string, Main | undefined>, staff: Record<string, string>): Promise<void> {
  const wish = load('wish', functions.wish);
  const child = load('child', functions.child);
  const who = Object.keys(staff)[0]!;
  const as = async (fn: Main, name: string, openid: string, action: string, data: unknown = {}) => {
    const res = (await fn({ action, data }, wechatContext(openid, name))) as Res;
    if (!res.ok) throw new Error(`demo seed: ${name}.${action} failed: ${res.error?.message}`);
    return res.data;
  };
  const { items } = await as(child, 'child', who, 'list', { pageSize: WISHES.length + 1 });
  if (!items.length) return;
  const ids: string[] = [];
  for (let i = 0; i < WISHES.length; i++) {
    const { days, ...w } = WISHES[i]!;
    const { id } = await as(wish, 'wish', who, 'collect', {
      childId: items[i % items.length].id, ...w, neededBy: now().add(days, 'day').format('YYYY-MM-DD'),
      childWords: '谢谢叔叔阿姨', officeAddress: '测试区妇联儿童工作部（工作日9:00-17:00）', volunteerAddress: i % 2 ? '' : '测试街道爱心驿站',
    });
    ids.push(id);
  }
  // the last one waits for review; the rest are published
  for (const id of ids.slice(0, -1)) await as(wish, 'wish', who, 'review', { id, decision: 'approve' });
  await as(wish, 'wish', DEMO_DONOR, 'claim', { id: ids[0], displayName: '测试爱心企业', anonymous: false });
  await as(wish, 'wish', DEMO_DONOR, 'claim', { id: ids[1], displayName: '测试爱心企业', anonymous: false });
  await as(wish, 'wish', DEMO_DONOR, 'send', { id: ids[1], mode: 'office' });
  await as(wish, 'wish', who, 'receive', { id: ids[1] });
  await as(wish, 'wish', who, 'thank', { id: ids[1], text: '谢谢您送的书，我每天都在看！' });
}
