import type { z } from 'zod';
import { CHILD_CATEGORY_LABELS, CONTACT_KIND_LABELS, ORG_LEVEL_LABELS, ORG_LEVEL_RANK, SIGNUP_FIELD_LABELS, TEAM_KIND_LABELS } from './enums';
import type { ChildCategory, OrgLevel, TeamKind } from './enums';
import { annexHeaders } from './helpers';
import type { ProgrammeBaseSchema } from './schema';

type P = z.output<typeof ProgrammeBaseSchema>;
type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/**
 * Cross-field rules of a programme, each with a Chinese message an admin can act on. Run by
 * ProgrammeSchema after the shape is valid.
 */
export function checkProgramme(p: P, ctx: Ctx): void {
  const fail = (message: string, path: Path) => ctx.addIssue({ code: 'custom', message, path });
  const nodes = checkOrgTree(p, fail);
  const levelsInTree = new Set(p.orgTree.map((n) => n.level));

  // Eligibility and the sign-up form.
  if (!p.eligibility.requiredDeclarations.includes('privacy_consent')) {
    fail('报名声明必须包含“同意隐私告知”', ['eligibility', 'requiredDeclarations']);
  }
  const fields = new Map<string, boolean>();
  p.signupFields.forEach((f, i) => {
    if (fields.has(f.field)) fail(`报名字段“${SIGNUP_FIELD_LABELS[f.field]}”重复`, ['signupFields', i, 'field']);
    fields.set(f.field, f.required);
  });
  if (fields.get('name') !== true) fail('报名表必须包含必填的“姓名”', ['signupFields']);
  if (fields.get('phone') !== true) fail('报名表必须包含必填的“联系电话”', ['signupFields']);
  if (fields.get('birthDate') !== true && fields.get('idNumber') !== true) {
    fail('报名表必须包含必填的“出生年月”或“身份证号码”，才能核对年龄', ['signupFields']);
  }
  // An optional field proves nothing: a man would leave it empty (issue 17).
  if (p.eligibility.applicantSex === 'female' && fields.get('sex') !== true && fields.get('idNumber') !== true) {
    fail('本项目只接受女性报名，报名表必须包含必填的“性别”或“身份证号码”，才能核对性别', ['signupFields']);
  }

  const w = p.signupWindow;
  if (w.opens && w.closes && w.closes < w.opens) fail('报名截止日期不能早于报名开始日期', ['signupWindow', 'closes']);
  unique(p.teams.signupWindows.map((x) => x.kind), (kind, i) => fail(`“${TEAM_KIND_LABELS[kind as TeamKind]}”服务队的报名时间重复`, ['teams', 'signupWindows', i, 'kind']));
  p.teams.signupWindows.forEach((x, i) => {
    if (!p.teams.kinds.includes(x.kind)) fail(`报名时间所属的“${TEAM_KIND_LABELS[x.kind]}”服务队不在本项目的服务队类型中`, ['teams', 'signupWindows', i, 'kind']);
    if (x.opens && x.closes && x.closes < x.opens) fail('报名截止日期不能早于报名开始日期', ['teams', 'signupWindows', i, 'closes']);
  });

  // Approval chain.
  unique(p.approvalChain.map((s) => s.key), (key, i) => fail(`审批环节编码“${key}”重复`, ['approvalChain', i, 'key']));
  p.approvalChain.forEach((s, i) => {
    if (!s.levels.some((l) => levelsInTree.has(l))) {
      const names = s.levels.map((l) => ORG_LEVEL_LABELS[l]).join('、');
      fail(`审批环节“${s.label}”的层级（${names}）在组织架构中不存在`, ['approvalChain', i, 'levels']);
    }
  });

  // Target children and pairing.
  const t = p.targetChildren;
  if (t.difficultSubtypes.length && !t.categories.includes('difficult')) {
    fail('未将困境儿童列为结对对象，不能设置困境儿童类型', ['targetChildren', 'difficultSubtypes']);
  }
  if (t.poorReasons.length && !t.categories.includes('poor')) {
    fail('未将贫困儿童列为结对对象，不能设置贫困原因', ['targetChildren', 'poorReasons']);
  }
  if (t.minParentsAwayMonths !== undefined && !t.requireBothParentsAway) {
    fail('设置了父母外出月数，必须同时要求父母双方均外出', ['targetChildren', 'minParentsAwayMonths']);
  }
  const pr = p.pairing;
  if (pr.maxCapacity < pr.defaultCapacity) fail('每位志愿者最多结对儿童数不能小于默认结对儿童数', ['pairing', 'maxCapacity']);
  if (pr.maxCapacity > 1 && !pr.forms.some((f) => f === 'one_to_many' || f === 'many_to_many')) {
    fail('未允许“一对多”或“多对多”结对，每位志愿者最多只能结对1名儿童', ['pairing', 'maxCapacity']);
  }
  if (pr.maxVolunteersPerChild > 1 && !pr.forms.some((f) => f === 'many_to_one' || f === 'many_to_many')) {
    fail('未允许“多对一”或“多对多”结对，每名儿童最多只能有1名结对志愿者', ['pairing', 'maxVolunteersPerChild']);
  }
  if (pr.localRemote && pr.localRemote.local + pr.localRemote.remote > pr.maxVolunteersPerChild) {
    fail('本地与异地志愿者人数之和不能超过每名儿童最多结对志愿者数', ['pairing', 'localRemote']);
  }
  unique(pr.levelRule.map((r) => r.volunteerLevel), (l, i) =>
    fail(`按层级结对规则中“${ORG_LEVEL_LABELS[l as OrgLevel]}”重复`, ['pairing', 'levelRule', i]),
  );

  // Visit rules.
  unique(p.visitRules.map((r) => r.key), (key, i) => fail(`走访规则编码“${key}”重复`, ['visitRules', i, 'key']));
  const kinds = new Set<string>(p.contactKinds);
  p.visitRules.forEach((r, i) => {
    if (!r.requirements.length && !r.checklist.length) {
      fail(`走访规则“${r.label}”至少需要一项频次要求或一份检查清单`, ['visitRules', i]);
    }
    if (r.checklistCount > 0 && !r.checklist.length) fail(`走访规则“${r.label}”要求完整填写检查清单 ${r.checklistCount} 次，但没有检查清单`, ['visitRules', i, 'checklistCount']);
    if (r.checklist.length && !r.checklistKinds.length) fail(`走访规则“${r.label}”的检查清单需指定适用的走访方式`, ['visitRules', i, 'checklistKinds']);
    unique(r.checklist.map((c) => c.key), (key, j) => fail(`检查项编码“${key}”重复`, ['visitRules', i, 'checklist', j, 'key']));
    r.requirements.forEach((q, j) =>
      q.kinds.forEach((k, m) => {
        if (!kinds.has(k)) fail(`走访规则“${r.label}”使用了本项目未启用的走访方式“${CONTACT_KIND_LABELS[k]}”`, ['visitRules', i, 'requirements', j, 'kinds', m]);
      }),
    );
    r.checklistKinds.forEach((k, m) => {
      if (!kinds.has(k)) fail(`走访规则“${r.label}”使用了本项目未启用的走访方式“${CONTACT_KIND_LABELS[k]}”`, ['visitRules', i, 'checklistKinds', m]);
    });
    r.appliesTo.childCategories.forEach((c, m) => {
      if (!t.categories.includes(c)) fail(`走访规则“${r.label}”适用的儿童类别“${CHILD_CATEGORY_LABELS[c]}”不在本项目结对对象中`, ['visitRules', i, 'appliesTo', 'childCategories', m]);
    });
  });

  // Quotas and allocations reference existing nodes.
  if (p.quotas) {
    const q = p.quotas;
    unique(q.items.map((x) => x.orgCode), (code, i) => fail(`招募名额中组织“${code}”重复`, ['quotas', 'items', i, 'orgCode']));
    q.items.forEach((x, i) => {
      if (!nodes.has(x.orgCode)) fail(`招募名额引用的组织编码“${x.orgCode}”不存在`, ['quotas', 'items', i, 'orgCode']);
    });
    const sum = q.items.reduce((s, x) => s + x.atLeast, 0);
    if (q.total !== null && sum > q.total) fail(`各单位招募名额之和（${sum}）超过了招募总数（${q.total}）`, ['quotas', 'total']);
  }
  if (p.allocations) {
    const a = p.allocations;
    unique(a.items.map((x) => x.orgCode), (code, i) => fail(`名额分配中组织“${code}”重复`, ['allocations', 'items', i, 'orgCode']));
    let sum = 0;
    a.items.forEach((x, i) => {
      if (!nodes.has(x.orgCode)) fail(`名额分配引用的组织编码“${x.orgCode}”不存在`, ['allocations', 'items', i, 'orgCode']);
      let row = 0;
      for (const [cat, n] of Object.entries(x.counts)) {
        if (!t.categories.includes(cat as ChildCategory)) {
          fail(`名额分配中的儿童类别“${CHILD_CATEGORY_LABELS[cat as ChildCategory]}”不在本项目结对对象中`, ['allocations', 'items', i, 'counts', cat]);
        }
        row += n ?? 0;
      }
      if (row === 0) fail(`名额分配中组织“${x.orgCode}”的名额不能为0`, ['allocations', 'items', i, 'counts']);
      sum += row;
    });
    if (a.total !== null && sum !== a.total) fail(`名额总数应为${a.total}，各单位名额相加为${sum}`, ['allocations', 'total']);
  }
  if (p.coverageGoal) {
    p.coverageGoal.categories.forEach((c, i) => {
      if (!t.categories.includes(c)) fail('结对覆盖率目标的儿童类别不在本项目结对对象中', ['coverageGoal', 'categories', i]);
    });
  }

  // Reports, commendation, annexes.
  p.reportCalendar?.submitterLevels.forEach((l, i) => {
    if (!levelsInTree.has(l)) fail(`报送层级“${ORG_LEVEL_LABELS[l]}”在组织架构中不存在`, ['reportCalendar', 'submitterLevels', i]);
  });
  if (p.commendation && !Object.values(p.commendation.weights).some((w) => (w ?? 0) > 0)) {
    fail('评优指标至少需要一项大于0的权重', ['commendation', 'weights']);
  }
  unique(p.annexTables.map((a) => a.key), (key, i) => fail(`附件编码“${key}”重复`, ['annexTables', i, 'key']));
  p.annexTables.forEach((a, i) => {
    if (a.kind === 'table') {
      let next = 0;
      a.groups.forEach((g, j) => {
        if (g.start < next || g.start + g.span > a.columns.length) {
          fail(`附件“${a.title}”的表头分组“${g.label}”超出表头范围或与其他分组重叠`, ['annexTables', i, 'groups', j]);
        }
        next = g.start + g.span;
      });
    }
    unique(annexHeaders(a), (h) => fail(`附件“${a.title}”的表头“${h}”重复`, ['annexTables', i]));
  });
}

