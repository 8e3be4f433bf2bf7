import { call, ApiError } from '../../../../services/api';
import type { Input, Output } from '../../../../../src/contract';
import { openSheet } from '../child-common/files';
import { chinaToday } from '../../../../utils/china-time';
import { fontScale } from '../../../../behaviors/font-scale';

type Card = Output<'pairing', 'card'>;
type Row = Output<'pairing', 'list'>['items'][number];
type Method = Input<'pairing', 'recordConsent'>['method'];
const METHODS: { value: Method; label: string }[] = [
  { value: 'signed', label: '书面签字' },
  { value: 'in_person', label: '当面同意' },
  { value: 'phone', label: '电话同意' },
  { value: 'wechat', label: '微信同意' },
];

/** One pairing for staff: the pairing card, the guardian's consent (who, how, when), cancel or end with a reason. */
Component({
  behaviors: [fontScale],
  properties: { id: { type: String, value: '' } },
  data: {
    loading: true,
    error: '',
    message: '',
    busy: false,
    card: null as Card | null,
    row: null as Row | null,
    methods: METHODS,
    methodIndex: 0,
    guardianName: '',
    relation: '',
    at: '',
    reason: '',
    /** 转交: the eligible volunteers with a free place. */
    candidates: [] as Output<'pairing', 'candidates'>['items'],
  },
  methods: {
    onLoad(query?: { id?: string }) {
      if (query?.id && !this.data.id) this.setData({ id: query.id });
      this.setData({ at: chinaToday() });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const card = await call('pairing', 'card', { id: this.data.id });
        const list = await call('pairing', 'list', { status: card.status as NonNullable<Input<'pairing', 'list'>['status']>, pageSize: 100 });
        const row = list.items.find((r) => r.id === this.data.id) ?? null;
        const candidates = row && card.status === 'active' ? (await call('pairing', 'candidates', { childId: row.childId })).items : [];
        this.setData({ loading: false, card, row, candidates });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [String(e.currentTarget.dataset.field)]: String(e.detail.value ?? '') });
    },
    onMethod(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ methodIndex: Number(e.detail.value) });
    },
    async act(run: () => Promise<unknown>, done: string) {
      this.setData({ busy: true, message: '' });
      try {
        await run();
        this.setData({ busy: false, message: done, reason: '' });
        await this.load();
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '操作失败，请重试' });
      }
    },
    onConsent() {
      const row = this.data.row;
      if (!row) return;
      if (!this.data.guardianName.trim() || !this.data.relation.trim()) {
        this.setData({ message: '请填写监护人姓名和与儿童关系' });
        return;
      }
      this.act(
        () => call('pairing', 'recordConsent', { id: row.id, version: row.version, guardianName: this.data.guardianName.trim(), relation: this.data.relation.trim(), method: METHODS[this.data.methodIndex].value, at: this.data.at }),
        '已登记监护人同意，已通知爱心妈妈确认',
      );
    },
    onTransfer(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.row;
      const to = this.data.candidates[Number(e.currentTarget.dataset.index)];
      if (!row || !to) return;
      if (!this.data.reason.trim()) {
        this.setData({ message: '请填写转交原因' });
        return;
      }
      this.act(() => call('pairing', 'transfer', { id: row.id, version: row.version, volunteerId: to.volunteerId, reason: this.data.reason.trim() }), `已转交给${to.volunteerName}，待监护人同意`);
    },
    async onExportCard() {
      const card = this.data.card;
      if (!card?.exportLayout) return;
      this.setData({ busy: true, message: '' });
      try {
        const res = await call('pairing', 'exportCard', { id: card.id, layout: card.exportLayout as Input<'pairing', 'exportCard'>['layout'] });
        await openSheet(res.url, res.fileName);
        this.setData({ busy: false, message: '结对卡已导出' });
      } catch (err) {
        this.setData({ busy: false, message: err instanceof Error && /[\u4e00-\u9fa5]/.test(err.message) ? err.message : '导出失败，请重试' });
      }
    },
    onClose(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.row;
      const kind = e.currentTarget.dataset.kind as 'cancel' | 'end';
      if (!row) return;
      if (!this.data.reason.trim()) {
        this.setData({ message: kind === 'end' ? '请填写结束原因' : '请填写撤销原因' });
        return;
      }
      this.act(() => call('pairing', kind, { id: row.id, version: row.version, reason: this.data.reason.trim() }), kind === 'end' ? '结对已结束' : '结对已撤销');
    },
  },
});
