import { call, ApiError } from '../../../../services/api';
import { viewOf, type DashboardView } from './view';
import { fontScale } from './charts';
import { drawChart } from './draw';

/**
 * 数据看板: the first screen holds the four figures that matter (coverage, unpaired high-risk
 * children, overdue visits, open flags), coverage and check-ins over 12 months, and the child
 * nodes compared (worst first), each chart with a text summary. Every figure opens the list behind
 * it; the rest of the figures are one tap away (figures page). The numbers are the report timer's
 * hourly snapshot, and the page says when it was taken.
 */
const FIGURES = '/packages/report/pages/figures/index';

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
        const setting = (wx.getAppBaseInfo?.() ?? wx.getSystemInfoSync?.())?.fontSizeSetting;
        const view = viewOf(d, fontScale(setting));
        this.setData({ view }, () => {
          drawChart(this, view.months);
          if (view.areas) drawChart(this, view.areas);
        });
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
    onMore(e: WechatMiniprogram.TouchEvent) {
      const section = (e.currentTarget.dataset as { section: string }).section;
      if (section && this.data.view) wx.navigateTo({ url: `${FIGURES}?orgCode=${this.data.view.node.code}&section=${section}` });
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
