import { call, ApiError } from '../../../../services/api';
import { VOLUNTEER_STATUS_LABELS } from '../../../../utils/labels';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Row = Output<'volunteer', 'listApplications'>['items'][number] & { statusLabel: string; kindLabel: string };
const STATUSES = ['pending', 'district_approved', 'approved', 'rejected', 'withdrawn'] as const;

/** 报名审核: the applications waiting for the caller's own node (or all in her subtree), with filters. */
Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    error: '',
    counts: { todo: 0, inReview: 0, approved: 0 },
    todo: true,
    statusOptions: [{ value: '', label: '全部状态' }, ...STATUSES.map((s) => ({ value: s, label: VOLUNTEER_STATUS_LABELS[s] }))],
    statusIndex: 0,
    areas: [{ code: '', name: '全部地区' }] as { code: string; name: string }[],
    areaIndex: 0,
    keyword: '',
    items: [] as Row[],
    total: 0,
    page: 1,
  },
  methods: {
    async onLoad() {
      try {
        const { me } = await call('account', 'login', {});
        const { nodes } = await call('account', 'listOrgs', me.staff ? { rootCode: me.staff.orgCode } : {});
        this.setData({ areas: [{ code: '', name: '全部地区' }, ...nodes.map((n) => ({ code: n.code, name: n.name }))] });
      } catch {
        /* the list below reports the error */
      }
      await this.load();
    },
    onShow() {
      if (!this.data.loading) this.load();
    },
    async load(more = false) {
      const page = more ? this.data.page + 1 : 1;
      this.setData({ loading: !more, error: '' });
      try {
        const status = this.data.statusOptions[this.data.statusIndex].value;
        const areaCode = this.data.areas[this.data.areaIndex].code;
        const input = { todo: this.data.todo, page, ...(status ? { status: status as (typeof STATUSES)[number] } : {}), ...(areaCode ? { areaCode } : {}), ...(this.data.keyword ? { keyword: this.data.keyword } : {}) };
        const [list, counts] = await Promise.all([call('volunteer', 'listApplications', input), call('volunteer', 'reviewCounts', {})]);
        const rows = list.items.map((r) => ({ ...r, statusLabel: VOLUNTEER_STATUS_LABELS[r.status] ?? r.status, kindLabel: r.groupName ? `（${r.groupName}）` : '' }));
        this.setData({ loading: false, counts, items: more ? [...this.data.items, ...rows] : rows, total: list.total, page });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ todo: e.currentTarget.dataset.todo === true || e.currentTarget.dataset.todo === 'true' });
      this.load();
    },
    onStatus(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ statusIndex: Number(e.detail.value), todo: false });
      this.load();
    },
    onArea(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ areaIndex: Number(e.detail.value) });
      this.load();
    },
    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: String(e.detail.value ?? '').trim() });
    },
    onSearch() {
      this.load();
    },
    onMore() {
      if (this.data.items.length < this.data.total) this.load(true);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/staff/pages/volunteer-detail/index?id=${e.currentTarget.dataset.id as string}` });
    },
  },
});
