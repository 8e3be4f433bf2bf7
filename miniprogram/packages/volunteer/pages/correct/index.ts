import { call, ApiError } from '../../../../services/api';
import type { Input, Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';
import { resolveConflict } from '../../../../services/visit-outbox';
import { differences, formOf, onTop, type Difference, type Form } from './compare';

type Item = Output<'visit', 'timeline'>['items'][number] & { when?: string };
/** Her version of a check-in the server already holds differently (a resend from the outbox). */
type Mine = { clientId: string; kind: string; kindLabel?: string; at: string; durationMinutes: number; withWhom?: string; problems?: string; measures?: string; childState?: Item['childState'] };

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
    /** the stored record differs from her edit: both shown, hers applied on top of it on submit */
    conflict: [] as Difference[],
    mine: null as Mine | null,
  },
  methods: {
    onLoad(query: { id?: string; add?: string; conflict?: string }) {
      const item = wx.getStorageSync('visitCorrecting') as Item | '';
      if (!item || !query?.id || item.id !== query.id) return void this.setData({ error: '请从走访记录页面进入' });
      const adding = query.add === '1';
      if (adding) wx.setNavigationBarTitle?.({ title: '补充走访详情' });
      // opened from the outbox: her resent version beside the one recorded under the same check-in
      const mine = query.conflict === '1' ? ((wx.getStorageSync('visitCorrectingMine') as Mine | '') || null) : null;
      const form = mine ? formOf(mine, '补发时与已记录的版本不同') : formOf(item, adding ? '补充详情' : '');
      this.setData({ item, done: '', error: '', adding, form, mine, conflict: mine ? differences(item, formOf(item), form, mine) : [] });
    },
    /** 放弃我的修改: the form shows the stored values again. */
    onKeepStored() {
      const item = this.data.item;
      if (!item) return;
      if (this.data.mine) resolveConflict(this.data.mine.clientId);
      this.setData({ form: formOf(item, this.data.form.reason), conflict: [], mine: null, error: '' });
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
          id: item.id, version: item.version, kind: (this.data.mine?.kind ?? item.kind) as Input<'visit', 'correct'>['kind'], at: this.data.mine?.at ?? item.at, durationMinutes: minutes, withWhom: f.withWhom.trim(), problems: f.problems.trim(), measures: f.measures.trim(),
          childState: { health: f.health.trim(), study: f.study.trim(), mood: f.mood.trim() }, checklist: item.checklist, photos: item.photos, location: item.location, reason: f.reason.trim(),
        });
        wx.removeStorageSync?.('visitCorrecting');
        if (this.data.mine) {
          resolveConflict(this.data.mine.clientId);
          wx.removeStorageSync?.('visitCorrectingMine');
        }
        this.setData({ done: r.applied ? 'applied' : 'pending', conflict: [] });
      } catch (err) {
        const current = err instanceof ApiError && err.code === 'CONFLICT' ? (err.details as { current?: Item } | undefined)?.current : undefined;
        if (current) {
          // changed since this page opened: the record as it stands beside her edit; submitting again applies hers on top of it
          const fresh: Item = { ...current, when: item.when };
          const form = this.data.mine ? this.data.form : onTop(formOf(item), this.data.form, formOf(fresh));
          this.setData({ item: fresh, form, conflict: differences(fresh, formOf(fresh), form, this.data.mine ?? undefined) });
        }
        this.setData({ error: err instanceof ApiError ? err.message : '提交失败，请稍后再试' });
      }
      this.setData({ sending: false });
    },
  },
});
