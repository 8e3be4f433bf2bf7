import { call, ApiError } from '../../../../services/api';
import { isFileId, keepOnDevice, removeLocal, upload } from '../../../../services/upload';
import { askSubscription } from '../../../../services/subscribe';
import { chinaDate, chinaInstant, chinaTime } from '../../../../utils/china-time';
import { conflicts, correctionUrl, flush, newClientId, pending, photoCloudPath, PHOTO_PREFIX, send, sweep, waitingPhotos, type PendingCheckIn } from '../../../../services/visit-outbox';
import { checklistFor, choosePhotos, MAX_PHOTOS, toggle, type ChecklistRule } from '../../../../services/visit-details';
import { fontScale } from '../../../../behaviors/font-scale';

type Due = { label: string; periodLabel: string; done: number; required: number; status: string; statusLabel: string; dueDate: string };
type Child = ChecklistRule & { childId: string; givenName: string; items: Due[]; checklistCounted?: boolean };
const DURATIONS = [15, 30, 60, 120];
/** Photo work per form (keyed by clientId), each chained in order: saving on the phone (submit waits
 * for it) and uploading right away (submit waits a little; the outbox uploads whatever is left). */
const saving = new Map<string, Promise<void>>();
const uploading = new Map<string, Promise<void>>();
const UPLOAD_WAIT_MS = 5000;
/** each page's bound network listener, so detached() can take off exactly that one */
const listeners = new WeakMap<object, (res: { isConnected: boolean }) => void>();
const chain = (m: Map<string, Promise<void>>, key: string, next: () => Promise<void>) => m.set(key, (m.get(key) ?? Promise.resolve()).then(next));
/** Waits for `p`, at most `ms`. */
function within(p: Promise<void> | undefined, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}
const localCount = (photos: string[]) => photos.filter((p) => p && !isFileId(p)).length;
const droppedNote = (n: number) => (n ? `有${n}张照片没能上传（在手机上找不到了，或多次上传失败），打卡已发出，没有附这${n}张照片` : '');
/** Today and now in China's civil time, whatever the phone's zone. */
function nowParts(): { date: string; time: string } {
  const t = Date.now();
  return { date: chinaDate(t), time: chinaTime(t) };
}
const blankForm = () => ({
  kind: '', ...nowParts(), durationMinutes: 30, withWhom: '', problems: '', measures: '', health: '', study: '', mood: '',
  checklist: [] as string[], photos: [] as string[], thumbs: [] as string[], location: null as { latitude: number; longitude: number } | null, flagOn: false, flag: '',
});

/**
 * 走访打卡: under a minute — pick the child (one is picked for her), tap a big kind button, today's
 * date and the time are filled in, send. Without a network the check-in stays on the phone with its
 * clientId and is sent when the network returns; a resend is recorded once.
 */
