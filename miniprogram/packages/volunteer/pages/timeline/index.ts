import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

/** links: the photos' temporary links (storage is private: a fileID opens only the uploader's own). */
type Item = Output<'visit', 'timeline'>['items'][number] & { when: string; links: string[] };
const PAGE_SIZE = 20;

/** 走访记录: one child's check-ins with photos, newest first (her volunteer, and staff in scope); opened with ?childId=. */
Component({
  behaviors: [fontScale],
  data: { childId: '', items: [] as Item[], total: 0, page: 1, loading: false, error: '' },
  methods: {
    onLoad(query: { childId?: string }) {
      this.setData({ childId: query?.childId ?? '', items: [], page: 1 });
      // a card shared with a shareTicket lets team-entry learn which group it was opened in
      wx.showShareMenu?.({ withShareTicket: true, menus: ['shareAppMessage'] });
      if (!this.data.childId) return void this.setData({ error: '请从孩子的页面进入' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const r = await call('visit', 'timeline', { childId: this.data.childId, page: this.data.page, pageSize: PAGE_SIZE });
        this.setData({ items: [...this.data.items, ...r.items.map((i) => ({ ...i, when: chinaDateTime(i.at), links: i.photoUrls.filter(Boolean) }))], total: r.total });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    onMore() {
      if (this.data.items.length >= this.data.total || this.data.loading) return;
      this.setData({ page: this.data.page + 1 });
      void this.load();
    },
    /** 分享到服务队群: the card opens the team-entry page (activity, her name, the child's alias; team members only). */
    onShareAppMessage(res: { from?: string; target?: { dataset?: { id?: string; kind?: string } } }) {
      const d = res?.target?.dataset ?? {};
      if (!d.id) return { title: '爱心妈妈走访动态', path: '/packages/volunteer/pages/checkin-team/index' };
      return { title: `爱心妈妈走访动态：${d.kind ?? ''}`, path: `/packages/volunteer/pages/team-entry/index?id=${d.id}` };
    },
    /** 修改: the entry goes to the correction form through storage (the form sends its whole body back). */
    onEdit(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      const item = this.data.items.find((i) => i.id === id);
      if (!item) return;
      wx.setStorageSync('visitCorrecting', item);
      wx.navigateTo({ url: `/packages/volunteer/pages/correct/index?id=${id}` });
    },
    onPhoto(e: WechatMiniprogram.TouchEvent) {
      const { url, urls } = e.currentTarget.dataset as { url: string; urls: string[] };
      wx.previewImage?.({ current: url, urls });
    },
  },
});
