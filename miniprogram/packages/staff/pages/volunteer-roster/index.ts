import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'volunteer', 'listRoster'>['items'][number];
type Quota = NonNullable<Output<'volunteer', 'quotaProgress'>['total']> & { percent: number };
const withPercent = (q: Omit<Quota, 'percent'>): Quota => ({ ...q, percent: Math.min(100, Math.round((q.approved / q.atLeast) * 100)) });

/** 爱心妈妈名册: approved volunteers of the caller's subtree, search, and recruitment quota progress. */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    quotaTotal: null as Quota | null,
    quotas: [] as Quota[],
    keyword: '',
    items: [] as Row[],
    total: 0,
    page: 1,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load(more = false) {
      const page = more ? this.data.page + 1 : 1;
      this.setData({ loading: !more, error: '' });
      try {
        const [roster, quota] = await Promise.all([
          call('volunteer', 'listRoster', { page, ...(this.data.keyword ? { keyword: this.data.keyword } : {}) }),
          more ? null : call('volunteer', 'quotaProgress', {}),
        ]);
        this.setData({ loading: false, items: more ? [...this.data.items, ...roster.items] : roster.items, total: roster.total, page });
        if (quota) this.setData({ quotaTotal: quota.total ? withPercent(quota.total) : null, quotas: quota.items.map(withPercent) });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: String(e.detail.value ?? '').trim() });
    },
    onSearch() {
      this.load();
    },
    onMore() {
      if (this.data.items.length < this.data.total) this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/volunteer-detail/index?id=${e.currentTarget.dataset.id as string}` });
    },
  },
});
