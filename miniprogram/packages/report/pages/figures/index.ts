import { call, ApiError } from '../../../../services/api';
import { areaRows, sectionsOf, type Section } from '../dashboard/view';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

/**
 * One group of the dashboard's figures, opened from its first screen (更多数据): the child nodes
 * (各地明细, each opening its own dashboard) or a section of counts (each opening its list).
 * Reads the same snapshot as the dashboard.
 */
type Area = ReturnType<typeof areaRows>[number];

Component({
  behaviors: [fontScale],
  data: {
    orgCode: '',
    section: '',
    title: '',
    asOf: '',
    rows: [] as Section['rows'],
    areas: [] as Area[],
    loading: false,
    error: '',
  },
  methods: {
    onLoad(query: { orgCode?: string; section?: string }) {
      this.setData({ orgCode: query?.orgCode ?? '', section: query?.section ?? 'areas' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const d = await call('report', 'dashboard', this.data.orgCode ? { orgCode: this.data.orgCode } : {});
        const asOf = `数据更新于 ${chinaDateTime(d.figures.asOf)}`;
        if (this.data.section === 'areas') {
          this.setData({ title: `${d.figures.node.name} · 各地明细`, areas: areaRows(d), rows: [], asOf });
        } else {
          const s = sectionsOf(d).find((x) => x.id === this.data.section);
          this.setData({ title: `${d.figures.node.name} · ${s?.title ?? '数据明细'}`, rows: s?.rows ?? [], areas: [], asOf });
        }
        wx.setNavigationBarTitle?.({ title: this.data.title.split(' · ')[1].replace(/（.*$/, '') });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    onFigure(e: WechatMiniprogram.TouchEvent) {
      const { tile, key } = e.currentTarget.dataset as { tile: string; key: string };
      if (!tile || !this.data.orgCode) return;
      const q = [`tile=${tile}`, `orgCode=${this.data.orgCode}`, ...(key ? [`key=${encodeURIComponent(key)}`] : [])].join('&');
      wx.navigateTo({ url: `/packages/report/pages/drill/index?${q}` });
    },
    onNode(e: WechatMiniprogram.TouchEvent) {
      const code = (e.currentTarget.dataset as { code: string }).code;
      wx.navigateTo({ url: `/packages/report/pages/dashboard/index?orgCode=${code}` });
    },
    onRetry() {
      void this.load();
    },
  },
});
