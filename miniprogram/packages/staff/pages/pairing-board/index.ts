import { call, ApiError } from '../../../../services/api';
import type { Input, Output } from '../../../../../src/contract';
import { openSheet } from '../child-common/files';
import { fontScale } from '../../../../behaviors/font-scale';

type Suggestion = Output<'pairing', 'suggest'>['suggestions'][number] & { reasonText: string; done: string };
type Unmatched = Output<'pairing', 'suggest'>['unmatched'][number];
type Row = Output<'pairing', 'list'>['items'][number];
type Allocation = Output<'pairing', 'allocation'>['rows'][number];

const STATUS_TABS = [
  { value: '', label: '全部' },
  { value: 'proposed', label: '待监护人同意' },
  { value: 'consented', label: '待志愿者确认' },
  { value: 'active', label: '结对中' },
];

/**
 * 结对管理: the engine's suggestions for the caller's subtree (confirm one or all; each confirm is
 * the same race-safe call), the allocation against pairings (厦门), and the pairings themselves.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    message: '',
    busy: false,
    tabs: STATUS_TABS,
    status: '',
    items: [] as Row[],
    total: 0,
    suggested: false,
    suggestions: [] as Suggestion[],
    unmatched: [] as Unmatched[],
    covered: 0,
    allocations: [] as Allocation[],
    exports: [] as Output<'pairing', 'allocation'>['exports'],
    /** 手动结对: the child whose candidates are shown, and them. */
    pickFor: '',
    candidates: [] as (Suggestion & { reasonText: string })[],
    pickNote: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const [list, alloc] = await Promise.all([
          call('pairing', 'list', this.data.status ? { status: this.data.status as NonNullable<Input<'pairing', 'list'>['status']> } : {}),
          call('pairing', 'allocation', {}),
        ]);
        this.setData({ loading: false, items: list.items, total: list.total, allocations: alloc.rows, exports: alloc.exports });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ status: String(e.currentTarget.dataset.value ?? '') });
      this.load();
    },
    async onSuggest() {
      this.setData({ busy: true, message: '' });
      try {
        const res = await call('pairing', 'suggest', {});
        this.setData({
          busy: false,
          suggested: true,
          covered: res.objective.covered,
          suggestions: res.suggestions.map((s) => ({ ...s, reasonText: s.reasons.join('；'), done: '' })),
          unmatched: res.unmatched,
        });
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '推荐失败，请重试' });
      }
    },
    async confirm(items: Suggestion[]) {
      if (!items.length) return;
      this.setData({ busy: true, message: '' });
      try {
        const { results } = await call('pairing', 'confirmMany', { items: items.map((s) => ({ childId: s.childId, volunteerId: s.volunteerId, reasons: s.reasons })) });
        const byKey = new Map(results.map((r) => [`${r.childId}|${r.volunteerId}`, r]));
        const suggestions = this.data.suggestions.map((s) => {
          const r = byKey.get(`${s.childId}|${s.volunteerId}`);
          return r ? { ...s, done: r.ok ? '已确认，待监护人同意' : r.message ?? '未能确认' } : s;
        });
        const ok = results.filter((r) => r.ok).length;
        this.setData({ busy: false, suggestions, message: `已确认${ok}对${results.length > ok ? `，${results.length - ok}对未能确认` : ''}` });
        this.load();
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '确认失败，请重试' });
      }
    },
    onConfirmOne(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const s = this.data.suggestions[i];
      if (s && !s.done) this.confirm([s]);
    },
    onConfirmAll() {
      this.confirm(this.data.suggestions.filter((s) => !s.done));
    },
    async onCandidates(e: WechatMiniprogram.TouchEvent) {
      const childId = String(e.currentTarget.dataset.id);
      this.setData({ busy: true, pickFor: childId, candidates: [], pickNote: '' });
      try {
        const res = await call('pairing', 'candidates', { childId });
        this.setData({ busy: false, candidates: res.items.map((s) => ({ ...s, reasonText: s.reasons.join('；'), done: '' })), pickNote: res.reason ?? '' });
      } catch (err) {
        this.setData({ busy: false, pickNote: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async onPick(e: WechatMiniprogram.TouchEvent) {
      const s = this.data.candidates[Number(e.currentTarget.dataset.index)];
      if (!s) return;
      this.setData({ busy: true, message: '' });
      try {
        await call('pairing', 'propose', { childId: s.childId, volunteerId: s.volunteerId, reasons: s.reasons });
        this.setData({ busy: false, pickFor: '', candidates: [], message: `已为${s.childName}结对${s.volunteerName}，待监护人同意` });
        this.load();
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '结对失败，请重试' });
      }
    },
    async onExport(e: WechatMiniprogram.TouchEvent) {
      const layout = String(e.currentTarget.dataset.layout) as Input<'pairing', 'exportSheet'>['layout'];
      this.setData({ busy: true, message: '' });
      try {
        const res = await call('pairing', 'exportSheet', { layout });
        await openSheet(res.url, res.fileName);
        this.setData({ busy: false, message: `已导出${res.count}对结对` });
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '导出失败，请重试' });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/pairing-detail/index?id=${e.currentTarget.dataset.id as string}` });
    },
  },
});
