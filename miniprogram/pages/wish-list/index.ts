import { call, ApiError } from '../../services/api';
import type { Output } from '../../../src/contract';
import { fontScale } from '../../behaviors/font-scale';

type Card = Output<'wish', 'list'>['items'][number];
type Thanks = Output<'wish', 'thanksWall'>['items'][number];
type Donor = Output<'wish', 'donorBoard'>['items'][number];
type Option = { code: string; label: string };
type FilterKey = 'district' | 'category' | 'occasion';
const PAGE_SIZE = 10;
/** the donor's last sort and filters, restored when she comes back (this phone's storage, per WeChat user) */
const FILTERS_KEY = 'wishListFilters';
type Saved = { sort: 'urgent' | 'newest'; filters: Record<FilterKey, string> };
const NO_FILTERS: Record<FilterKey, string> = { district: '', category: '', occasion: '' };

function saved(): Saved {
  const v = wx.getStorageSync(FILTERS_KEY) as Partial<Saved> | '';
  const sort = v && v.sort === 'newest' ? 'newest' : 'urgent';
  return { sort, filters: { ...NO_FILTERS, ...(v && v.filters ? v.filters : {}) } };
}

/**
 * 微心愿 list: the page most people open first, often from a link shared in a WeChat group. The
 * first screen is one call (the cards and the filter choices together), ten small anonymised
 * cards at a time. The first wish shows on the first screen: sort and category sit in one bar,
 * area and occasion in a sheet (筛选); her last choice is kept for next time.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    loadingMore: false,
    error: '',
    items: [] as Card[],
    total: 0,
    page: 1,
    sort: 'urgent' as 'urgent' | 'newest',
    filters: { district: '', category: '', occasion: '' } as Record<FilterKey, string>,
    districts: [] as Option[],
    categories: [] as Option[],
    occasions: [] as Option[],
    myOpenClaims: 0,
    maxOpenClaims: 3,
    view: 'wishes' as 'wishes' | 'thanks',
    wall: [] as Thanks[],
    board: [] as Donor[],
    wallLoading: false,
    wallLoaded: false,
    /** the 筛选 sheet (area, occasion) and the choice being made in it */
    sheet: false,
    draft: { district: '', occasion: '' },
    /** how many of area/occasion are set, shown on the 筛选 button */
    sheetCount: 0,
  },
  methods: {
    /** 点击放大: the photo's temporary link (storage is private: only a function-issued link opens it). */
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url: string }).url;
      if (url) wx.previewImage?.({ current: url, urls: [url] });
    },
    onLoad() {
      const { sort, filters } = saved();
      this.setData({ sort, filters, sheetCount: (filters.district ? 1 : 0) + (filters.occasion ? 1 : 0) });
      this.load(1);
    },
    /** Keeps the choice for her next visit and loads the first page with it. */
    apply(sort: 'urgent' | 'newest', filters: Record<FilterKey, string>) {
      wx.setStorageSync(FILTERS_KEY, { sort, filters });
      this.setData({ sort, filters, sheetCount: (filters.district ? 1 : 0) + (filters.occasion ? 1 : 0) });
      this.load(1);
    },
    onPullDownRefresh() {
      this.load(1).then(() => wx.stopPullDownRefresh?.());
    },
    onReachBottom() {
      this.onMore();
    },
    query(page: number) {
      const f = this.data.filters;
      return {
        page,
        pageSize: PAGE_SIZE,
        sort: this.data.sort,
        ...(f.district ? { district: f.district } : {}),
        ...(f.category ? { category: f.category as 'books' } : {}),
        ...(f.occasion ? { occasion: f.occasion as 'none' } : {}),
      };
    },
    async load(page: number) {
      this.setData(page === 1 ? { loading: true, error: '' } : { loadingMore: true, error: '' });
      try {
        const res = await call('wish', 'list', this.query(page));
        const items = page === 1 ? res.items : [...this.data.items, ...res.items];
        this.setData({ loading: false, loadingMore: false, items, total: res.total, page, myOpenClaims: res.myOpenClaims, maxOpenClaims: res.maxOpenClaims });
        if (res.filters && !this.data.categories.length) {
          // 无 (no occasion) is never a choice: such a wish is found under 全部
          this.setData({ districts: res.filters.districts, categories: res.filters.categories, occasions: res.filters.occasions.filter((o) => o.code !== 'none') });
        }
      } catch (err) {
        this.setData({ loading: false, loadingMore: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onChip(e: WechatMiniprogram.TouchEvent) {
      const { key, value } = e.currentTarget.dataset as { key: FilterKey; value: string };
      this.apply(this.data.sort, { ...this.data.filters, [key]: this.data.filters[key] === value ? '' : value });
    },
    onSort(e: WechatMiniprogram.TouchEvent) {
      const sort = (e.currentTarget.dataset as { sort: 'urgent' | 'newest' }).sort;
      if (sort === this.data.sort) return;
      this.apply(sort, this.data.filters);
    },
    onSheetOpen() {
      const f = this.data.filters;
      this.setData({ sheet: true, draft: { district: f.district, occasion: f.occasion } });
    },
    onSheetVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ sheet: false });
    },
    onSheetPick(e: WechatMiniprogram.TouchEvent) {
      const { key, value } = e.currentTarget.dataset as { key: 'district' | 'occasion'; value: string };
      this.setData({ [`draft.${key}`]: this.data.draft[key] === value ? '' : value });
    },
    onSheetClear() {
      this.setData({ draft: { district: '', occasion: '' } });
    },
    onSheetApply() {
      this.setData({ sheet: false });
      this.apply(this.data.sort, { ...this.data.filters, ...this.data.draft });
    },
    onMore() {
      if (this.data.loadingMore || this.data.items.length >= this.data.total) return;
      this.load(this.data.page + 1);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      wx.navigateTo({ url: `/pages/wish-detail/index?id=${id}` });
    },
    onMine() {
      wx.navigateTo({ url: '/pages/my-claims/index' });
    },
    /** 感谢墙 and 爱心榜: loaded only when asked for, so the first screen stays one call. */
    async onView(e: WechatMiniprogram.TouchEvent) {
      const view = (e.currentTarget.dataset as { view: 'wishes' | 'thanks' }).view;
      this.setData({ view });
      if (view !== 'thanks' || this.data.wallLoaded || this.data.wallLoading) return;
      this.setData({ wallLoading: true });
      try {
        const [wall, board] = await Promise.all([call('wish', 'thanksWall', { pageSize: 20 }), call('wish', 'donorBoard', {})]);
        this.setData({ wallLoading: false, wallLoaded: true, wall: wall.items, board: board.items });
      } catch (err) {
        this.setData({ wallLoading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onRetry() {
      this.load(1);
    },
    onShareAppMessage() {
      return { title: '孩子们的微心愿，等您来认领', path: '/pages/wish-list/index' };
    },
  },
});
