import { askSubscription } from '../../services/subscribe';
import { call, ApiError } from '../../services/api';
import type { Output } from '../../../src/contract';
import { fontScale } from '../../behaviors/font-scale';

type Detail = Output<'wish', 'get'>;
type Claim = Output<'wish', 'claim'>;

/** One wish's anonymised card, claiming it, and the same card when shared to a group or a friend. */
Component({
  behaviors: [fontScale],
  data: {
    id: '',
    loading: true,
    error: '',
    detail: null as Detail | null,
    confirming: false,
    displayName: '',
    anonymous: true,
    busy: false,
    message: '',
    claimed: null as Claim | null,
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query?.id ?? '' });
      this.load();
    },
    async load() {
      if (!this.data.id) return void this.setData({ loading: false, error: '没有找到这个心愿' });
      this.setData({ loading: true, error: '' });
      try {
        const detail = await call('wish', 'get', { id: this.data.id });
        this.setData({ loading: false, detail });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onClaim() {
      this.setData({ confirming: true, message: '' });
    },
    onCancelConfirm() {
      this.setData({ confirming: false });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ displayName: e.detail.value });
    },
    onAnonymous(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ anonymous: e.detail.value });
    },
    async onConfirm() {
      if (this.data.busy) return;
      // asked on this tap (WeChat's rule): one acceptance lets us remind her once before the claim lapses
      const remind = askSubscription(this.data.detail?.reminderTemplateId ?? null);
      this.setData({ busy: true, message: '' });
      try {
        const claimed = await call('wish', 'claim', { id: this.data.id, displayName: this.data.displayName.trim(), anonymous: this.data.anonymous || !this.data.displayName.trim(), remind: await remind });
        this.setData({ busy: false, confirming: false, claimed, message: '认领成功，感谢您的爱心！' });
      } catch (err) {
        this.setData({ busy: false, confirming: false, message: err instanceof ApiError ? err.message : '认领失败，请重试' });
        if (err instanceof ApiError && err.code === 'CONFLICT' && this.data.detail) this.setData({ 'detail.canClaim': false });
      }
    },
    onMine() {
      wx.navigateTo({ url: '/pages/my-claims/index' });
    },
    onList() {
      wx.redirectTo({ url: '/pages/wish-list/index' });
    },
    onRetry() {
      this.load();
    },
    onShareAppMessage() {
      const d = this.data.detail;
      return { title: d ? d.shareTitle : '孩子们的微心愿，等您来认领', path: d ? `/pages/wish-detail/index?id=${d.card.id}` : '/pages/wish-list/index' };
    },
  },
});
