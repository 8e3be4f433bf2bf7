import { call, ApiError } from '../../services/api';
import type { Output } from '../../../src/contract';

type Card = Output<'wish', 'list'>['items'][number];
type Thanks = Output<'wish', 'thanksWall'>['items'][number];
type Donor = Output<'wish', 'donorBoard'>['items'][number];
type Option = { code: string; label: string };
type FilterKey = 'district' | 'category' | 'occasion';
const PAGE_SIZE = 10;

/**
 * 微心愿 list: the page most people open first, often from a link shared in a WeChat group. The
 * first screen is one call (the cards and the filter choices together), ten small anonymised
 * cards at a time.
 */
Component({
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
  },
  methods: {
    /** 点击放大: the photo's temporary link (storage is private: only a function-issued link opens it). */
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url: string }).url;
      if (url) wx.previewImage?.({ current: url, urls: [url] });
    },
    onLoad() {
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
          this.setData({ districts: res.filters.districts, categories: res.filters.categories, occasions: res.filters.occasions });
        }
      } catch (err) {
        this.setData({ loading: false, loadingMore: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onChip(e: WechatMiniprogram.TouchEvent) {
      const { key, value } = e.currentTarget.dataset as { key: FilterKey; value: string };
      const filters = { ...this.data.filters, [key]: this.data.filters[key] === value ? '' : value };
      this.setData({ filters });
      this.load(1);
    },
    onSort(e: WechatMiniprogram.TouchEvent) {
      const sort = (e.currentTarget.dataset as { sort: 'urgent' | 'newest' }).sort;
      if (sort === this.data.sort) return;
      this.setData({ sort });
      this.load(1);
    },
    onReset() {
      this.setData({ filters: { district: '', category: '', occasion: '' } });
      this.load(1);
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
