import { call, ApiError } from '../../../../services/api';
import { config, localOpenid } from '../../../../services/config';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

type Entry = Output<'visit', 'sharedEntry'>;
type Ticket = { cloudID: string };
/** 1008: a card in a group chat; 1044: a card shared with a shareTicket (showShareMenu withShareTicket). */
const GROUP_SCENES = [1008, 1044];

/**
 * Proof of the group the card was opened in, or null. wx.getGroupEnterInfo answers a cloudID only
 * the server can turn into the group (visit group.ts, through the open API). DevTools on the local
 * cloud has no group chat: there a `group` query parameter names one, and the local cloud's
 * emulated WeChat issues the cloudID wx.getGroupEnterInfo would (POST /wechat/getGroupEnterInfo),
 * which the function resolves through the same open-API call as in production.
 */
function groupTicket(query: { group?: string }): Promise<Ticket | null> {
  if (config.backend === 'local' && query.group) return localGroupEnterInfo(query.group);
  const opts = (wx.getEnterOptionsSync?.() ?? wx.getLaunchOptionsSync?.()) as { scene?: number } | undefined;
  if (!GROUP_SCENES.includes(Number(opts?.scene)) || typeof wx.getGroupEnterInfo !== 'function') return Promise.resolve(null);
  return new Promise((resolve) => {
    wx.getGroupEnterInfo({
      success: (r: { cloudID?: string }) => resolve(r.cloudID ? { cloudID: r.cloudID } : null),
      fail: () => resolve(null),
    });
  });
}

function localGroupEnterInfo(openGId: string): Promise<Ticket | null> {
  return new Promise((resolve) => {
    wx.request({
      url: `${config.localUrl}/wechat/getGroupEnterInfo`,
      method: 'POST',
      data: { openGId },
      header: { 'content-type': 'application/json', 'x-openid': localOpenid() },
      success: (r) => resolve((r.data as { cloudID?: string }).cloudID ? { cloudID: (r.data as { cloudID: string }).cloudID } : null),
      fail: () => resolve(null),
    });
  });
}

/**
 * A check-in shared to the team's WeChat group (opened from the card with ?id=): the activity, her
 * name and the child's alias, for members of her team and for anyone who opens it inside the team's
 * linked group; others get a polite refusal. The team's leader and staff looking after the team
 * link the group here (绑定本群) when the card is opened inside it, or remove the link.
 */
Component({
  behaviors: [fontScale],
  data: {
    id: '',
    /** the local cloud's stand-in for a group (?group=), kept to fetch a fresh ticket */
    group: '',
    ticket: null as Ticket | null,
    entry: null as Entry | null,
    link: null as Entry['link'],
    refusal: '',
    loading: false,
    busy: false,
    message: '',
  },
  methods: {
    async onLoad(query: { id?: string; group?: string }) {
      if (!query?.id) return void this.setData({ refusal: '这条动态已不存在' });
      this.setData({ id: query.id, group: query.group ?? '', loading: true });
      this.setData({ ticket: await groupTicket(query) });
      await this.load();
    },
    async load() {
      const { id, ticket } = this.data;
      this.setData({ loading: true });
      try {
        const entry = await call('visit', 'sharedEntry', ticket ? { id, groupTicket: ticket } : { id });
        this.setData({ entry, link: entry.link, refusal: '' });
      } catch (err) {
        this.setData({ entry: null, link: null, refusal: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
    async onLink() {
      if (!this.data.ticket || this.data.busy) return;
      this.setData({ busy: true, message: '' });
      try {
        // a cloudID lasts five minutes: ask for a fresh one on the tap
        const ticket = (await groupTicket({ group: this.data.group })) ?? this.data.ticket;
        const { id } = this.data;
        const r = await call('visit', 'linkTeamGroup', { id, groupTicket: ticket });
        this.setData({ message: `已把本群绑定为「${r.teamName}」的工作群` });
        await this.load();
      } catch (err) {
        this.setData({ message: err instanceof ApiError ? err.message : '绑定失败，请稍后再试' });
      }
      this.setData({ busy: false });
    },
    onUnlink() {
      if (!this.data.link || this.data.busy) return;
      wx.showModal({
        title: '解除绑定',
        content: '解除后，群里不是本服务队成员的人将看不到服务队动态。确定解除吗？',
        confirmText: '解除',
        success: (r: { confirm: boolean }) => {
          if (r.confirm) void this.unlink();
        },
      });
    },
    async unlink() {
      this.setData({ busy: true, message: '' });
      try {
        await call('visit', 'unlinkTeamGroup', { teamId: this.data.link!.teamId });
        this.setData({ message: '已解除绑定' });
        await this.load();
      } catch (err) {
        this.setData({ message: err instanceof ApiError ? err.message : '操作失败，请稍后再试' });
      }
      this.setData({ busy: false });
    },
  },
});
