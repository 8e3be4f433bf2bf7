import type { FormNode, Option } from '../../../../../src/programmes/form';
import { fontScale } from '../../../../behaviors/font-scale';
import { blankOf, currentDraft, itemTitle, nodeAt, problemsUnder, removeAt, resolved, setAt, split, valueAt } from '../../programme-draft';

/**
 * One level of the programme editor: the fields of an object (a rule, the wish rules…) edited in
 * place, each deeper part one tap further, or the items of a list with 添加一项. The form is the
 * programme schema's (programme-draft.ts); the server checks the whole draft on the save page.
 */
interface Row {
  key: string;
  path: string;
  label: string;
  kind: FormNode['kind'];
  /** text and number fields */
  text: string;
  on: boolean;
  value: string | number | null;
  values: (string | number)[];
  options: Option[];
  /** a deeper part: what it holds now */
  summary: string;
  nested: boolean;
  /** a part that may be left unset (null) and is */
  unset: boolean;
  clearable: boolean;
  problem: string;
  numeric: boolean;
  nullable: boolean;
  optional: boolean;
}

const isNested = (n: FormNode) => n.kind === 'object' || n.kind === 'list' || n.kind === 'counts' || n.kind === 'variants';

function summaryOf(node: FormNode, v: unknown): string {
  if (v === null || v === undefined) return '未设置';
  if (Array.isArray(v)) return v.length ? `${v.length}项` : '暂无';
  if (node.kind === 'counts') {
    const parts = node.options.filter((o) => typeof (v as Record<string, unknown>)[o.value] === 'number').map((o) => `${o.label} ${(v as Record<string, number>)[o.value]}`);
    return parts.join('、') || '暂无';
  }
  return '查看修改';
}

