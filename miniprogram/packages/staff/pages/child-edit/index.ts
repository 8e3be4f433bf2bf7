import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { FIELDS, SECTIONS, patchOf, valuesOf, type FormField } from '../child-common/form';
import { fontScale } from '../../../../behaviors/font-scale';

type Options = Output<'child', 'options'>;
type Choice = { code: string; label: string };
type ViewField = FormField & { choices: Choice[] };
const BOOL: Choice[] = [{ code: 'true', label: '是' }, { code: 'false', label: '否' }];

/** The one- and yes/no-choices as strings, so WXML can mark the chosen chip. */
function selected(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS) if ((f.type === 'one' || f.type === 'bool') && values[f.key] !== null && values[f.key] !== undefined) out[f.key] = String(values[f.key]);
  return out;
}

/** Create or edit a child's file. Only changed fields are sent; numbers are re-entered, never shown. */
Component({
  behaviors: [fontScale],
  properties: { id: { type: String, value: '' } },
  data: {
    loading: true,
    saving: false,
    error: '',
    isNew: true,
    sections: [] as { title: string; fields: ViewField[] }[],
    values: {} as Record<string, unknown>,
    initial: {} as Record<string, unknown>,
    hints: {} as Record<string, string>,
    sel: {} as Record<string, string>,
    version: 0,
    orgs: [] as Choice[],
    orgNames: [] as string[],
    orgIndex: -1,
    initialOrgIndex: -1,
    reason: '',
  },
  methods: {
    async onLoad(query?: { id?: string }) {
      if (query?.id) this.setData({ id: query.id });
      try {
        const options: Options = await call('child', 'options', {});
        const orgs = options.orgs.filter((o) => o.canHoldChildren).map((o) => ({ code: o.code, label: o.name }));
        const sections = SECTIONS.map((s) => ({
          title: s.title,
          fields: s.fields.map((f) => ({ ...f, choices: f.type === 'bool' ? BOOL : options.enums[f.key] ?? [] })),
        }));
        let form = valuesOf({});
        let version = 0;
        let orgIndex = orgs.length === 1 ? 0 : -1;
        if (this.data.id) {
          const file = await call('child', 'get', { id: this.data.id });
          form = valuesOf(file.fields as unknown as Record<string, unknown>);
          version = file.version;
          orgIndex = orgs.findIndex((o) => o.code === file.orgCode);
          wx.setNavigationBarTitle({ title: `修改${file.fields.name}的档案` });
        } else wx.setNavigationBarTitle({ title: '新增儿童档案' });
        this.setData({
          loading: false, isNew: !this.data.id, sections, orgs, orgNames: orgs.map((o) => o.label), orgIndex, initialOrgIndex: orgIndex,
          values: form.values, initial: form.values, hints: form.hints, sel: selected(form.values), version,
        });
      } catch (err) {
        this.setData({ loading: false, error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
    },
    set(key: string, value: unknown) {
      const values = { ...this.data.values, [key]: value }; // keys hold dots: never a setData path
      this.setData({ values, sel: selected(values), error: '' });
    },
    onInput(e: WechatMiniprogram.Input) {
      this.set(e.currentTarget.dataset.key as string, e.detail.value);
    },
    onPick(e: WechatMiniprogram.PickerChange) {
      this.set(e.currentTarget.dataset.key as string, String(e.detail.value));
    },
    onChoice(e: WechatMiniprogram.TouchEvent) {
      const { key, value, type } = e.currentTarget.dataset as { key: string; value: string; type: string };
      const next = type === 'bool' ? value === 'true' : value;
      this.set(key, this.data.values[key] === next ? null : next); // a second tap clears the choice
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const { key, value } = e.currentTarget.dataset as { key: string; value: string };
      const list = (this.data.values[key] as string[]) ?? [];
      this.set(key, list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
    },
    onOrg(e: WechatMiniprogram.PickerChange) {
      this.setData({ orgIndex: Number(e.detail.value) });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },
    async onSave() {
      const patch = patchOf(this.data.values, this.data.initial);
      const org = this.data.orgs[this.data.orgIndex];
      if (!org) return this.setData({ error: '请选择所属村（社区）' });
      this.setData({ saving: true, error: '' });
      try {
        if (this.data.isNew) {
          const res = await call('child', 'create', { ...(patch as object), orgCode: org.code } as never);
          wx.redirectTo({ url: `/packages/staff/pages/child-detail/index?id=${res.id}` });
          return;
        }
        const moved = this.data.orgIndex !== this.data.initialOrgIndex;
        if (!Object.keys(patch).length && !moved) return wx.showToast({ title: '没有修改', icon: 'none' });
        const res = await call('child', 'update', {
          id: this.data.id, version: this.data.version, patch: patch as never,
          ...(moved ? { orgCode: org.code } : {}), ...(this.data.reason.trim() ? { reason: this.data.reason.trim() } : {}),
        });
        wx.showToast({ title: `已保存${res.changes.length}项修改`, icon: 'none' });
        wx.navigateBack();
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '保存失败，请重试' });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
