import { call, ApiError } from '../../../../services/api';
import { viewOf, type DashboardView } from './view';

/**
 * 数据看板: the figures of the caller's subtree (or of a node below it), a coverage bar, the
 * unpaired children to act on first, and one row per child node to compare. Tapping a figure
 * opens the list behind it; tapping a child node opens its own dashboard.
 */
Component({
  data: {
    orgCode: '',
    view: null as DashboardView | null,
    loading: false,
    error: '',
  },
  methods: {
    onLoad(query: { orgCode?: string }) {
      this.setData({ orgCode: query?.orgCode ?? '' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const d = await call('report', 'dashboard', this.data.orgCode ? { orgCode: this.data.orgCode } : {});
        const view = viewOf(d);
        this.setData({ view });
        wx.setNavigationBarTitle?.({ title: `${view.node.name}数据看板` });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    onFigure(e: WechatMiniprogram.TouchEvent) {
      const { tile, key } = e.currentTarget.dataset as { tile: string; key: string };
      if (!tile || !this.data.view) return;
      const q = [`tile=${tile}`, `orgCode=${this.data.view.node.code}`, ...(key ? [`key=${encodeURIComponent(key)}`] : [])].join('&');
      wx.navigateTo({ url: `/packages/report/pages/drill/index?${q}` });
    },
    onNode(e: WechatMiniprogram.TouchEvent) {
      const code = (e.currentTarget.dataset as { code: string }).code;
      wx.navigateTo({ url: `/packages/report/pages/dashboard/index?orgCode=${code}` });
    },
    onParent() {
      const parent = this.data.view?.parent;
      if (parent) wx.redirectTo({ url: `/packages/report/pages/dashboard/index?orgCode=${parent.code}` });
    },
    onRetry() {
      void this.load();
    },
  },
});