function rowOf(path: string, field: FormNode, v: unknown): Row {
  const problems = problemsUnder(path);
  const unset = (field.nullable || !!field.optional) && (v === null || v === undefined);
  return {
    key: field.key,
    path,
    label: field.label,
    kind: field.kind,
    text: v === null || v === undefined ? '' : String(v),
    on: v === true,
    value: typeof v === 'string' || typeof v === 'number' ? v : null,
    values: Array.isArray(v) ? (v as (string | number)[]) : [],
    options: 'options' in field ? field.options : [],
    summary: summaryOf(field, v),
    nested: isNested(field),
    unset: isNested(field) && unset,
    clearable: isNested(field) && !!field.nullable && !unset,
    problem: problems.length ? problems.map((p) => p.message).join('；') : '',
    numeric: field.kind === 'int',
    nullable: !!field.nullable,
    optional: !!field.optional,
  };
}

Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    missing: false,
    path: '',
    title: '',
    kind: 'object' as FormNode['kind'],
    rows: [] as Row[],
    /** list pages: the items */
    items: [] as { index: number; title: string; path: string; problem: string }[],
    /** a list of plain texts (表头 …) edited in place */
    textItems: false,
    /** this page is one item of a list: it may be deleted */
    itemOf: '',
    itemIndex: -1,
    variantOptions: [] as Option[],
    variant: '',
    problemCount: 0,
  },
  methods: {
    onLoad(query: { path?: string } = {}) {
      this.setData({ path: query.path ?? '' });
      this.render();
    },
    onShow() {
      if (!this.data.loading) this.render();
    },
    render() {
      const path = this.data.path as string;
      const node = nodeAt(path);
      if (!node || !currentDraft()) return this.setData({ loading: false, missing: true });
      const keys = split(path);
      const parentPath = keys.slice(0, -1).join('.');
      const parent = keys.length ? nodeAt(parentPath) : null;
      const inList = parent?.kind === 'list';
      const value = valueAt(path);
      const data: Record<string, unknown> = {
        loading: false,
        missing: false,
        kind: node.kind,
        title: inList ? `${parent!.label}：${itemTitle(value, Number(keys[keys.length - 1]), node)}` : node.label,
        itemOf: inList ? parentPath : '',
        itemIndex: inList ? Number(keys[keys.length - 1]) : -1,
        problemCount: problemsUnder('').length,
        rows: [],
        items: [],
        textItems: false,
        variantOptions: [],
        variant: '',
      };
      const at = (k: string) => (path ? `${path}.${k}` : k);
      if (node.kind === 'object') {
        const o = (value ?? {}) as Record<string, unknown>;
        data.rows = node.fields.map((f) => rowOf(at(f.key), f, o[f.key]));
        const raw = parent?.kind === 'list' ? parent.item : null;
        if (raw?.kind === 'variants') {
          data.variantOptions = raw.variants.map((v) => ({ value: v.value, label: v.label }));
          data.variant = String(o[raw.tag] ?? raw.variants[0].value);
        }
      } else if (node.kind === 'list') {
        const list = Array.isArray(value) ? value : [];
        const item = resolved(node.item, undefined);
        data.textItems = item.kind === 'text' || item.kind === 'int';
        data.items = list.map((v, i) => ({ index: i, title: data.textItems ? String(v ?? '') : itemTitle(v, i, resolved(node.item, v)), path: at(String(i)), problem: problemsUnder(at(String(i))).map((p) => p.message).join('；') }));
      } else if (node.kind === 'counts') {
        const o = (value ?? {}) as Record<string, unknown>;
        data.rows = node.options.map((opt) => rowOf(at(String(opt.value)), { ...node.value, key: String(opt.value), label: opt.label, optional: true }, o[opt.value]));
      }
      this.setData(data);
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const { path, kind, nullable, optional } = e.currentTarget.dataset as { path: string; kind: string; nullable: boolean; optional: boolean };
      const text = (e.detail.value ?? '').trim();
      let v: unknown = text;
      if (text === '') v = nullable ? null : optional ? undefined : '';
      // a number stays as typed when it is not one: the check on the save page names the field
      else if (kind === 'int') v = /^-?\d+$/.test(text) ? Number(text) : text;
      setAt(path, v);
    },
    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      setAt(e.currentTarget.dataset.path as string, e.detail.value);
      this.render();
    },
    onChoice(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      setAt(e.currentTarget.dataset.path as string, e.detail.value);
      this.render();
    },
    onChoices(e: WechatMiniprogram.CustomEvent<{ value: (string | number)[] }>) {
      setAt(e.currentTarget.dataset.path as string, e.detail.value);
      this.render();
    },
    onVariant(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const path = this.data.path as string;
      const raw = nodeAt(this.data.itemOf as string);
      if (raw?.kind !== 'list' || raw.item.kind !== 'variants') return;
      const tag = raw.item.tag;
      const chosen = raw.item.variants.find((v) => v.value === e.detail.value);
      if (!chosen) return;
      // the fields both kinds share are kept; the new kind's own start empty
      setAt(path, { ...(blankOf(chosen.node) as object), ...(valueAt(path) as object), [tag]: chosen.value });
      this.render();
    },
    onCell(e: WechatMiniprogram.TouchEvent) {
      if (e.currentTarget.dataset.unset) this.onEnable(e);
      else this.onOpen(e);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/admin/pages/programme-edit/index?path=${e.currentTarget.dataset.path as string}` });
    },
    /** A part left unset (no quotas, no report calendar …) is set up empty, then opened. */
    onEnable(e: WechatMiniprogram.TouchEvent) {
      const path = e.currentTarget.dataset.path as string;
      const node = nodeAt(path);
      if (!node) return;
      setAt(path, blankOf(node));
      this.render();
      wx.navigateTo({ url: `/packages/admin/pages/programme-edit/index?path=${path}` });
    },
    onClear(e: WechatMiniprogram.TouchEvent) {
      const path = e.currentTarget.dataset.path as string;
      wx.showModal({
        title: '不再设置此项？',
        content: '清除后本项目不再有这部分规则，保存前仍可重新设置。',
        confirmText: '清除',
        success: (r) => {
          if (!r.confirm) return;
          setAt(path, null);
          this.render();
        },
      });
    },
    onAdd() {
      const path = this.data.path as string;
      const node = nodeAt(path);
      if (node?.kind !== 'list') return;
      const list = Array.isArray(valueAt(path)) ? (valueAt(path) as unknown[]) : [];
      setAt(path, [...list, blankOf(node.item)]);
      this.render();
      if (!this.data.textItems) wx.navigateTo({ url: `/packages/admin/pages/programme-edit/index?path=${path}.${list.length}` });
    },
    onRemoveText(e: WechatMiniprogram.TouchEvent) {
      removeAt(this.data.path as string, Number(e.currentTarget.dataset.index));
      this.render();
    },
    onRemove() {
      wx.showModal({
        title: '删除这一项？',
        content: '删除后保存新版本时生效。',
        confirmText: '删除',
        success: (r) => {
          if (!r.confirm) return;
          removeAt(this.data.itemOf as string, this.data.itemIndex as number);
          wx.navigateBack();
        },
      });
    },
    onCheck() {
      wx.navigateTo({ url: '/packages/admin/pages/programme-save/index' });
    },
  },
});
