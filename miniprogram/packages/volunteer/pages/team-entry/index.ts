import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';

/**
 * A check-in shared to the team's WeChat group (opened from the card with ?id=): members of the
 * volunteer's team see the activity, her name and the child's alias; anyone else a polite refusal.
 */
Component({
  data: { entry: null as Output<'visit', 'sharedEntry'> | null, refusal: '', loading: false },
  methods: {
    async onLoad(query: { id?: string }) {
      if (!query?.id) return void this.setData({ refusal: '这条动态已不存在' });
      this.setData({ loading: true });
      try {
        this.setData({ entry: await call('visit', 'sharedEntry', { id: query.id }) });
      } catch (err) {
        this.setData({ refusal: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
  },
});
