import { call, ApiError } from '../../../../services/api';
import { fontScale } from '../../../../behaviors/font-scale';

type Category = 'school_supplies' | 'books' | 'clothing' | 'sports' | 'daily_necessities' | 'other';
type Occasion = 'childrens_day' | 'birthday' | 'spring_festival' | 'school_start' | 'none';
const CATEGORIES: { code: Category; label: string }[] = [
  { code: 'school_supplies', label: '学习用品' }, { code: 'books', label: '图书' }, { code: 'clothing', label: '衣物' },
  { code: 'sports', label: '体育' }, { code: 'daily_necessities', label: '生活用品' }, { code: 'other', label: '其他' },
];
const OCCASIONS: { code: Occasion; label: string }[] = [
  { code: 'none', label: '无' }, { code: 'childrens_day', label: '六一' }, { code: 'birthday', label: '生日' },
  { code: 'spring_festival', label: '春节' }, { code: 'school_start', label: '开学' },
];

/**
 * 采集微心愿: the child's volunteer or staff write down one small wish (opened with ?childId=).
 * It goes to review; only the alias, age, sex and district are ever shown to the public.
 */
Component({
  behaviors: [fontScale],
  data: {
    childId: '',
    children: [] as { id: string; label: string }[],
    childHint: '',
    categories: CATEGORIES,
    occasions: OCCASIONS,
    form: { title: '', category: '' as Category | '', priceYuan: '', occasion: 'none' as Occasion, neededBy: '', childWords: '', officeAddress: '', volunteerAddress: '' },
    busy: false,
    error: '',
    done: false,
  },
  methods: {
    onLoad(query: { childId?: string }) {
      this.setData({ childId: query?.childId ?? '' });
      if (!this.data.childId) this.loadChildren();
    },
    /** Opened without a child: a volunteer picks one of her paired children. */
    async loadChildren() {
      try {
        const { items } = await call('child', 'careList', {});
        const children = items.map((c) => ({ id: c.id, label: `${c.givenName}（${c.age}岁）` }));
        this.setData({ children, childId: children.length === 1 ? children[0].id : '', childHint: children.length ? '' : '您还没有结对的孩子' });
      } catch {
        this.setData({ childHint: '请从儿童档案进入采集心愿' });
      }
    },
    onChild(e: WechatMiniprogram.TouchEvent) {
      this.setData({ childId: (e.currentTarget.dataset as { id: string }).id });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = (e.currentTarget.dataset as { key: string }).key;
      this.setData({ [`form.${key}`]: e.detail.value });
    },
    onChip(e: WechatMiniprogram.TouchEvent) {
      const { key, value } = e.currentTarget.dataset as { key: string; value: string };
      this.setData({ [`form.${key}`]: value });
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.neededBy': e.detail.value });
    },
    async onSubmit() {
      const f = this.data.form;
      const price = Number(f.priceYuan);
      if (!this.data.childId) return void this.setData({ error: '请选择孩子' });
      if (!f.title.trim()) return void this.setData({ error: '请填写心愿内容' });
      if (!f.category) return void this.setData({ error: '请选择心愿类别' });
      if (!Number.isInteger(price) || price < 1) return void this.setData({ error: '请填写预估价格（整数元）' });
      if (!f.neededBy) return void this.setData({ error: '请选择希望送达日期' });
      if (!f.officeAddress.trim()) return void this.setData({ error: '请填写妇联转交地址' });
      this.setData({ busy: true, error: '' });
      try {
        await call('wish', 'collect', {
          childId: this.data.childId, title: f.title.trim(), category: f.category, priceYuan: price, occasion: f.occasion, neededBy: f.neededBy,
          childWords: f.childWords.trim(), officeAddress: f.officeAddress.trim(), volunteerAddress: f.volunteerAddress.trim(),
        });
        this.setData({ busy: false, done: true });
      } catch (err) {
        this.setData({ busy: false, error: err instanceof ApiError ? err.message : '提交失败，请重试' });
      }
    },
    onBack() {
      wx.navigateBack?.({});
    },
  },
});
