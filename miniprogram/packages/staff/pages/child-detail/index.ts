import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { chinaDateTime } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type File = Output<'child', 'get'>;
type Entry = File['history'][number];
type Line = File['lines'][number] & { revealed: boolean };
const HISTORY_PAGE = 10;
const ACTION_LABELS: Record<string, string> = { create: '建档', update: '修改', import: '表格导入' };

/** A child's file: every field (numbers masked), a "show full number" button for permitted staff, the history. */
Component({
  behaviors: [fontScale],
  properties: { id: { type: String, value: '' } },
  data: {
    loading: true,
    error: '',
    file: null as File | null,
    lines: [] as Line[],
    history: [] as (Entry & { actionLabel: string; when: string })[],
    historyTotal: 0,
    historyPage: 1,
  },
  methods: {
    onLoad(query?: { id?: string }) {
      if (query?.id) this.setData({ id: query.id });
      this.load();
    },
    onShow() {
      if (this.data.file) this.load(); // back from the edit form
    },
    decorate(entries: Entry[]) {
      return entries.map((e) => ({ ...e, actionLabel: ACTION_LABELS[e.action] ?? e.action, when: chinaDateTime(e.at) }));
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const file = await call('child', 'get', { id: this.data.id });
        this.setData({
          loading: false,
          file,
          lines: file.lines.filter((l) => l.value || l.sensitive).map((l) => ({ ...l, revealed: false })),
          history: this.decorate(file.history),
          historyTotal: file.historyTotal,
          historyPage: 1,
        });
        wx.setNavigationBarTitle({ title: `${file.fields.name}的档案` });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    async onReveal(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as string;
      try {
        const res = await call('child', 'reveal', { id: this.data.id, field: key as never });
        this.setData({ lines: this.data.lines.map((l) => (l.key === key ? { ...l, value: res.value, revealed: true } : l)) });
      } catch (err) {
        wx.showToast({ title: err instanceof ApiError ? err.message : '操作失败，请重试', icon: 'none' });
      }
    },
    async onMoreHistory() {
      const page = this.data.historyPage + 1;
      try {
        const res = await call('child', 'history', { id: this.data.id, page, pageSize: HISTORY_PAGE });
        this.setData({ history: [...this.data.history, ...this.decorate(res.items)], historyPage: page });
      } catch (err) {
        wx.showToast({ title: err instanceof ApiError ? err.message : '加载失败，请重试', icon: 'none' });
      }
    },
    onEdit() {
      wx.navigateTo({ url: `/packages/staff/pages/child-edit/index?id=${this.data.id}` });
    },
  },
});
