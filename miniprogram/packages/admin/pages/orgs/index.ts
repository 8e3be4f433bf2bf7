import { call, ApiError } from '../../../../services/api';
import { ORG_LEVEL_LABELS } from '../../../../utils/labels';
import { childLevels, newOrgCode, treeRows, type TreeRow } from '../../tree';
import { fontScale } from '../../../../behaviors/font-scale';

/**
 * 组织架构: the org tree of the caller's scope (an admin's whole tree, a staff member's own node and
 * below). Tapping a node opens its panel: rename it, or add a node one level below. For admins and
 * staff holding org.manage; the server checks scope and permission again on every change.
 */
const fail = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    allowed: false,
    error: '',
    message: '',
    busy: false,
    rows: [] as TreeRow[],
    rootCode: '',
    selected: '',
    selectedName: '',
    selectedLevel: '',
    renameName: '',
    levels: [] as { value: string; label: string }[],
    newLevel: '',
    newName: '',
  },
  methods: {
    async onLoad() {
      try {
        const { me } = await call('account', 'login', {});
        const allowed = me.roles.includes('admin') || !!me.staff?.permissions.includes('org.manage');
        if (!allowed) return void this.setData({ loading: false, allowed: false });
        const rootCode = me.roles.includes('admin') ? '' : (me.staff?.orgCode ?? '');
        this.setData({ allowed: true, rootCode });
        await this.reload();
      } catch (err) {
        this.setData({ loading: false, error: fail(err, '加载失败，请重试') });
      }
    },
    async reload() {
      const rootCode = this.data.rootCode as string;
      const { nodes } = await call('account', 'listOrgs', rootCode ? { rootCode } : {});
      this.setData({ loading: false, rows: treeRows(nodes) });
    },
    onSelect(e: WechatMiniprogram.CustomEvent) {
      const row = (this.data.rows as TreeRow[]).find((r) => r.code === (e.currentTarget.dataset.code as string));
      if (!row) return;
      const levels = childLevels(row.level).map((value) => ({ value, label: ORG_LEVEL_LABELS[value] ?? value }));
      this.setData({ selected: row.code, selectedName: row.name, selectedLevel: row.levelLabel, renameName: row.name, levels, newLevel: levels[0]?.value ?? '', newName: '', error: '', message: '' });
    },
    onRenameInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ renameName: e.detail.value, error: '' });
    },
    onLevel(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newLevel: e.detail.value, error: '' });
    },
    onNameInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newName: e.detail.value, error: '' });
    },
    async onRename() {
      const name = (this.data.renameName as string).trim();
      if (!name) return void this.setData({ error: '请填写组织名称' });
      if (name === this.data.selectedName) return void this.setData({ error: '名称没有变化' });
      this.setData({ busy: true, error: '', message: '' });
      try {
        await call('account', 'renameOrg', { code: this.data.selected as string, name });
        await this.reload();
        this.setData({ busy: false, selectedName: name, message: `已改名为「${name}」` });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, '保存失败，请重试') });
      }
    },
    async onAdd() {
      const name = (this.data.newName as string).trim();
      if (!name) return void this.setData({ error: '请填写下级组织的名称' });
      if (!this.data.newLevel) return void this.setData({ error: '请选择下级组织的层级' });
      const rows = this.data.rows as TreeRow[];
      const root = rows[0]?.code ?? (this.data.selected as string);
      this.setData({ busy: true, error: '', message: '' });
      try {
        await call('account', 'createOrg', { code: newOrgCode(root), name, level: this.data.newLevel as never, parentCode: this.data.selected as string });
        await this.reload();
        this.setData({ busy: false, newName: '', message: `已在「${this.data.selectedName}」下添加「${name}」` });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, '添加失败，请重试') });
      }
    },
  },
});
