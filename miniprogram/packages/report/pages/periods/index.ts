import { call, ApiError } from '../../../../services/api';
import { askSubscription } from '../../../../services/subscribe';
import type { Output } from '../../../../../src/contract';
import { chinaDate } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'report', 'periods'>['periods'][number];
const TAG: Record<string, string> = { upcoming: 'default', open: 'warning', overdue: 'danger', submitted: 'success', late: 'success' };

/** How many days are left, in words a reader takes in at a glance. */
function leftText(r: Row): string {
  if (r.status === 'submitted' || r.status === 'late') return r.submittedAt ? `已于${chinaDate(r.submittedAt)}提交` : '';
  if (r.status === 'upcoming') return `${chinaDate(r.opensAt) === chinaDate(r.cutoff) ? '本期结束后' : '本期最后一个月'}开始填报`;
  if (r.daysLeft > 0) return `还有${r.daysLeft}天截止`;
  return r.daysLeft === 0 ? '今天截止' : `已逾期${-r.daysLeft}天`;
}

/**
 * 工作报送: the programme's reporting calendar for the staff member's node — each period with its
 * status and deadline, a big button to write (or read) the report, the subtree's status for nodes
 * above the reporting level, and a tap to be reminded before the deadline.
 */
Component({
  behaviors: [fontScale],
  data: {
    loaded: false,
    enabled: false,
    message: '',
    orgCode: '',
    orgName: '',
    canSubmit: false,
    canViewStatus: false,
    periods: [] as (Row & { leftText: string; tag: string })[],
    reminderTemplateId: null as string | null,
    notices: [] as { text: string; at: string }[],
    error: '',
  },
  methods: {
    onLoad(query: { orgCode?: string }) {
      void this.load(query?.orgCode);
    },
    onShow() {
      if (this.data.loaded) void this.load(this.data.orgCode);
    },
    async load(orgCode?: string) {
      this.setData({ error: '' });
      try {
        const r = await call('report', 'periods', orgCode ? { orgCode } : {});
        this.setData({
          loaded: true, enabled: r.enabled, message: r.message, orgCode: r.orgCode, orgName: r.orgName, canSubmit: r.canSubmit,
          canViewStatus: r.canViewStatus, reminderTemplateId: r.reminderTemplateId, notices: r.notices,
          periods: r.periods.map((p) => ({ ...p, leftText: leftText(p), tag: TAG[p.status] ?? 'default' })),
        });
      } catch (err) {
        this.setData({ loaded: true, error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { key } = e.currentTarget.dataset as { key: string };
      wx.navigateTo({ url: `/packages/report/pages/report-edit/index?orgCode=${this.data.orgCode}&periodKey=${encodeURIComponent(key)}` });
    },
    onStatus(e: WechatMiniprogram.TouchEvent) {
      const { key } = e.currentTarget.dataset as { key: string };
      wx.navigateTo({ url: `/packages/report/pages/report-status/index?orgCode=${this.data.orgCode}&periodKey=${encodeURIComponent(key)}` });
    },
    /** 截止前提醒我: one accepted template = one WeChat reminder before a deadline. */
    async onRemind() {
      const accepted = await askSubscription(this.data.reminderTemplateId);
      if (!accepted) return void this.setData({ error: '未开启提醒，可稍后再试' });
      try {
        await call('report', 'remindMe', {});
        wx.showToast?.({ title: '截止前会提醒您', icon: 'success' });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
  },
});
