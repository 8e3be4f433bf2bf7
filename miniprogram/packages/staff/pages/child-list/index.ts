import { call, ApiError } from '../../../../services/api';
import type { Input, Output } from '../../../../../src/contract';
import { choices, message, openSheet, type Choice } from '../child-common/files';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'child', 'list'>['items'][number];
type Options = Output<'child', 'options'>;
type Filters = { category: string; riskLevel: string; paired: string; needs: string[]; orgCode: string };
const EMPTY: Filters = { category: '', riskLevel: '', paired: '', needs: [], orgCode: '' };
const PAGE_SIZE = 20;

/** 儿童台账: the children of the caller's subtree, filtered and paged; entry to add, import and export. */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    options: null as Options | null,
    categories: [] as Choice[],
    risks: [] as Choice[],
    needs: [] as Choice[],
    pairedChoices: [{ code: 'true', label: '已结对' }, { code: 'false', label: '未结对' }] as Choice[],
    orgNames: ['全部地区'] as string[],
    orgIndex: 0,
    filters: { ...EMPTY } as Filters,
    keyword: '',
    items: [] as Row[],
    total: 0,
    page: 1,
    canWrite: false,
    canExport: false,
    exporting: false,
  },
  methods: {
    async onLoad() {
      try {
        const options = await call('child', 'options', {});
        this.setData({
          options,
          categories: choices(options, 'category'),
          risks: [...choices(options, 'riskLevel'), { code: 'none', label: '未评估' }],
          needs: choices(options, 'needs'),
          orgNames: ['全部地区', ...options.orgs.map((o) => o.name)],
          canWrite: options.canWrite,
          canExport: options.canExport,
        });
      } catch (err) {
        return this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
      await this.load();
    },
    onShow() {
      if (this.data.options) this.load(); // back from an edit: show the change
    },
    query(): Omit<Input<'child', 'list'>, 'page' | 'pageSize'> {
      const f = this.data.filters;
      return {
        ...(f.category ? { category: f.category as never } : {}),
        ...(f.riskLevel ? { riskLevel: f.riskLevel as never } : {}),
        ...(f.paired ? { paired: f.paired === 'true' } : {}),
        ...(f.needs.length ? { needs: f.needs as never } : {}),
        ...(f.orgCode ? { orgCode: f.orgCode } : {}),
        ...(this.data.keyword ? { name: this.data.keyword } : {}),
      };
    },
    async load(more = false) {
      const page = more ? this.data.page + 1 : 1;
      this.setData({ loading: !more, error: '' });
      try {
        const res = await call('child', 'list', { ...this.query(), page, pageSize: PAGE_SIZE });
        this.setData({ loading: false, items: more ? [...this.data.items, ...res.items] : res.items, total: res.total, page });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onChip(e: WechatMiniprogram.TouchEvent) {
      const { key, value } = e.currentTarget.dataset as { key: keyof Filters; value: string };
      const filters = { ...this.data.filters };
      if (key === 'needs') filters.needs = filters.needs.includes(value) ? filters.needs.filter((n) => n !== value) : [...filters.needs, value];
      else (filters[key] as string) = filters[key] === value ? '' : value; // a second tap clears it
      this.setData({ filters });
      this.load();
    },
    onOrg(e: WechatMiniprogram.PickerChange) {
      const index = Number(e.detail.value);
      const org = index > 0 ? this.data.options?.orgs[index - 1] : null;
      this.setData({ orgIndex: index, filters: { ...this.data.filters, orgCode: org?.code ?? '' } });
      this.load();
    },
    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: String(e.detail.value ?? '').trim() });
    },
    onSearch() {
      this.load();
    },
    onReset() {
      this.setData({ filters: { ...EMPTY }, keyword: '', orgIndex: 0 });
      this.load();
    },
    onMore() {
      if (this.data.items.length < this.data.total) this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/child-detail/index?id=${e.currentTarget.dataset.id as string}` });
    },
    onAdd() {
      wx.navigateTo({ url: '/packages/staff/pages/child-edit/index' });
    },
    onImport() {
      wx.navigateTo({ url: '/packages/staff/pages/child-import/index' });
    },
    onExport() {
      const layouts = this.data.options?.layouts ?? [];
      wx.showActionSheet({
        itemList: layouts.map((l) => l.label),
        success: (res) => this.exportAs(layouts[res.tapIndex].code),
      });
    },
    async exportAs(layout: string) {
      this.setData({ exporting: true });
      try {
        const { name: _name, ...filters } = this.query(); // the export takes the filters, not a name search
        const res = await call('child', 'exportSheet', { layout: layout as never, ...filters });
        await openSheet(res.url, res.fileName);
        wx.showToast({ title: `已导出${res.count}名儿童`, icon: 'none' });
      } catch (err) {
        wx.showToast({ title: message(err), icon: 'none' });
      } finally {
        this.setData({ exporting: false });
      }
    },
  },
});
