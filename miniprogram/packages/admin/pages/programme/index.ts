import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import type { FormNode } from '../../../../../src/programmes/form';
import { fontScale } from '../../../../behaviors/font-scale';
import { currentDraft, startDraft } from '../../programme-draft';

type Review = Output<'account', 'reviewProgramme'>;
type Version = Output<'account', 'programmeVersions'>['versions'][number];

/**
 * 项目规则: the rules in effect in plain Chinese, every version with its state, first day, author
 * and reason, and 修改规则 (a draft of the latest version, saved as a new one). With `presetId`
 * (from the first-run setup page) it reviews a shipped preset instead: 直接启用 or 调整后启用.
 * With `version` it shows that version.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    presetId: '',
    shown: 0,
    title: '',
    sections: [] as Review['sections'],
    versions: [] as (Version & { summary: string })[],
    resumable: false,
    busy: false,
    done: '',
  },
  methods: {
    async onLoad(query: { presetId?: string; version?: string } = {}) {
      const presetId = query.presetId ?? '';
      this.setData({ presetId });
      try {
        if (presetId) {
          const r = await call('account', 'reviewProgramme', { presetId });
          this.setData({ loading: false, title: `${r.draft.name as string}（${r.draft.city as string}）`, sections: r.sections });
          return;
        }
        const { versions } = await call('account', 'programmeVersions', {});
        const wanted = query.version ? Number(query.version) : versions.find((v) => v.state === 'in_effect')?.version;
        const r = await call('account', 'reviewProgramme', wanted ? { version: wanted } : {});
        const shown = versions.find((v) => v.version === wanted);
        const draft = currentDraft();
        this.setData({
          loading: false,
          shown: wanted ?? 0,
          title: shown ? `第 ${shown.version} 版 · ${shown.stateLabel}` : '',
          sections: r.sections,
          versions: query.version ? [] : versions.map((v) => ({ ...v, summary: summaryOf(v) })),
          resumable: !query.version && draft?.mode === 'version',
        });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onVersion(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/admin/pages/programme/index?version=${e.currentTarget.dataset.version as number}` });
    },
    /** a draft of the latest version (a scheduled one included: the next change builds on it) */
    async onEdit() {
      await this.startEditing({}, 'version', null);
    },
    onResume() {
      wx.navigateTo({ url: '/packages/admin/pages/programme-edit/index?path=' });
    },
    async onAdjust() {
      await this.startEditing({ presetId: this.data.presetId as string }, 'setup', this.data.presetId as string);
    },
    async startEditing(input: { presetId?: string }, mode: 'setup' | 'version', basedOn: string | null) {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const r = await call('account', 'reviewProgramme', { ...input, withForm: true });
        startDraft({ mode, basedOn, draft: r.draft, form: r.form as FormNode });
        this.setData({ busy: false, resumable: mode === 'version' });
        wx.navigateTo({ url: '/packages/admin/pages/programme-edit/index?path=' });
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async onSwitchOn() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const r = await call('account', 'setupProgramme', { presetId: this.data.presetId as string });
        this.setData({ busy: false, done: `「${r.programme.name}」已启用，新建组织 ${r.orgsCreated} 个。` });
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '启用失败，请重试' });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string });
    },
  },
});

function summaryOf(v: Version): string {
  const from = v.effectiveFrom ? `自 ${v.effectiveFrom} 起` : '自启用起';
  const who = [v.byName, v.when].filter(Boolean).join(' · ');
  const what = v.changes.length ? `修改：${v.changes.join('、')}` : '';
  return [from, who, v.reason, what].filter(Boolean).join('\n');
}
