import { call, ApiError } from '../../../../services/api';
import type { Input, Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Item = Output<'visit', 'timeline'>['items'][number] & { when?: string };
interface Form { durationMinutes: string; withWhom: string; problems: string; measures: string; health: string; study: string; mood: string; reason: string }

/**
 * 修改走访记录: the volunteer corrects her own check-in (opened from 走访记录 with ?id=, the entry
 * handed over in storage). Within the correction window it is changed at once; later it becomes a
 * request staff approve — the page says which. From home's quick check-in it opens with ?add=1: the
 * same form, to add what she did not write at the time (notes, the child's state), the reason filled in.
 */
Component({
  behaviors: [fontScale],
  data: {
    item: null as Item | null,
    form: { durationMinutes: '', withWhom: '', problems: '', measures: '', health: '', study: '', mood: '', reason: '' } as Form,
    adding: false, sending: false, done: '' as '' | 'applied' | 'pending', error: '',
  },
  methods: {
    onLoad(query: { id?: string; add?: string }) {
      const item = wx.getStorageSync('visitCorrecting') as Item | '';
      if (!item || !query?.id || item.id !== query.id) return void this.setData({ error: '请从走访记录页面进入' });
      const adding = query.add === '1';
      if (adding) wx.setNavigationBarTitle?.({ title: '补充走访详情' });
      this.setData({
        item, done: '', error: '', adding,
        form: {
          durationMinutes: String(item.durationMinutes), withWhom: item.withWhom, problems: item.problems, measures: item.measures,
          health: item.childState.health, study: item.childState.study, mood: item.childState.mood, reason: adding ? '补充详情' : '',
        },
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`form.${(e.currentTarget.dataset as { key: string }).key}`]: e.detail.value });
    },
    async onSubmit() {
      const item = this.data.item;
      if (!item || this.data.sending) return;
      const f = this.data.form;
      const minutes = Number(f.durationMinutes);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) return void this.setData({ error: '请填写正确的时长（分钟）' });
      if (!f.reason.trim()) return void this.setData({ error: '请填写修改原因' });
      this.setData({ sending: true, error: '' });
      try {
        const r = await call('visit', 'correct', {
          // the version this page was opened with: a check-in changed since is refused (CONFLICT), never overwritten
          id: item.id, version: item.version, kind: item.kind as Input<'visit', 'correct'>['kind'], at: item.at, durationMinutes: minutes, withWhom: f.withWhom.trim(), problems: f.problems.trim(), measures: f.measures.trim(),
          childState: { health: f.health.trim(), study: f.study.trim(), mood: f.mood.trim() }, checklist: item.checklist, photos: item.photos, location: item.location, reason: f.reason.trim(),
        });
        wx.removeStorageSync?.('visitCorrecting');
        this.setData({ done: r.applied ? 'applied' : 'pending' });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '提交失败，请稍后再试' });
      }
      this.setData({ sending: false });
    },
  },
});
