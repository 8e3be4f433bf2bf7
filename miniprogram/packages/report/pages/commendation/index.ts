import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'report', 'shortlist'>['items'][number];
type Nomination = Output<'report', 'nominations'>['items'][number];
type Tab = 'shortlist' | 'toApprove' | 'all';
const PAGE_SIZE = 20;
const fail = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/**
 * 评优表扬 (staff holding commendation.manage): the review year's ranked shortlist of the caller's
 * subtree with the evidence, 推荐 with a reason; 待我审批 (nominations from the nodes below, to
 * approve or return with an opinion) and 全部推荐 (hers and those below, to withdraw her own).
 */
Component({
  behaviors: [fontScale],
  data: {
    tab: 'shortlist' as Tab,
    year: 0,
    years: [] as number[],
    windowLabel: '',
    title: '',
    weightsText: '',
    rows: [] as Row[],
    noms: [] as Nomination[],
    toApprove: 0,
    total: 0,
    page: 1,
    pages: 1,
    reasons: {} as Record<string, string>,
    opinions: {} as Record<string, string>,
    busyId: '',
    loading: false,
    message: '',
    error: '',
  },
  methods: {
    onLoad(query: { tab?: string; year?: string }) {
      if (query?.tab === 'toApprove' || query?.tab === 'all') this.setData({ tab: query.tab });
      if (query?.year && /^\d{4}$/.test(query.year)) this.setData({ year: Number(query.year) });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      const year = this.data.year || undefined;
      try {
        if (this.data.tab === 'shortlist') {
          const r = await call('report', 'shortlist', { year, page: this.data.page, pageSize: PAGE_SIZE });
          this.setData({
            rows: r.items, noms: [], total: r.total, pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)), year: r.year, years: r.years,
            windowLabel: r.windowLabel, title: r.title, weightsText: r.weights.map((w) => `${w.label}${w.weight}`).join(' · '),
          });
          const waiting = await call('report', 'nominations', { year: r.year, view: 'toApprove', pageSize: 1 });
          this.setData({ toApprove: waiting.toApprove });
        } else {
          const r = await call('report', 'nominations', { year, view: this.data.tab, page: this.data.page, pageSize: PAGE_SIZE });
          this.setData({ noms: r.items, rows: [], total: r.total, toApprove: r.toApprove, year: r.year, pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)) });
        }
      } catch (err) {
        this.setData({ error: fail(err, '加载失败，请稍后再试') });
      }
      this.setData({ loading: false });
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: (e.currentTarget.dataset as { tab: Tab }).tab, page: 1, message: '' });
      void this.load();
    },
    onYear(e: WechatMiniprogram.TouchEvent) {
      this.setData({ year: Number((e.currentTarget.dataset as { year: number }).year), page: 1, message: '' });
      void this.load();
    },
    onPage(e: WechatMiniprogram.TouchEvent) {
      const page = this.data.page + Number((e.currentTarget.dataset as { step: number }).step);
      if (page < 1 || page > this.data.pages) return;
      this.setData({ page });
      void this.load();
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`reasons.${(e.currentTarget.dataset as { id: string }).id}`]: e.detail.value });
    },
    onOpinion(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`opinions.${(e.currentTarget.dataset as { id: string }).id}`]: e.detail.value });
    },
    async onNominate(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      const reason = (this.data.reasons[id] ?? '').trim();
      if (!reason) return void this.setData({ message: '请填写推荐理由' });
      await this.act(id, () => call('report', 'nominate', { year: this.data.year, volunteerId: id, reason }), '已推荐，等待上级妇联审批');
    },
    async onDecide(e: WechatMiniprogram.TouchEvent) {
      const { id, decision } = e.currentTarget.dataset as { id: string; decision: 'approve' | 'return' };
      const nom = this.data.noms.find((n) => n.id === id);
      if (!nom) return;
      const reason = (this.data.opinions[id] ?? '').trim();
      if (decision === 'return' && !reason) return void this.setData({ message: '退回时请填写审批意见' });
      await this.act(id, () => call('report', 'decide', { id, version: nom.version, decision, reason }), decision === 'approve' ? '已通过，将通知爱心妈妈' : '已退回');
    },
    async onWithdraw(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      const nom = this.data.noms.find((n) => n.id === id);
      if (!nom) return;
      await this.act(id, () => call('report', 'withdraw', { id, version: nom.version }), '已撤回推荐');
    },
    /** One write at a time; the list is read again afterwards (ranks and states may have moved). */
    async act(id: string, run: () => Promise<unknown>, done: string) {
      if (this.data.busyId) return;
      this.setData({ busyId: id, message: '' });
      try {
        await run();
        this.setData({ message: done });
        wx.showToast?.({ title: done.slice(0, 7), icon: 'success' });
      } catch (err) {
        this.setData({ message: fail(err, '操作失败，请重试') });
      }
      this.setData({ busyId: '' });
      await this.load();
    },
  },
});
