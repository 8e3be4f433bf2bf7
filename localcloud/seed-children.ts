import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';
import { syntheticIdNumber } from '../src/domain/child/idcard';

/**
 * About twenty demo children in the registry, made through the real `child` handlers by the
 * highest demo staff member (so every rule applies), with a few edits so files have a history.
 * All synthetic: names 测试儿童…, generated ID numbers, phones 1390000xxxx.
 */
type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };

/** The deployed bundle when built (npm start), else the source (tests, tsx). */
function childMain(given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, '../cloudfunctions/child/index.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require('../src/functions/child')).main as Main;
}

const STEMS = '甲乙丙丁戊己庚辛壬癸';
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function demoChild(i: number, orgCode: string) {
  const birthDate = `${2013 + (i % 6)}-${pad((i % 12) + 1, 2)}-${pad((i % 27) + 1, 2)}`;
  const sex = i % 4 === 3 ? 'male' : 'female';
  const category = i % 5 === 4 ? 'difficult' : 'left_behind';
  return {
    orgCode,
    name: `测试儿童${STEMS[i % 10]}${i >= 10 ? '二' : ''}`,
    sex, birthDate, category, idNumber: syntheticIdNumber(birthDate, 800 + i, sex),
    ...(category === 'difficult' ? { difficultSubtypes: [i % 2 ? 'disabled' : 'subsistence_allowance'] } : {}),
    hukouType: 'rural', parentsAway: i % 3 ? 'both' : 'father', parentsAwaySince: `202${i % 4}-0${(i % 9) + 1}`, returnFrequency: 'yearly',
    school: '测试希望小学', className: `${(i % 6) + 1}年级1班`, classTeacher: '测试老师', classTeacherPhone: `1390000${pad(8000 + i, 4)}`,
    guardian: { kind: 'grandparent', name: '测试祖母', phone: `1390000${pad(7000 + i, 4)}`, relation: '祖母' },
    father: { name: '测试父亲', phone: `1390000${pad(6000 + i, 4)}`, workPlace: '测试市', job: '务工' },
    riskLevel: (['low', 'low', 'medium', 'high'] as const)[i % 4],
    interests: ['画画', '跳绳', '唱歌', '看书'][i % 4], needs: [['study'], ['psychological', 'emotional'], ['emotional'], ['study', 'other']][i % 4],
    ...(i % 4 === 3 ? { needsNote: '需要一套课外读物' } : {}),
  };
}

export async function seedChildren(functions: Record<string, Main | undefined>, staff: Record<string, string>, count = 20): Promise<void> {
  const main = childMain(functions.child);
  const who = Object.keys(staff)[0]!; // the city's staff member: the whole tree is hers
  const must = async (action: string, data: unknown = {}) => {
    const res = (await main({ action, data }, wechatContext(who, 'child'))) as Res;
    if (!res.ok) throw new Error(`demo seed: child.${action} failed: ${res.error?.message}`);
    return res.data;
  };
  const { orgs } = await must('options');
  const homes = (orgs as { code: string; canHoldChildren: boolean }[]).filter((o) => o.canHoldChildren).slice(0, 5);
  if (!homes.length) return;
  const ids: { id: string; version: number }[] = [];
  for (let i = 0; i < count; i++) ids.push(await must('create', demoChild(i, homes[i % homes.length]!.code)));
  // a few edits after a visit, so files show their history
  await must('update', { ...ids[0], patch: { riskLevel: 'medium', psychology: '近期情绪低落' }, reason: '入户走访发现祖母生病，照护能力下降' });
  await must('update', { ...ids[1], patch: { interests: '画画、跳舞' } });
}
