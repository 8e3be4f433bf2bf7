import { call, ApiError } from '../../../../services/api';
import { PERMISSION_LABELS } from '../../../../utils/labels';
import { chinaDate } from '../../../../utils/china-time';
import { treeRows, type TreeRow } from '../../tree';
import { fontScale } from '../../../../behaviors/font-scale';

/**
 * 工作人员: staff in the caller's scope, an invite for a node with chosen permissions (shared to the
 * person's chat as a card that opens 加入工作人员), and changing a person's permissions or switching
 * her account off. Only permissions the caller holds are offered (the server refuses more anyway).
 */
const fail = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);
const label = (p: string) => PERMISSION_LABELS[p] ?? p;
const LIST_SIZE = 100;

interface Row {
  userId: string;
  name: string;
  orgName: string;
  permissions: string[];
  active: boolean;
  summary: string;
  status: string;
  self: boolean;
}

Component({
  behaviors: [fontScale],
  data: {
    loading: true,
    allowed: false,
    error: '',
    message: '',
    busy: false,
    held: [] as string[],
    myUserId: '',
    myName: '',
    nodes: [] as TreeRow[],
    orgLabels: [] as string[],
    orgIndex: -1,
    /** the list's node filter: 0 is the whole scope, i the node orgLabels[i - 1] and below */
    filterLabels: [] as string[],
    filterIndex: 0,
    listTitle: '本辖区工作人员',
    permOptions: [] as { value: string; label: string }[],
    invitePerms: [] as string[],
    invite: null as null | { code: string; orgName: string; expires: string },
    rows: [] as Row[],
    total: 0,
    more: false,
    editing: '',
    editName: '',
    editOrg: '',
    editPerms: [] as string[],
    editActive: true,
    editExtra: '',
  },
  methods: {
    async onLoad() {
      try {
        const { me } = await call('account', 'login', {});
        const isAdmin = me.roles.includes('admin');
        const allowed = isAdmin || !!me.staff?.permissions.includes('staff.manage');
        if (!allowed) return void this.setData({ loading: false, allowed: false });
        const held = isAdmin ? Object.keys(PERMISSION_LABELS) : (me.staff?.permissions ?? []);
        const rootCode = isAdmin ? '' : (me.staff?.orgCode ?? '');
        const { nodes } = await call('account', 'listOrgs', rootCode ? { rootCode } : {});
        const rows = treeRows(nodes);
        this.setData({
          allowed: true,
          held,
          myUserId: me.userId,
          myName: me.name ?? '',
          nodes: rows,
          orgLabels: rows.map((r) => `${r.pad}${r.name}`),
          filterLabels: ['全部（本辖区）', ...rows.map((r) => `${r.pad}${r.name}`)],
          permOptions: held.map((p) => ({ value: p, label: label(p) })),
        });
        await this.reload();
      } catch (err) {
        this.setData({ loading: false, error: fail(err, '加载失败，请重试') });
      }
    },
    async reload() {
      const node = (this.data.nodes as TreeRow[])[(this.data.filterIndex as number) - 1];
      const res = await call('account', 'listStaff', node ? { orgCode: node.code, pageSize: LIST_SIZE } : { pageSize: LIST_SIZE });
      const me = this.data.myUserId as string;
      const rows: Row[] = res.items.map((s) => ({
        userId: s.userId,
        name: s.name ?? '未填写姓名',
        orgName: s.orgName,
        permissions: s.permissions,
        active: s.active,
        summary: `${s.orgName} · ${s.permissions.length}项权限`,
        status: s.userId === me ? '本人' : s.active ? '' : '已停用',
        self: s.userId === me,
      }));
      this.setData({ loading: false, rows, total: res.total, more: res.total > rows.length, listTitle: node ? `${node.name}及下级的工作人员` : '本辖区工作人员' });
    },
    async onFilter(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ filterIndex: Number(e.detail.value), editing: '', error: '', message: '' });
      try {
        await this.reload();
      } catch (err) {
        this.setData({ error: fail(err, '加载失败，请重试') });
      }
    },
    onOrg(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ orgIndex: Number(e.detail.value), invite: null, error: '', message: '' });
    },
    onInvitePerms(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ invitePerms: e.detail.value, invite: null, error: '', message: '' });
    },
    async onInvite() {
      const node = (this.data.nodes as TreeRow[])[this.data.orgIndex as number];
      if (!node) return void this.setData({ error: '请先选择所属组织' });
      const permissions = this.data.invitePerms as string[];
      if (!permissions.length) return void this.setData({ error: '请至少选择一项权限' });
      this.setData({ busy: true, error: '', message: '' });
      try {
        const res = await call('account', 'createStaffInvite', { orgCode: node.code, permissions: permissions as never });
        this.setData({ busy: false, invite: { code: res.code, orgName: node.name, expires: chinaDate(res.expiresAt) } });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, '生成邀请码失败，请重试') });
      }
    },
    onEdit(e: WechatMiniprogram.CustomEvent) {
      const row = (this.data.rows as Row[]).find((r) => r.userId === (e.currentTarget.dataset.id as string));
      if (!row || row.self) return;
      const held = this.data.held as string[];
      const extra = row.permissions.filter((p) => !held.includes(p));
      this.setData({
        editing: row.userId,
        editName: row.name,
        editOrg: row.orgName,
        editPerms: row.permissions.filter((p) => held.includes(p)),
        editActive: row.active,
        editExtra: extra.map(label).join('、'),
        error: '',
        message: '',
      });
    },
    onEditPerms(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ editPerms: e.detail.value, error: '', message: '' });
    },
    async update(change: { permissions?: string[]; active?: boolean }, done: string) {
      this.setData({ busy: true, error: '', message: '' });
      try {
        const { staff } = await call('account', 'updateStaff', { userId: this.data.editing as string, ...(change as { permissions?: never; active?: boolean }) });
        await this.reload();
        this.setData({ busy: false, editActive: staff.active, editExtra: change.permissions ? '' : this.data.editExtra, message: done });
      } catch (err) {
        this.setData({ busy: false, error: fail(err, '保存失败，请重试') });
      }
    },
    async onSavePerms() {
      const permissions = this.data.editPerms as string[];
      if (!permissions.length) return void this.setData({ error: '请至少保留一项权限；不再需要时请停用账号' });
      await this.update({ permissions }, `已保存「${this.data.editName}」的权限`);
    },
    async onToggle() {
      const active = !this.data.editActive;
      await this.update({ active }, active ? `已重新启用「${this.data.editName}」` : `已停用「${this.data.editName}」`);
    },
    /** The invite as a chat card: it opens 加入工作人员 with the code filled in. */
    onShareAppMessage() {
      const invite = this.data.invite as { code: string; orgName: string } | null;
      if (!invite) return { title: '爱心妈妈结对关爱', path: '/pages/home/index' };
      const by = this.data.myName as string;
      return {
        title: `${by}邀请您成为「${invite.orgName}」的工作人员`,
        path: `/packages/admin/pages/join/index?code=${invite.code}&org=${encodeURIComponent(invite.orgName)}${by ? `&by=${encodeURIComponent(by)}` : ''}`,
      };
    },
  },
});