Component({
  behaviors: [fontScale],
  data: {
    children: [] as Child[],
    childId: '',
    kinds: [] as { code: string; label: string }[],
    durations: DURATIONS,
    form: blankForm(),
    /** Made per form in onLoad / onAnother (never in this shared default). */
    clientId: '',
    checklist: [] as { key: string; group: string; label: string; on: boolean }[],
    checklistCounted: false,
    /** 本期待办 of the chosen child: what is due this period, from the counters. */
    due: [] as Due[],
    serviceHours: 0,
    /** the reminder template (visit.mine): asked for on the submit tap, one acceptance = one reminder */
    reminderTemplateId: null as string | null,
    outbox: 0,
    /** photos of kept check-ins still on the phone */
    outboxPhotos: 0,
    /** photos of this form not yet uploaded (saved on the phone) */
    photosWaiting: 0,
    photoBusy: false,
    /** e.g. a kept photo that could not be read any more */
    note: '',
    conflicts: 0,
    busy: false,
    error: '',
    done: '' as '' | 'sent' | 'kept',
    /** the check-in just sent, for 分享到服务队群 (none while it waits in the outbox) */
    sentId: '',
    sentKind: '',
    hint: '',
  },
  lifetimes: {
    detached() {
      const listener = listeners.get(this);
      if (listener) wx.offNetworkStatusChange?.(listener as never);
      // photos of a form left unsent: removed unless a kept check-in refers to them
      if (this.data.form.thumbs.length) sweep();
    },
  },
  methods: {
    async onLoad(query: { childId?: string }) {
      this.setData({ childId: query?.childId ?? '', ...this.outboxCounts(), clientId: newClientId(), form: blankForm() });
      sweep();
      // a card shared with a shareTicket lets the group's page learn which group it was opened in
      wx.showShareMenu?.({ withShareTicket: true, menus: ['shareAppMessage'] });
      const listener = this.onNetwork.bind(this);
      listeners.set(this, listener);
      wx.onNetworkStatusChange?.(listener as never);
      await this.resend();
      try {
        const mine = await call('visit', 'mine', {});
        const children = mine.children as Child[];
        const childId = this.data.childId || (children.length === 1 ? children[0].childId : '');
        this.setData({ children, kinds: mine.kinds, childId, serviceHours: mine.serviceHours, reminderTemplateId: mine.reminderTemplateId, hint: children.length ? '' : '您还没有结对的孩子' });
        this.refreshChecklist();
      } catch (err) {
        this.setData({ hint: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
    },
    onShow() {
      void this.resend();
    },
    onNetwork(res: { isConnected: boolean }) {
      if (res.isConnected) void this.resend();
    },
    outboxCounts() {
      return { outbox: pending().length, outboxPhotos: waitingPhotos(), conflicts: conflicts().length };
    },
    async resend() {
      if (!pending().length) return void this.setData({ conflicts: conflicts().length }); // back from a correction: one fewer
      const r = await flush();
      const mine = this.data.done === 'kept' ? r.ids[this.data.clientId] : undefined; // the one this page kept went
      // a kept check-in the server refused (e.g. changed since it was first sent) is gone from the phone: say why
      const note = [r.dropped ? droppedNote(r.dropped) : '', ...r.refused.map((m) => `有一条补发的打卡未保存：${m}`)].filter(Boolean).join('\n');
      this.setData({ ...this.outboxCounts(), ...(note ? { note } : {}), ...(mine ? { done: 'sent', sentId: mine } : {}) });
      if (r.sent) wx.showToast?.({ title: `已补发${r.sent}条打卡`, icon: 'none' });
      return r;
    },
    /** 查看并更正: the stored record beside her resent version, on 修改走访记录. */
    onConflict() {
      const c = conflicts()[0];
      if (c) wx.navigateTo({ url: correctionUrl(c, (k) => this.data.kinds.find((x) => x.code === k)?.label ?? k) });
    },
    async onRetry() {
      const r = await this.resend();
      if (r?.left) wx.showToast?.({ title: '还是没有网络，有网络时会自动上传', icon: 'none' });
    },
    refreshChecklist() {
      const child = this.data.children.find((c) => c.childId === this.data.childId);
      this.setData({ due: child ? child.items.filter((i) => i.status !== 'done') : [] });
      this.setData({ checklist: checklistFor(child, this.data.form.kind, this.data.form.checklist), checklistCounted: !!child?.checklistCounted });
    },
    onChild(e: WechatMiniprogram.TouchEvent) {
      this.setData({ childId: (e.currentTarget.dataset as { id: string }).id });
      this.refreshChecklist();
    },
    onKind(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.kind': (e.currentTarget.dataset as { code: string }).code, 'form.checklist': [] });
      this.refreshChecklist();
    },
    onDuration(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.durationMinutes': Number((e.currentTarget.dataset as { value: number }).value) });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = (e.currentTarget.dataset as { key: string }).key;
      this.setData({ [`form.${key}`]: e.detail.value });
    },
    onCheck(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.checklist': toggle(this.data.form.checklist, (e.currentTarget.dataset as { key: string }).key) });
      this.refreshChecklist();
    },
    onFlag(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.flagOn': !!e.detail.value });
    },
    onLocation() {
      wx.getFuzzyLocation?.({
        type: 'wgs84',
        success: (r: { latitude: number; longitude: number }) =>
          this.setData({ 'form.location': { latitude: Math.round(r.latitude * 100) / 100, longitude: Math.round(r.longitude * 100) / 100 } }),
        fail: () => this.setData({ error: '未能获取大致位置，可不填' }),
      });
    },
    onPhoto() {
      const room = MAX_PHOTOS - this.data.form.photos.length;
      if (room <= 0) return void this.setData({ error: `最多${MAX_PHOTOS}张照片` });
      void choosePhotos(room, wx.chooseMedia && ((o) => wx.chooseMedia(o))).then((files) => {
        if (!files.length) return;
        const clientId = this.data.clientId;
        this.setData({ photoBusy: true, error: '' });
        chain(saving, clientId, () => this.addPhotos(clientId, files));
      });
    },
    /** Saves the chosen photos on the phone (thumbnails at once), then queues an upload try. */
    async addPhotos(clientId: string, files: { tempFilePath: string; size: number }[]) {
      const start = this.data.form.photos.length;
      const kept: string[] = [];
      for (const f of files.slice(0, Math.max(0, MAX_PHOTOS - start))) {
        kept.push(await keepOnDevice(f.tempFilePath, f.size ?? 0, `${PHOTO_PREFIX}${clientId}-${start + kept.length}`));
      }
      if (clientId !== this.data.clientId) return kept.forEach(removeLocal); // the form was reset meanwhile
      const photos = [...this.data.form.photos, ...kept];
      this.setData({ 'form.photos': photos, 'form.thumbs': [...this.data.form.thumbs, ...kept], photosWaiting: localCount(photos) });
      chain(uploading, clientId, () => this.uploadNow(clientId));
    },
    /** Uploads the form's photos still on the phone, each to its slot's cloud path; stops at the first failure (offline). */
    async uploadNow(clientId: string) {
      for (let slot = 0; slot < this.data.form.photos.length; slot++) {
        const p = this.data.form.photos[slot];
        if (isFileId(p)) continue;
        try {
          const fileId = await upload(p, photoCloudPath(clientId, slot));
          if (clientId !== this.data.clientId) return;
          this.setData({ [`form.photos[${slot}]`]: fileId });
        } catch {
          break; // the rest wait on the phone too
        }
      }
      if (clientId === this.data.clientId) this.setData({ photoBusy: false, photosWaiting: localCount(this.data.form.photos) });
    },
    async onSubmit() {
      if (this.data.busy) return; // a double tap
      const f = this.data.form;
      if (!this.data.childId) return void this.setData({ error: '请选择孩子' });
      if (!f.kind) return void this.setData({ error: '请选择走访方式' });
      if (f.flagOn && !f.flag.trim()) return void this.setData({ error: '请填写需要关注的原因' });
      const at = new Date(chinaInstant(f.date, f.time));
      if (Number.isNaN(at.getTime())) return void this.setData({ error: '请选择走访日期和时间' });
      if (at.getTime() > Date.now() + 5 * 60_000) return void this.setData({ error: '走访时间不能晚于现在' });
      // asked on this tap (WeChat's rule): one acceptance lets the morning timer remind her once
      const subscribe = askSubscription(this.data.reminderTemplateId);
      this.setData({ busy: true, error: '' });
      const clientId = this.data.clientId;
      await saving.get(clientId);
      await within(uploading.get(clientId), UPLOAD_WAIT_MS);
      saving.delete(clientId);
      uploading.delete(clientId);
      const item: PendingCheckIn = {
        clientId: this.data.clientId, childId: this.data.childId, kind: f.kind as PendingCheckIn['kind'], at: at.toISOString(),
        durationMinutes: f.durationMinutes, withWhom: f.withWhom.trim(), problems: f.problems.trim(), measures: f.measures.trim(),
        childState: { health: f.health.trim(), study: f.study.trim(), mood: f.mood.trim() }, checklist: f.checklist, photos: this.data.form.photos,
        location: f.location, flag: f.flagOn ? f.flag.trim() : '', files: this.data.form.thumbs,
      };
      try {
        item.subscribe = await subscribe;
        const result = await send(item);
        const kind = this.data.kinds.find((k) => k.code === item.kind)?.label ?? '';
        this.setData({ busy: false, done: result.state, sentId: result.id ?? '', sentKind: kind, ...this.outboxCounts(), note: droppedNote(result.dropped) });
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    },
    onAnother() {
      this.setData({ form: blankForm(), clientId: newClientId(), done: '', sentId: '', sentKind: '', error: '', note: '', photosWaiting: 0, photoBusy: false });
      this.refreshChecklist();
    },
    /** 分享到服务队群: the card opens team-entry, which shows the activity, her name and the child's alias only. */
    onShareAppMessage() {
      if (!this.data.sentId) return { title: '爱心妈妈走访打卡', path: '/packages/volunteer/pages/checkin-team/index' };
      return { title: `爱心妈妈走访动态：${this.data.sentKind}`, path: `/packages/volunteer/pages/team-entry/index?id=${this.data.sentId}` };
    },
    onBack() {
      wx.navigateBack?.({});
    },
  },
});
