import { call, ApiError } from '../../../../services/api';
import { fontScale } from '../../../../behaviors/font-scale';
import { auditQuery, NO_FILTERS, rowView, type Filters, type RowView } from './view';

const PAGE_SIZE = 20;
const ALL_ACTIONS = { value: '', label: '全部操作' };

/**
 * 操作记录 (admin): the audit log — who did what, when, to which record, and whether it was
 * refused. A filter bar (操作人: a name or a user id; 操作类型; 日期范围 in China days; 记录编号;
 * 结果) and a list newest first, twenty at a time, more at the bottom. Later pages are read as of
 * the first one's time (asOf), so entries written meanwhile do not shift them. Records show by id
 * only: the log never names a child.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    allowed: false,
    error: '',
    filters: { ...NO_FILTERS } as Filters,
    actionOptions: [ALL_ACTIONS] as { value: string; label: string }[],
    actionIndex: 0,
    items: [] as RowView[],
    total: 0,
    page: 1,
    asOf: '',
    listing: false,
    loadingMore: false,
  },
  methods: {
    async onLoad() {
      try {
        const { me } = await call('account', 'login', {});
        if (!me.roles.includes('admin')) return void this.setData({ loading: false, allowed: false });
        this.setData({ allowed: true });
        await this.load(1);
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
      this.setData({ loading: false });
    },
    onReachBottom() {
      this.onMore();
    },
    async load(page: number) {
      this.setData(page === 1 ? { listing: true, error: '' } : { loadingMore: true, error: '' });
      try {
        const res = await call('account', 'listAudit', {
          ...auditQuery(this.data.filters), page, pageSize: PAGE_SIZE, ...(page > 1 && this.data.asOf ? { asOf: this.data.asOf } : {}),
        });
        const rows = res.items.map(rowView);
        this.setData({
          items: page === 1 ? rows : [...this.data.items, ...rows], total: res.total, page, asOf: res.asOf,
          ...(this.data.actionOptions.length === 1 ? { actionOptions: [ALL_ACTIONS, ...res.actions] } : {}),
        });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
      this.setData({ listing: false, loadingMore: false });
    },
    onMore() {
      if (this.data.loadingMore || this.data.listing || this.data.items.length >= this.data.total) return;
      this.load(this.data.page + 1);
    },
    onActor(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'filters.actor': e.detail.value });
    },
    onRecord(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'filters.recordId': e.detail.value });
    },
    onAction(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const i = Number(e.detail.value);
      this.setData({ actionIndex: i, 'filters.action': this.data.actionOptions[i]?.value ?? '' });
      this.load(1);
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = (e.currentTarget.dataset as { key: 'from' | 'to' }).key;
      this.setData({ [`filters.${key}`]: e.detail.value });
      this.load(1);
    },
    onOutcome(e: WechatMiniprogram.TouchEvent) {
      const value = (e.currentTarget.dataset as { value: Filters['outcome'] }).value;
      this.setData({ 'filters.outcome': this.data.filters.outcome === value ? '' : value });
      this.load(1);
    },
    onSearch() {
      this.load(1);
    },
    onClear() {
      this.setData({ filters: { ...NO_FILTERS }, actionIndex: 0 });
      this.load(1);
    },
  },
});
