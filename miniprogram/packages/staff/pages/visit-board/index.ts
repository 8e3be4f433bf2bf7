import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'visit', 'board'>['items'][number];
type Flag = Output<'visit', 'flags'>['items'][number] & { when: string };
type Correction = Output<'visit', 'corrections'>['items'][number] & { when: string };
type Tab = 'child' | 'volunteer' | 'area' | 'flags' | 'corrections';
const PAGE_SIZE = 20;

/**
 * 走访督办: the overdue board of the caller's subtree (by child, by volunteer, or by area — the
 * next org level down, counted by the morning timer — worst first on each page) and the open "needs attention" flags, each closed with the action taken.
 */
Component({
  behaviors: [fontScale],
  data: {
    tab: 'child' as Tab,
    rows: [] as Row[],
    flags: [] as Flag[],
    corrections: [] as Correction[],
    total: 0,
    page: 1,
    pages: 1,
    actions: {} as Record<string, string>,
    loading: false,
    error: '',
  },
  methods: {
    onLoad(query: { tab?: string }) {
      if (['flags', 'volunteer', 'area', 'corrections'].includes(query?.tab ?? '')) this.setData({ tab: query.tab as Tab });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        if (this.data.tab === 'corrections') {
          const r = await call('visit', 'corrections', { page: this.data.page, pageSize: PAGE_SIZE });
          this.setData({ corrections: r.items.map((c) => ({ ...c, when: chinaDateTime(c.requestedAt) })), flags: [], rows: [], total: r.total, pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)) });
        } else if (this.data.tab === 'flags') {
          const r = await call('visit', 'flags', { page: this.data.page, pageSize: PAGE_SIZE });
          this.setData({ flags: r.items.map((f) => ({ ...f, when: chinaDateTime(f.createdAt) })), rows: [], corrections: [], total: r.total, pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)) });
        } else {
          const r = await call('visit', 'board', { view: this.data.tab, page: this.data.page, pageSize: PAGE_SIZE });
          this.setData({ rows: r.items, flags: [], corrections: [], total: r.total, pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)) });
        }
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: (e.currentTarget.dataset as { tab: Tab }).tab, page: 1 });
      void this.load();
    },
    onPage(e: WechatMiniprogram.TouchEvent) {
      const page = this.data.page + Number((e.currentTarget.dataset as { step: number }).step);
      if (page < 1 || page > this.data.pages) return;
      this.setData({ page });
      void this.load();
    },
    onAction(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`actions.${(e.currentTarget.dataset as { id: string }).id}`]: e.detail.value });
    },
    async onClose(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      const action = (this.data.actions[id] ?? '').trim();
      if (!action) return void this.setData({ error: '请填写采取的措施' });
      try {
        await call('visit', 'closeFlag', { id, action });
        wx.showToast?.({ title: '已处理', icon: 'success' });
        await this.load();
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
    /** 修改申请: approve (the check-in and its counts change) or refuse a late correction. */
    async onReview(e: WechatMiniprogram.TouchEvent) {
      const { id, approve } = e.currentTarget.dataset as { id: string; approve: string | boolean };
      // the version the queue showed: a request decided or changed since is refused (CONFLICT), not decided unseen
      const version = this.data.corrections.find((c) => c.id === id)?.before.version ?? 0;
      try {
        await call('visit', 'reviewCorrection', { id, version, approve: approve === true || approve === 'true' });
        wx.showToast?.({ title: approve === true || approve === 'true' ? '已同意' : '已拒绝', icon: 'success' });
        await this.load();
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
  },
});
