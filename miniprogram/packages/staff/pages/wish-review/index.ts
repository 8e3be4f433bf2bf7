import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'wish', 'queue'>['items'][number];
type Status = 'pending' | 'returned' | 'rejected' | 'published' | 'claimed' | 'sent' | 'received' | 'thanked';
const TABS: { code: Status; label: string }[] = [
  { code: 'pending', label: '待审核' },
  { code: 'claimed', label: '已认领' },
  { code: 'sent', label: '待确认收到' },
  { code: 'received', label: '待回赠感谢' },
  { code: 'published', label: '已发布' },
  { code: 'returned', label: '已退回' },
];

/** 心愿审核: the wishes of the caller's subtree by status; approve, send back or reject in place. */
Component({
  behaviors: [fontScale],
  data: {
    tabs: TABS,
    status: 'pending' as Status,
    loading: true,
    error: '',
    items: [] as Row[],
    total: 0,
    reasons: {} as Record<string, string>,
    busyId: '',
    message: '',
  },
  methods: {
    onLoad(query: { status?: Status }) {
      if (query?.status && TABS.some((t) => t.code === query.status)) this.setData({ status: query.status });
      this.load();
    },
    onShow() {
      if (!this.data.loading) this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const res = await call('wish', 'queue', { status: this.data.status, pageSize: 50 });
        this.setData({ loading: false, items: res.items, total: res.total });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ status: (e.currentTarget.dataset as { code: Status }).code, message: '' });
      this.load();
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      this.setData({ [`reasons.${id}`]: e.detail.value });
    },
    async onDecide(e: WechatMiniprogram.TouchEvent) {
      const { id, decision } = e.currentTarget.dataset as { id: string; decision: 'approve' | 'return' | 'reject' };
      if (this.data.busyId) return;
      this.setData({ busyId: id, message: '' });
      try {
        await call('wish', 'review', { id, decision, reason: (this.data.reasons[id] ?? '').trim() });
        this.setData({ busyId: '', message: decision === 'approve' ? '已通过，心愿已发布' : decision === 'return' ? '已退回修改' : '已标记为不通过' });
        await this.load();
      } catch (err) {
        this.setData({ busyId: '', message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/wish-manage/index?id=${(e.currentTarget.dataset as { id: string }).id}` });
    },
  },
});
