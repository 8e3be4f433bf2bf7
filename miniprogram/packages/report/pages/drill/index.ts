import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'report', 'drill'>['items'][number];
type Tile = 'children' | 'volunteers' | 'pairings' | 'overdue' | 'flags' | 'wishes';
const PAGE_SIZE = 20;
const TILES: Tile[] = ['children', 'volunteers', 'pairings', 'overdue', 'flags', 'wishes'];
/** What a row's day count means, by list (none for volunteers and overdue pairings). */
const DAYS: Record<Tile, string> = { children: '已登记', volunteers: '', pairings: '结对已提出', overdue: '', flags: '已等待', wishes: '已等待' };

/** The list behind a dashboard figure: one page at a time, masked by the server like the staff lists. */
Component({
  behaviors: [fontScale],
  data: {
    tile: 'children' as Tile,
    key: '',
    orgCode: '',
    title: '',
    rows: [] as (Row & { daysText: string })[],
    total: 0,
    page: 1,
    pages: 1,
    loading: false,
    error: '',
  },
  methods: {
    onLoad(query: { tile?: string; key?: string; orgCode?: string }) {
      const tile = TILES.includes(query?.tile as Tile) ? (query.tile as Tile) : 'children';
      this.setData({ tile, key: query?.key ? decodeURIComponent(query.key) : '', orgCode: query?.orgCode ?? '' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { tile, key, orgCode, page } = this.data;
        const r = await call('report', 'drill', { tile, page, pageSize: PAGE_SIZE, ...(key ? { key } : {}), ...(orgCode ? { orgCode } : {}) });
        const prefix = DAYS[tile];
        this.setData({
          title: r.title,
          rows: r.items.map((i) => ({ ...i, daysText: i.days !== null && prefix ? `${prefix}${i.days}天` : '' })),
          total: r.total,
          pages: Math.max(1, Math.ceil(r.total / PAGE_SIZE)),
        });
        wx.setNavigationBarTitle?.({ title: r.title.split(' · ').slice(1).join(' · ') || '明细' });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    /** A row opens the record's own staff page when the server says the caller may read it there. */
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { url } = e.currentTarget.dataset as { url?: string | null };
      if (url) wx.navigateTo({ url });
    },
    onPage(e: WechatMiniprogram.TouchEvent) {
      const page = this.data.page + Number((e.currentTarget.dataset as { step: number }).step);
      if (page < 1 || page > this.data.pages) return;
      this.setData({ page });
      void this.load();
    },
  },
});
