import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Item = Output<'report', 'annexes'>['items'][number];
type Exported = { url: string; fileName: string; count: number };
/** What the page keeps per annex: only what it shows and what the export call needs. */
interface Row {
  key: string;
  label: string;
  kindLabel: string;
  allowed: boolean;
  reason: string;
  place: string;
  record: Item['record'];
  recordRequired: boolean;
  pickLabel: string;
}
interface Candidate { id: string; label: string }

const PICK_LABELS: Record<string, string> = { child: '选择一名儿童导出', volunteer: '选择一位爱心妈妈导出' };
const UNIT: Record<string, string> = {
  child_info: '名儿童', child_summary: '名儿童', child_ledger: '名儿童', volunteer_signup: '位爱心妈妈', volunteer_summary: '位爱心妈妈',
  pairing_card: '对结对', pairing_summary: '对结对', allocation: '个地区',
};

/**
 * 附件报表: the programme's annexes (number and exact title), one big 导出 button each. The
 * registry's and the pairing function's annexes go to their own exports; per-record forms export
 * the whole subtree (one sheet per record) or one child / volunteer found with a simple search.
 * The file is downloaded under its Chinese name and opened with the menu on, so it can be forwarded.
 */
Component({
  behaviors: [fontScale],
  data: {
    programmeName: '',
    rows: [] as Row[],
    loading: true,
    error: '',
    busyKey: '',
    progress: '',
    pickKey: '',
    pickKind: '' as '' | 'child' | 'volunteer',
    query: '',
    candidates: [] as Candidate[],
    searched: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const res = await call('report', 'annexes', {});
        (this as unknown as { items: Item[] }).items = res.items;
        this.setData({
          programmeName: res.programmeName,
          rows: res.items.map((i) => ({
            key: i.key,
            label: [i.number, i.title].filter(Boolean).join(' '),
            kindLabel: i.kind === 'form' ? (i.record ? '每人一页' : '表单') : '汇总表',
            allowed: i.allowed,
            reason: i.reason ?? '',
            place: i.recordRequired ? i.place ?? '' : '',
            record: i.record,
            recordRequired: i.recordRequired,
            pickLabel: i.record && !i.recordRequired ? PICK_LABELS[i.record] ?? '' : '',
          })),
        });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    item(key: string): Item | undefined {
      return ((this as unknown as { items?: Item[] }).items ?? []).find((i) => i.key === key);
    },
    onExport(e: WechatMiniprogram.TouchEvent) {
      void this.exportOne((e.currentTarget.dataset as { key: string }).key, {});
    },
    /** Runs the export the list names, then downloads and opens the file. */
    async exportOne(key: string, record: { childId?: string; volunteerId?: string }) {
      const item = this.item(key);
      if (!item || !item.export || this.data.busyKey) return;
      if (!item.allowed) return void this.setData({ error: item.reason ?? '您没有导出该附件的权限' });
      this.setData({ busyKey: key, error: '', progress: '正在生成表格，人数多时需要一点时间…' });
      try {
        const { fn, action, input } = item.export;
        const out = (await call(fn as 'report', action as 'exportAnnex', { ...input, ...record } as never)) as Exported;
        this.setData({ progress: '正在下载并打开…' });
        await openSheet(out.url, out.fileName);
        wx.showToast?.({ title: `已导出${out.count}${UNIT[item.purpose] ?? '条记录'}`, icon: 'none' });
        this.setData({ progress: '', pickKey: '', candidates: [], query: '', searched: false });
      } catch (err) {
        this.setData({ progress: '', error: err instanceof Error && /[\u4e00-\u9fa5]/.test(err.message) ? err.message : '导出失败，请重试' });
      }
      this.setData({ busyKey: '' });
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      const key = (e.currentTarget.dataset as { key: string }).key;
      const item = this.item(key);
      if (!item) return;
      if (!item.allowed) return void this.setData({ error: item.reason ?? '您没有导出该附件的权限' });
      this.setData({ pickKey: this.data.pickKey === key ? '' : key, pickKind: item.record as 'child' | 'volunteer', query: '', candidates: [], searched: false, error: '' });
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ query: e.detail.value });
    },
    async onSearch() {
      const name = this.data.query.trim();
      if (!name) return void this.setData({ error: '请输入姓名再搜索' });
      this.setData({ error: '' });
      try {
        const candidates: Candidate[] =
          this.data.pickKind === 'child'
            ? (await call('child', 'list', { name, page: 1, pageSize: 20 })).items.map((c) => ({ id: c.id, label: `${c.name}（${c.orgName}，${c.age}岁）` }))
            : (await call('volunteer', 'listRoster', { keyword: name, page: 1, pageSize: 20 })).items.map((v) => ({ id: v.id, label: `${v.name}（${v.orgName}）` }));
        this.setData({ candidates, searched: true });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '搜索失败，请重试' });
      }
    },
    onChoose(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id: string }).id;
      const record = this.data.pickKind === 'child' ? { childId: id } : { volunteerId: id };
      void this.exportOne(this.data.pickKey, record);
    },
  },
});

function openSheet(url: string, fileName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const filePath = `${wx.env.USER_DATA_PATH}/${fileName}`;
    wx.downloadFile({
      url,
      filePath,
      success: (res) => {
        if (res.statusCode !== 200) return reject(new Error('下载失败，请重试'));
        wx.openDocument({ filePath: res.filePath || filePath, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: () => reject(new Error('无法打开表格，请重试')) });
      },
      fail: () => reject(new Error('下载失败，请重试')),
    });
  });
}
