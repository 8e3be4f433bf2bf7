import type { ProgrammeInput } from './schema';

type AnnexInput = ProgrammeInput['annexTables'][number];

/**
 * The seeds' annex forms (附件), transcribed from the notices' text. Headers are the seeds'
 * words with layout whitespace and fill-in hints removed ("姓 名" → "姓名", "结对形式（请打“√”，
 * 可多选）" → "结对形式"). Where a form prints one label several times for different people, the
 * rows are split into sections (section titles that the seed does not print are marked).
 */

export const XIAMEN_ANNEXES: AnnexInput[] = [
  {
    key: 'xm-1',
    number: '附件1',
    title: '厦门市留守流动等困境儿童信息表',
    purpose: 'child_info',
    kind: 'form',
    headerFields: ['信息采集时间'],
    sections: [
      // The seed's text of this form begins mid-table (its first rows are lost) and shows
      // 家庭住址 twice in one row; it is kept once here.
      { title: null, fields: ['家庭住址', '所在学校', '班级', '班主任', '联系方式'] },
      { title: '目前与留守儿童及困境儿童居住生活的家庭成员', fields: ['称呼', '姓名', '年龄', '所在地', '职业', '联系电话'], repeating: true },
      { title: null, fields: ['儿童及家庭主要情况', '备注'] },
    ],
  },
  {
    key: 'xm-2',
    number: '附件2',
    title: '厦门市留守流动等困境儿童信息汇总表',
    purpose: 'child_summary',
    kind: 'table',
    headerFields: ['信息采集时间'],
    columns: ['序号', '姓名', '性别', '出生年月', '户籍地', '就学情况', '就读学校年级', '家庭困难情况'],
  },
  {
    key: 'xm-3',
    number: '附件3',
    title: '厦门市爱心妈妈报名表',
    listedAs: '厦门市“爱心妈妈”报名表',
    purpose: 'volunteer_signup',
    kind: 'form',
    headerFields: ['填表时间'],
    sections: [
      {
        title: null,
        fields: ['姓名', '单位职务', '年龄', '家庭住址', '联系电话', 'QQ或微信号码', '邮箱', '结对形式', '服务方式', '服务时间', '个人特长', '有何建议', '备注'],
      },
    ],
  },
  {
    key: 'xm-4',
    number: '附件4',
    title: '厦门市爱心妈妈信息汇总表',
    listedAs: '厦门市“爱心妈妈”汇总表',
    purpose: 'volunteer_summary',
    kind: 'table',
    headerFields: ['信息采集时间'],
    columns: ['序号', '姓名', '年龄', '单位及职务', '家庭住址', '联系电话', '备注'],
  },
  {
    key: 'xm-5',
    number: '附件5',
    title: '厦门市爱心妈妈与留守流动等困境儿童结对表',
    listedAs: '厦门市“爱心妈妈”与留守及困境儿童结对表',
    purpose: 'pairing_card',
    kind: 'form',
    headerFields: ['填报时间'],
    sections: [
      // The card's left and right halves; the seed prints no section titles.
      { title: '爱心妈妈', fields: ['爱心妈妈姓名', '所在单位及职业', '年龄', '微信、QQ', '通信地址', '联系电话', '邮箱', '其他', '备注'] },
      {
        title: '结对儿童',
        fields: ['结对儿童姓名', '出生年月', '性别', '就读学校及班级', '班主任姓名及联系电话', '家庭详细住址', '监护人情况', '联系电话', '其他', '备注'],
      },
    ],
  },
  {
    key: 'xm-6',
    number: '附件6',
    title: '厦门市爱心妈妈与留守流动等困境儿童结对汇总表',
    listedAs: '厦门市“爱心妈妈”与留守及困境儿童结对汇总表',
    purpose: 'pairing_summary',
    kind: 'table',
    headerFields: ['填报单位', '填报时间'],
    columns: ['序号', '姓名', '单位职务', '联系电话', '姓名', '就读学校及班级', '联系电话'],
    groups: [
      { label: '爱心妈妈情况', start: 1, span: 3 },
      { label: '结对儿童情况', start: 4, span: 3 },
    ],
  },
];