/** Unique codes, one root listed first, parents that exist, no cycles, levels that nest. */
function checkOrgTree(p: P, fail: (message: string, path: Path) => void): Map<string, P['orgTree'][number]> {
  const nodes = new Map<string, P['orgTree'][number]>();
  p.orgTree.forEach((n, i) => {
    if (nodes.has(n.code)) fail(`组织编码“${n.code}”重复`, ['orgTree', i, 'code']);
    else nodes.set(n.code, n);
  });
  const roots = p.orgTree.filter((n) => n.parentCode === null);
  if (roots.length === 0) fail('组织架构必须有一个根节点（上级组织为空）', ['orgTree']);
  if (roots.length > 1) fail(`组织架构只能有一个根节点，现有${roots.length}个：${roots.map((r) => r.name).join('、')}`, ['orgTree']);
  if (roots.length >= 1 && p.orgTree[0]?.parentCode !== null) fail('根节点必须排在组织架构的第一位', ['orgTree', 0]);
  p.orgTree.forEach((n, i) => {
    if (n.parentCode === null) return;
    const parent = nodes.get(n.parentCode);
    if (!parent) return fail(`组织“${n.name}”的上级组织编码“${n.parentCode}”不存在`, ['orgTree', i, 'parentCode']);
    if (parent.level === 'community' || (n.level !== 'unit' && (parent.level === 'unit' || ORG_LEVEL_RANK[n.level] <= ORG_LEVEL_RANK[parent.level]))) {
      fail(`组织“${n.name}”（${ORG_LEVEL_LABELS[n.level]}）不能隶属于“${parent.name}”（${ORG_LEVEL_LABELS[parent.level]}）`, ['orgTree', i, 'level']);
    }
    // Walk up: a chain longer than the list means a cycle.
    let cur: P['orgTree'][number] | undefined = n;
    for (let steps = 0; cur && cur.parentCode !== null; steps++) {
      if (steps > p.orgTree.length) return fail(`组织“${n.name}”的上级关系形成了循环`, ['orgTree', i, 'parentCode']);
      cur = nodes.get(cur.parentCode);
    }
  });
  return nodes;
}

function unique<T>(values: readonly T[], onDuplicate: (value: T, index: number) => void): void {
  const seen = new Set<T>();
  values.forEach((v, i) => {
    if (seen.has(v)) onDuplicate(v, i);
    seen.add(v);
  });
}
