import { call, ApiError } from '../../../../services/api';
import type { Input, Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';
import { newClientId, photoCloudPath, resolveConflict } from '../../../../services/visit-outbox';
import { checklistFor, choosePhotos, MAX_PHOTOS, toggle, type ChecklistRule } from '../../../../services/visit-details';
import { smallerPhoto, upload } from '../../../../services/upload';
import { differences, formOf, onTop, type Difference, type Form } from './compare';

type Item = Output<'visit', 'timeline'>['items'][number] & { when?: string };
/** Her version of a check-in the server already holds differently (a resend from the outbox). */
type Mine = { clientId: string; kind: string; kindLabel?: string; at: string; durationMinutes: number; withWhom?: string; problems?: string; measures?: string; childState?: Item['childState'] };

/** The ticks and photos a stored check-in starts the form with (its photos shown through the links it came with). */
const detailsOf = (item: Item) => ({
  ticks: [...(item.checklist ?? [])], photos: [...(item.photos ?? [])], thumbs: (item.photos ?? []).map((_, i) => item.photoUrls?.[i] ?? ''),
});
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** Per open form: its child's rule (visit.mine), its chosen photos' uploads in order, and where they go in storage. */
type Work = { rules?: ChecklistRule; uploading: Promise<void>; key: string; slot: number };
const works = new WeakMap<object, Work>();
function workOf(page: object): Work {
  let w = works.get(page);
  if (!w) works.set(page, (w = { uploading: Promise.resolve(), key: newClientId(), slot: 0 }));
  return w;
}

/**
 * 修改走访记录: the volunteer corrects her own check-in (opened from 走访记录 with ?id=, the entry
 * handed over in storage). Within the correction window it is changed at once; later it becomes a
 * request staff approve — the page says which. From home's quick check-in it opens with ?add=1: the
 * same form, to add what she did not write at the time (notes, the child's state, the checklist where
 * her rule has one, photos), the reason filled in.
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
    /** the checklist's keys she ticked, and the items shown (none where the check-in's rule has no checklist) */
    ticks: [] as string[],
    checklist: [] as { key: string; group: string; label: string; on: boolean }[],
    /** fileIDs sent with the correction, and what shows each (a link, or the photo just chosen on the phone) */
    photos: [] as string[],
    thumbs: [] as string[],
    maxPhotos: MAX_PHOTOS,
    photoBusy: false,
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
      this.setData({ item, done: '', error: '', adding, form, mine, conflict: mine ? differences(item, formOf(item), form, mine) : [], ...detailsOf(item) });
      void this.loadChecklist();
    },
    /** The child's checklist from her home data (visit.mine): shown only where the check-in's rule has one. */
    async loadChecklist() {
      const item = this.data.item;
      if (!item) return;
      try {
        const mine = await call('visit', 'mine', {});
        workOf(this).rules = mine.children.find((c) => c.childId === item.childId);
        this.showChecklist();
      } catch {
        // without it the form still corrects the rest; the stored ticks are sent back as they were
      }
    },
    showChecklist() {
      const kind = this.data.mine?.kind ?? this.data.item?.kind ?? '';
      this.setData({ checklist: checklistFor(workOf(this).rules, kind, this.data.ticks) });
    },
    onCheck(e: WechatMiniprogram.TouchEvent) {
      this.setData({ ticks: toggle(this.data.ticks, (e.currentTarget.dataset as { key: string }).key) });
      this.showChecklist();
    },
    onPhoto() {
      const room = MAX_PHOTOS - this.data.photos.length;
      if (room <= 0) return void this.setData({ error: `最多${MAX_PHOTOS}张照片` });
      void choosePhotos(room, wx.chooseMedia && ((o) => wx.chooseMedia(o))).then((files) => {
        if (!files.length) return;
        this.setData({ photoBusy: true, error: '' });
        const w = workOf(this);
        w.uploading = w.uploading.then(() => this.addPhotos(files));
      });
    },
    /** A correction is sent online: each chosen photo is uploaded at once; one that fails is left out and she is told. */
    async addPhotos(files: { tempFilePath: string; size: number }[]) {
      const w = workOf(this);
      let failed = 0;
      for (const f of files) {
        if (this.data.photos.length >= MAX_PHOTOS) break;
        try {
          const fileId = await upload(await smallerPhoto(f.tempFilePath, f.size ?? 0), photoCloudPath(w.key, w.slot++));
          this.setData({ photos: [...this.data.photos, fileId], thumbs: [...this.data.thumbs, f.tempFilePath] });
        } catch {
          failed++;
        }
      }
      this.setData({ photoBusy: false, ...(failed ? { error: `有${failed}张照片没能上传，请检查网络后重新添加` } : {}) });
    },
    onRemovePhoto(e: WechatMiniprogram.TouchEvent) {
      const at = Number((e.currentTarget.dataset as { index: number }).index);
      this.setData({ photos: this.data.photos.filter((_, i) => i !== at), thumbs: this.data.thumbs.filter((_, i) => i !== at) });
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
      await workOf(this).uploading; // photos still uploading go with it
      try {
        const r = await call('visit', 'correct', {
          // the version this page was opened with: a check-in changed since is refused (CONFLICT), never overwritten
          id: item.id, version: item.version, kind: (this.data.mine?.kind ?? item.kind) as Input<'visit', 'correct'>['kind'], at: this.data.mine?.at ?? item.at, durationMinutes: minutes, withWhom: f.withWhom.trim(), problems: f.problems.trim(), measures: f.measures.trim(),
          childState: { health: f.health.trim(), study: f.study.trim(), mood: f.mood.trim() }, checklist: this.data.ticks, photos: this.data.photos, location: item.location, reason: f.reason.trim(),
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
          // ticks and photos as for the fields: hers where she changed them, else the stored ones
          const seen = detailsOf(item);
          const details = detailsOf(fresh);
          const ticks = same(seen.ticks, this.data.ticks) ? details.ticks : this.data.ticks;
          const pics = same(seen.photos, this.data.photos) ? { photos: details.photos, thumbs: details.thumbs } : { photos: this.data.photos, thumbs: this.data.thumbs };
          this.setData({ item: fresh, form, ticks, ...pics, conflict: differences(fresh, formOf(fresh), form, this.data.mine ?? undefined) });
          this.showChecklist();
        }
        this.setData({ error: err instanceof ApiError ? err.message : '提交失败，请稍后再试' });
      }
      this.setData({ sending: false });
    },
  },
});