export const SUINING_ANNEXES: AnnexInput[] = [
  {
    key: 'sn-1',
    number: '附件1',
    title: '遂宁市留守女童基本信息采集表',
    purpose: 'child_info',
    kind: 'form',
    headerFields: ['乡镇（街道）村（社区）'],
    sections: [
      { title: null, fields: ['女童姓名', '出生年月', '是否建档立卡贫困户', '照片'] },
      // One row per person; the seed prints no section titles.
      { title: '父亲', fields: ['父亲姓名', '联系电话'] },
      { title: '母亲', fields: ['母亲姓名', '联系电话'] },
      { title: '临时监护人', fields: ['临时监护人姓名', '联系电话', '与临时监护人的关系'] },
      {
        title: null,
        fields: ['现居住地址', '就读学校及班级', '父母外出情况', '父母外出地点', '父母外出从事何种工作', '父母一般多久回家一次', '兴趣爱好', '目前需求'],
      },
    ],
  },
  {
    key: 'sn-2',
    number: '附件2',
    title: '遂宁市“爱心妈妈”志愿申报表',
    purpose: 'volunteer_signup',
    kind: 'form',
    headerFields: ['填报时间'],
    sections: [
      {
        title: null,
        fields: ['姓名', '出生年月', '联系电话', '照片', '学历', '政治面貌', '身份证号码', '家庭住址（常住地）', '工作单位及职务', '专业技能或特长', '帮扶意愿'],
      },
    ],
    footerFields: ['县区（园区）妇联意见', '市妇联意见'],
  },
  {
    key: 'sn-3',
    number: '附件3',
    title: '遂宁市“爱心妈妈”与留守女童结对帮扶卡',
    purpose: 'pairing_card',
    kind: 'form',
    headerFields: ['填报时间'],
    sections: [
      { title: '爱心妈妈', fields: ['爱心妈妈姓名', '出生年月', '联系电话', '照片', '家庭住址', '工作单位及职务', '关爱寄语'] },
      { title: '留守女童', fields: ['留守女童姓名', '出生年月', '监护人联系电话', '照片', '家庭住址', '就读学校及班级', '兴趣爱好（愿望）'] },
    ],
  },
];

export const JINJIANG_ANNEXES: AnnexInput[] = [
  {
    key: 'jj-ledger',
    number: '附件',
    title: '农村留守儿童和困境儿童个人信息台账',
    purpose: 'child_ledger',
    kind: 'form',
    sections: [
      {
        title: '儿童基本信息',
        fields: [
          '姓名', '性别', '民族', '出生年月', '身份证号码', '家庭地址', '户籍类别', '儿童类别', '是否单亲家庭',
          '就学情况', '寄宿情况', '监护情况', '健康情况', '日常心理和行为情况', '享受救助情况',
          '教育救助情况', '医疗救助情况', '其他救助情况',
        ],
      },
      { title: '家庭信息', rowLabels: ['父亲', '母亲'], fields: ['姓名', '身份证号码', '联系电话', '现住地址', '健康状况', '特殊情况'] },
      { title: '家庭信息', fields: ['家庭收入人均(元/年)', '家庭享受补助情况', '社会力量帮扶情况'] },
      // '照护人类别' names the seed's unlabelled checkboxes (祖父母、外祖父母 / 亲戚朋友 / 无委托照护).
      { title: '留守儿童委托照护人情况', fields: ['照护人类别', '姓名', '联系电话'] },
      { title: null, fields: ['委托照料原因', '家庭监护情况'] },
      { title: '结对信息', fields: ['儿童主任姓名及电话', '结对人员姓名及电话', '结对人员所在单位'] },
      { title: '走访情况', rowLabels: ['一季度', '二季度', '三季度', '四季度'], fields: ['走访时间', '发现的问题', '解决措施'] },
      { title: null, fields: ['关爱服务需求', '其他说明情况'] },
    ],
    footerFields: ['建档人签名', '建档时间'],
  },
];

export const LONGGANG_ANNEXES: AnnexInput[] = [
  {
    key: 'lg-1',
    number: '附件1',
    title: '各街道贫困儿童名额分配表',
    purpose: 'allocation',
    kind: 'table',
    columns: ['街道', '名额', '备注'],
  },
  {
    key: 'lg-2',
    number: '附件2',
    title: '贫困儿童基本情况报送表',
    purpose: 'child_summary',
    kind: 'table',
    headerFields: ['街道妇联（盖章）', '日期'],
    columns: ['序号', '姓名', '年龄（出生年月）', '所在社区', '监护人及联系方式', '家庭住址', '贫困原因'],
    footerFields: ['街道妇联审核意见'],
  },
  {
    key: 'lg-3',
    number: '附件3',
    title: '“妇联妈妈”结对情况登记表',
    purpose: 'pairing_summary',
    kind: 'table',
    headerFields: ['街道妇联', '日期'],
    columns: ['姓名', '单位及职务', '联系方式', '结对儿童姓名', '社区', '结对儿童联系人及联系方式', '备注'],
  },
];
