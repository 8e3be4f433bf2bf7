import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { chinaMonthDayTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'pairing', 'mine'>['items'][number] & { deadlineText: string; reasonText: string };

/**
 * 我的结对: offers waiting for her answer (accept, or decline with a reason, before the deadline),
 * her active pairings (open the pairing card) and past ones.
 */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    message: '',
    busy: false,
    offers: [] as Row[],
    active: [] as Row[],
    past: [] as Row[],
    declining: '',
    reason: '',
    careMessage: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { items } = await call('pairing', 'mine', {});
        const rows: Row[] = items.map((r) => ({ ...r, deadlineText: chinaMonthDayTime(r.deadline), reasonText: r.reasons.join('；') }));
        this.setData({
          loading: false,
          offers: rows.filter((r) => r.status === 'consented'),
          active: rows.filter((r) => r.status === 'active'),
          past: rows.filter((r) => r.status !== 'consented' && r.status !== 'active'),
        });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [String(e.currentTarget.dataset.field)]: String(e.detail.value ?? '') });
    },
    async respond(id: string, accept: boolean) {
      this.setData({ busy: true, message: '' });
      try {
        const message = this.data.careMessage.trim();
        await call('pairing', 'respond', accept ? { id, accept, ...(message ? { message } : {}) } : { id, accept, reason: this.data.reason.trim() });
        this.setData({ busy: false, declining: '', reason: '', careMessage: '', message: accept ? '已接受结对，感谢您的爱心' : '已婉拒，感谢您的回复' });
        await this.load();
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    },
    onAccept(e: WechatMiniprogram.TouchEvent) {
      this.respond(String(e.currentTarget.dataset.id), true);
    },
    onDecline(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      if (this.data.declining !== id) {
        this.setData({ declining: id, message: '' });
        return;
      }
      if (!this.data.reason.trim()) {
        this.setData({ message: '请填写婉拒原因' });
        return;
      }
      this.respond(id, false);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/volunteer/pages/pairing-card/index?id=${e.currentTarget.dataset.id as string}&childId=${e.currentTarget.dataset.child as string}` });
    },
  },
});
