import { call, ApiError } from '../../../../services/api';
import type { Output } from '../../../../../src/contract';
import { fontScale } from '../../../../behaviors/font-scale';

/** 团队动态: the team's recent check-ins (children by alias only) and who has not checked in this month. */
Component({
  behaviors: [fontScale],
  data: { team: null as Output<'visit', 'team'> | null, error: '', loading: false },
  methods: {
    async onLoad() {
      this.setData({ loading: true, error: '' });
      try {
        this.setData({ team: await call('visit', 'team', {}) });
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请稍后再试' });
      }
      this.setData({ loading: false });
    },
  },
});
