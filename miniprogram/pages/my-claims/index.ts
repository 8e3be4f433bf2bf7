import { call, ApiError } from '../../services/api';
import type { Output } from '../../../src/contract';
import { fontScale } from '../../behaviors/font-scale';

type Item = Output<'wish', 'mine'>['items'][number];
type Notice = Output<'wish', 'mine'>['notices'][number];

/** 我认领的心愿: progress, where to hand the gift over, marking it sent, cancelling, the child's thanks. */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    items: [] as Item[],
    notices: [] as Notice[],
    busyId: '',
    message: '',
  },
  methods: {
    /** 点击放大: the photo's temporary link (storage is private: only a function-issued link opens it). */
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url: string }).url;
      if (url) wx.previewImage?.({ current: url, urls: [url] });
    },
    onLoad() {
      this.load();
    },
    onShow() {
      if (!this.data.loading) this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { items, notices } = await call('wish', 'mine', {});
        this.setData({ loading: false, items, notices: notices.slice(0, 3) });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async act(id: string, run: () => Promise<unknown>, done: string) {
      if (this.data.busyId) return;
      this.setData({ busyId: id, message: '' });
      try {
        await run();
        this.setData({ busyId: '', message: done });
        await this.load();
      } catch (err) {
        this.setData({ busyId: '', message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
    onSend(e: WechatMiniprogram.TouchEvent) {
      const { id, mode } = e.currentTarget.dataset as { id: string; mode: 'office' | 'volunteer' };
      this.act(id, () => call('wish', 'send', { id, mode }), '已标记寄出，孩子收到后会告诉您');
    },
    onCancel(e: WechatMiniprogram.TouchEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      this.act(id, () => call('wish', 'cancel', { id }), '已取消认领');
    },
    onList() {
      wx.navigateTo({ url: '/pages/wish-list/index' });
    },
  },
});
