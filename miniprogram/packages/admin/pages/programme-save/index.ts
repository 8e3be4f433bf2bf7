import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';
import { clearDraft, currentDraft, nodeAt, setProblems, split, type Problem } from '../../programme-draft';

type Review = Output<'account', 'reviewProgramme'>;

/** Where a problem is fixed: the editor page of the part that holds the field. */
function pageOf(path: string): string {
  // a field is edited on the page of the nearest part above it that has one (an object, a list)
  const keys = split(path).slice(0, -1);
  const hasPage = (p: string) => ['object', 'list', 'counts'].includes(nodeAt(p)?.kind ?? '');
  while (keys.length && !hasPage(keys.join('.'))) keys.pop();
  return `/packages/admin/pages/programme-edit/index?path=${keys.join('.')}`;
}

/**
 * Checks the draft on the server and shows it in plain Chinese: its problems (each a tap away from
 * its field), what it changes against the rules in effect, and every section. Then the first day
 * and the reason, and 保存为新版本; in a first run (no programme yet) 启用项目 switches it on.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    missing: false,
    mode: 'version' as 'setup' | 'version',
    problems: [] as (Problem & { url: string })[],
    changes: [] as string[],
    sections: [] as Review['sections'],
    earliestDay: '',
    effectiveFrom: '',
    reason: '',
    error: '',
    busy: false,
    done: '',
  },
  methods: {
    async onLoad() {
      await this.check();
    },
    async check() {
      const s = currentDraft();
      if (!s) return this.setData({ loading: false, missing: true });
      this.setData({ loading: true, error: '' });
      try {
        const r = await call('account', 'reviewProgramme', { draft: s.draft });
        setProblems(r.problems);
        this.setData({
          loading: false,
          mode: s.mode,
          problems: r.problems.map((p) => ({ ...p, url: pageOf(p.path) })),
          changes: r.changes,
          sections: r.sections,
          earliestDay: r.earliestDay,
          effectiveFrom: (this.data.effectiveFrom as string) || r.suggestedDay,
          reason: s.mode === 'setup' && !this.data.reason ? '启用本地区项目' : this.data.reason,
        });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '检查失败，请重试' });
      }
    },
    onFix(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },
    onDay(e: WechatMiniprogram.PickerChange) {
      this.setData({ effectiveFrom: String(e.detail.value), error: '' });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, error: '' });
    },
    async onSave() {
      const s = currentDraft();
      if (!s || this.data.busy) return;
      const reason = (this.data.reason as string).trim();
      if (!reason) return this.setData({ error: '请填写修改原因' });
      this.setData({ busy: true, error: '' });
      try {
        const setup = s.mode === 'setup';
        const res = await call('account', 'saveProgramme', {
          draft: s.draft,
          reason,
          ...(setup ? (s.basedOn ? { basedOn: s.basedOn } : {}) : { effectiveFrom: this.data.effectiveFrom as string }),
        });
        clearDraft();
        const done = setup
          ? `项目已启用，新建组织 ${res.orgsCreated} 个。`
          : `已保存为第 ${res.version.version} 版，自 ${res.version.effectiveFrom} 起生效。`;
        this.setData({ busy: false, done });
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '保存失败，请重试' });
      }
    },
    onDone() {
      wx.redirectTo({ url: '/packages/admin/pages/programme/index' });
    },
  },
});
