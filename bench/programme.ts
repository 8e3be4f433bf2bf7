import { EJSON } from 'bson';
import { getProgramme } from '../src/programmes';
import { programmeForm } from '../src/programmes/form';
import { describeProgramme } from '../src/programmes/describe';
import { runningOn, type ProgrammeVersion } from '../src/server/programme';

/**
 * Programme versions (issue 17) are kept inline in the settings document, so every action still
 * reads its programme in one round trip; this measures what that costs as versions pile up: the
 * document's size on the wire (EJSON, as the SDK sends it), and the time to pick the running
 * version with its earlier visit rules from it (done once per day per warm instance). Also the
 * editor's form (built once per instance) and a review in plain Chinese.
 */
const time = (f: () => void, n: number) => {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / 1e6 / n;
};

export async function runProgrammeBench(): Promise<string> {
  const base = getProgramme('xiamen-2017')!; // the largest preset
  const lines = ['| versions | settings document (EJSON) | runningOn (ms) |', '| ---: | ---: | ---: |'];
  for (const n of [1, 5, 20, 50]) {
    const versions: ProgrammeVersion[] = Array.from({ length: n }, (_, i) => ({
      version: i + 1,
      effectiveFrom: i === 0 ? null : `2027-${String((i % 12) + 1).padStart(2, '0')}-01`.replace('2027', String(2027 + Math.floor(i / 12))),
      programme: { ...base, wishRules: { ...base.wishRules, priceCapYuan: 100 + i } },
      basedOn: base.id, by: 'u0123456789abcdef0123456789abcdef', byName: '测试管理员', at: '2027-01-01T00:00:00.000Z', reason: '按新通知调整走访频次和心愿金额上限',
    }));
    const bytes = Buffer.byteLength(EJSON.stringify({ _id: 'programme', presetId: base.id, versions, versionCount: n }));
    const ms = time(() => runningOn(versions, '2031-06-15'), 200);
    lines.push(`| ${n} | ${(bytes / 1024).toFixed(1)} KB | ${ms.toFixed(3)} |`);
  }
  const t0 = process.hrtime.bigint();
  const form = programmeForm();
  const formMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const describeMs = time(() => describeProgramme(base), 200);
  lines.push('', `Editor form: built in ${formMs.toFixed(1)} ms (once per instance), ${(Buffer.byteLength(JSON.stringify(form)) / 1024).toFixed(1)} KB in reviewProgramme's answer; a review in plain Chinese: ${describeMs.toFixed(3)} ms.`);
  return lines.join('\n');
}
