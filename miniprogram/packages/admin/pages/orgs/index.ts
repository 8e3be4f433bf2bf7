import { call, ApiError } from '../../../../services/api';
import { upload } from '../../../../services/upload';
import type { Output } from '../../../../../src/contract';
import { ORG_LEVEL_LABELS } from '../../../../utils/labels';
import { childLevels, newOrgCode, treeRows, type TreeRow } from '../../tree';
import { moveTargets, orgImportPrefix, type Choice, type PageNode } from './move';
import { fontScale } from '../../../../behaviors/font-scale';

/**
 * 组织架构: the org tree of the caller's scope (an admin's whole tree, a staff member's own node and
 * below), closed (已撤销) nodes included and marked. Tapping a node opens its panel: rename it, add
 * a node one level below, move it under another parent, close it (after a confirm), or reopen a
 * closed one; a move left unfinished is offered to finish. Below the tree, a sheet (编码, 名称, 层级,
 * 上级编码) chosen from a chat is checked, then imported. For admins and staff holding org.manage;
 * the server checks scope and permission again on every change.
 */
const fail = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

type Row = TreeRow & { closed: boolean; moving: boolean };
type ImportReport = Output<'account', 'importOrgs'>;
/** The nodes as last listed (not render data: the rows are). */
const listed = new WeakMap<object, PageNode[]>();

Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    allowed: false,
    error: '',
    message: '',
    busy: false,
    rows: [] as Row[],
    rootCode: '',
    selected: '',
    selectedName: '',
    selectedLevel: '',
    /** the selected node is the top of what the caller sees: not moved or closed from here */
    selectedTop: false,
    selectedClosed: false,
    /** the new parent of the selected node's unfinished move ('' when none) */
    movingTo: '',
    movingToName: '',
    moveChoices: [] as Choice[],
    moveNames: [] as string[],
    moveIndex: -1,
    uploadPrefix: '',
    fileID: '',
    fileName: '',
    importing: false,
    report: null as ImportReport | null,
    checked: false,
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
        this.setData({ allowed: true, rootCode, uploadPrefix: orgImportPrefix(me.userId) });
        await this.reload();
      } catch (err) {
        this.setData({ loading: false, error: fail(err, '加载失败，请重试') });
      }
    },
    async reload() {
      const rootCode = this.data.rootCode as string;
      const { nodes } = await call('account', 'listOrgs', { ...(rootCode ? { rootCode } : {}), includeClosed: true });
      listed.set(this, nodes);
      const byCode = new Map(nodes.map((n) => [n.code, n as PageNode]));
      const rows: Row[] = treeRows(nodes).map((r) => ({ ...r, closed: !!byCode.get(r.code)?.closed, moving: !!byCode.get(r.code)?.movingTo }));
      this.setData({ loading: false, rows });
      if (this.data.selected) this.select(this.data.selected as string, false);
    },
    onSelect(e: WechatMiniprogram.CustomEvent) {
      this.select(e.currentTarget.dataset.code as string, true);
    },
    /** Opens a node's panel (fresh: its inputs cleared, as on a tap; else kept, after a reload). */
    select(code: string, fresh: boolean) {
      const nodes = listed.get(this) ?? [];
      const row = (this.data.rows as Row[]).find((r) => r.code === code);
      const node = nodes.find((n) => n.code === code);
      if (!row || !node) return void this.setData({ selected: '' });
      const levels = row.closed ? [] : childLevels(row.level).map((value) => ({ value, label: ORG_LEVEL_LABELS[value] ?? value }));
      const moveChoices = row.depth === 0 || row.closed ? [] : moveTargets(nodes, code);
      const movingTo = node.movingTo ?? '';
      this.setData({
        selected: row.code, selectedName: row.name, selectedLevel: row.levelLabel, selectedTop: row.depth === 0, selectedClosed: row.closed,
        movingTo, movingToName: nodes.find((n) => n.code === movingTo)?.name ?? movingTo,
        levels, moveChoices, moveNames: moveChoices.map((c) => c.label),
        ...(fresh ? { renameName: row.name, newLevel: levels[0]?.value ?? '', newName: '', moveIndex: -1, error: '', message: '' } : {}),
      });
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
    onMovePick(e: WechatMiniprogram.PickerChange) {
      this.setData({ moveIndex: Number(e.detail.value), error: '' });
    },
    onMove() {
      const target = (this.data.moveChoices as Choice[])[this.data.moveIndex as number];
      if (!target) return void this.setData({ error: '请先选择新的上级组织' });
      const name = this.data.selectedName as string;
      wx.showModal({
        title: '调整上级组织',
        content: `把「${name}」及其下级组织调整到「${target.label}」下？其中的儿童、爱心妈妈、结对和工作人员随之调整，原上级组织不再管辖。`,
        confirmText: '调整',
        success: (res: { confirm: boolean }) => { if (res.confirm) void this.move(target.code, `已将「${name}」调整到「${target.label}」下`); },
      });
    },
    onResume() {
      void this.move(this.data.movingTo as string, `「${this.data.selectedName}」的调整已完成`);
    },
    async move(parentCode: string, done: string) {
      this.setData({ busy: true, error: '', message: '' });
      try {
        await call('account', 'moveOrg', { code: this.data.selected as string, parentCode });
        await this.reload();
        this.setData({ busy: false, moveIndex: -1, message: done });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, '调整失败，请重试') });
      }
    },
    onClose() {
      const name = this.data.selectedName as string;
      wx.showModal({
        title: '撤销组织',
        content: `撤销后「${name}」不再出现在报名地区和各处的组织选择中，已有记录保留，以后可以恢复。确定撤销吗？`,
        confirmText: '撤销',
        confirmColor: '#d54941',
        success: (res: { confirm: boolean }) => { if (res.confirm) void this.setClosed(true); },
      });
    },
    onReopen() {
      void this.setClosed(false);
    },
    async setClosed(closed: boolean) {
      const name = this.data.selectedName as string;
      this.setData({ busy: true, error: '', message: '' });
      try {
        await call('account', closed ? 'closeOrg' : 'reopenOrg', { code: this.data.selected as string });
        await this.reload();
        this.setData({ busy: false, message: closed ? `已撤销「${name}」` : `已恢复「${name}」` });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, closed ? '撤销失败，请重试' : '恢复失败，请重试') });
      }
    },
    onChooseFile() {
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: ['xlsx'],
        success: async (res) => {
          const file = res.tempFiles[0];
          this.setData({ importing: true, error: '', report: null, checked: false });
          try {
            const fileID = await upload(file.path, `${this.data.uploadPrefix}${Date.now()}-${Math.random().toString(36).slice(2, 8)}.xlsx`);
            this.setData({ fileID, fileName: file.name });
          } catch (err) {
            this.setData({ error: err instanceof Error ? err.message : '上传失败，请重试' });
          } finally {
            this.setData({ importing: false });
          }
        },
      });
    },
    onImportCheck() {
      void this.runImport(true);
    },
    onImport() {
      void this.runImport(false);
    },
    async runImport(dryRun: boolean) {
      if (!this.data.fileID) return void this.setData({ error: '请先选择表格文件' });
      this.setData({ importing: true, error: '', message: '' });
      try {
        const report = await call('account', 'importOrgs', { fileID: this.data.fileID as string, dryRun });
        // a real import deletes the file: the next one is chosen again
        const used = !dryRun && !report.problems.length;
        this.setData({ report, checked: dryRun, ...(used ? { fileID: '', fileName: '' } : {}) });
        if (used) await this.reload();
      } catch (err) {
        this.setData({ error: fail(err, '导入失败，请重试') });
      } finally {
        this.setData({ importing: false });
      }
    },
  },
});
