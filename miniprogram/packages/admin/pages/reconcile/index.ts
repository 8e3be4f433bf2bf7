import { call, ApiError } from '../../../../services/api';
import { fontScale } from '../../../../behaviors/font-scale';
import { AREAS, areaView, type AreaView, type Report } from './view';

/**
 * 数据核对 (admin): the derived numbers — places and pair locks, donors' open claims, the area
 * board's tallies — are recounted from the records by themselves (hourly, or each morning); this
 * page shows each area's last run, what it repaired and what it is watching, and 立即核对 runs
 * all three now. A watched difference is repaired only when a run ten minutes later sees it again
 * (an operation in flight looks the same for a moment), so a second tap later may repair it.
 */
Component({
  behaviors: [fontScale],
  data: { loading: true, allowed: false, busy: false, error: '', areas: [] as AreaView[] },
  methods: {
    async onLoad() {
      try {
        const { me } = await call('account', 'login', {});
        if (!me.roles.includes('admin')) return void this.setData({ loading: false, allowed: false });
        this.setData({ allowed: true });
        await this.load(false);
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '加载失败，请重试' });
      }
      this.setData({ loading: false });
    },
    async load(run: boolean) {
      // one at a time: each run is a walk over a collection, no need to load the database three times at once
      const areas: AreaView[] = [];
      for (const a of AREAS) areas.push(areaView(a.fn, a.title, await call(a.fn, 'reconcile', { run }) as Report));
      this.setData({ areas });
    },
    async onRun() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        await this.load(true);
      } catch (err) {
        this.setData({ error: err instanceof ApiError ? err.message : '核对失败，请稍后再试' });
      }
      this.setData({ busy: false });
    },
  },
});
