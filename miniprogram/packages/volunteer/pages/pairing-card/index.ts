import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Card = Output<'pairing', 'card'>;
type Care = Output<'child', 'careCard'>;

/** 结对卡 for the volunteer: both sides, her 关爱寄语 (editable), and the child's care card. */
Component({
  behaviors: [fontScale],
  properties: { id: { type: String, value: '' }, childId: { type: String, value: '' } },
  data: {
    loading: true,
    error: '',
    message: '',
    busy: false,
    card: null as Card | null,
    care: null as Care | null,
    careMessage: '',
  },
  methods: {
    onLoad(query?: { id?: string; childId?: string }) {
      if (query?.id && !this.data.id) this.setData({ id: query.id, childId: query.childId ?? '' });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const [card, care] = await Promise.all([call('pairing', 'card', { id: this.data.id }), call('child', 'careCard', { childId: this.data.childId })]);
        this.setData({ loading: false, card, care, careMessage: card.message });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ careMessage: String(e.detail.value ?? '') });
    },
    async onSave() {
      const message = this.data.careMessage.trim();
      if (!message) {
        this.setData({ message: '请填写关爱寄语' });
        return;
      }
      this.setData({ busy: true, message: '' });
      try {
        await call('pairing', 'setMessage', { id: this.data.id, message });
        this.setData({ busy: false, message: '关爱寄语已保存', card: { ...(this.data.card as Card), message } });
      } catch (err) {
        this.setData({ busy: false, message: err instanceof ApiError ? err.message : '保存失败，请重试' });
      }
    },
  },
});
