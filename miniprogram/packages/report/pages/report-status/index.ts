import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Status = Output<'report', 'status'>;

/**
 * 报送情况 (the parent's view): for one period, every reporting node below — who has submitted
 * (when, by whom), who is still writing, who has not started, who is overdue (listed first). A
 * submitted report opens read-only.
 */
Component({
  behaviors: [fontScale],
  data: {
    orgCode: '',
    periodKey: '',
    periodLabel: '',
    dueDate: '',
    counts: { submitted: 0, pending: 0, overdue: 0, total: 0 },
    rows: [] as (Status['rows'][number] & { when: string })[],
    loaded: false,
    error: '',
  },
  methods: {
    onLoad(query: { orgCode?: string; periodKey?: string }) {
      this.setData({ orgCode: query?.orgCode ?? '', periodKey: decodeURIComponent(query?.periodKey ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ error: '' });
      try {
        const r = await call('report', 'status', {
          ...(this.data.orgCode ? { orgCode: this.data.orgCode } : {}),
          ...(this.data.periodKey ? { periodKey: this.data.periodKey } : {}),
        });
        this.setData({
          loaded: true, periodKey: r.periodKey, periodLabel: r.periodLabel, dueDate: r.dueDate, counts: r.counts,
          rows: r.rows.map((x) => ({ ...x, when: x.submittedAt ? `${x.submittedByName ?? ''} ${chinaDateTime(x.submittedAt)}提交` : '' })),
        });
      } catch (err) {
        this.setData({ loaded: true, error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { code, submitted } = e.currentTarget.dataset as { code: string; submitted: boolean | string };
      if (!(submitted === true || submitted === 'true')) return;
      wx.navigateTo({ url: `/packages/report/pages/report-edit/index?readonly=1&orgCode=${code}&periodKey=${encodeURIComponent(this.data.periodKey)}` });
    },
  },
});
