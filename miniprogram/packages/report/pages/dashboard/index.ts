import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';
import { fontScale as textScale } from '../../../../utils/font-scale';
import { viewOf, type DashboardView } from './view';
import { drawChart } from './draw';

/**
 * 数据看板: the first screen holds the four figures that matter (coverage, unpaired high-risk
 * children, overdue visits, open flags), coverage and check-ins over 12 months, and the child
 * nodes compared (worst first), each chart with a text summary. Every figure opens the list behind
 * it; the rest of the figures are one tap away (figures page). The numbers are the report timer's
 * hourly snapshot, and the page says when it was taken. The charts' text and height follow the
 * page's text scale (WeChat's font setting, 关怀模式) and are drawn again when it changes.
 */
const FIGURES = '/packages/report/pages/figures/index';
type Dash = Output<'report', 'dashboard'>;
/** The last answer, kept off the page data (setData copies it) to draw the charts again. */
const answers = new WeakMap<object, Dash>();

Component({
  behaviors: [fontScale],
  observers: {
    // refreshFontScale() (App.onShow, 关怀模式 switched) gives the page a new fontStyle
    fontStyle() {
      const d = answers.get(this);
      if (d) this.show(d);
    },
  },
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
        answers.set(this, d);
        this.show(d);
        wx.setNavigationBarTitle?.({ title: `${d.figures.node.name}数据看板` });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    /** The view at the page's current text scale, its charts drawn once the canvases have their size. */
    show(d: Dash) {
      const view = viewOf(d, textScale().scale);
      this.setData({ view }, () => {
        drawChart(this, view.months);
        if (view.areas) drawChart(this, view.areas);
      });
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
