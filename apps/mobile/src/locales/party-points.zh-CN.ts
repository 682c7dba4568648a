/**
 * Chinese messages of the party members' points pages (党员积分: 我的积分, 支部排名, 公示). Loaded with
 * those pages (see `loadPartyPointsMessages`); `party-points.en.ts` must have exactly the same keys.
 * Item labels and units come from the server (the town names its items).
 */
export const partyPointsZhCN = {
  partyPoints: {
    title: '党员积分',
    empty: '暂无积分信息',
    year: '{year} 年',
    yearLabel: '选择年度',
    prevYear: '上一年',
    nextYear: '下一年',
    tabsLabel: '党员积分栏目',
    tabs: { mine: '我的积分', branch: '支部排名', notices: '公示' },

    index: '党员先锋指数',
    indexOutOf: '满分 100',
    total: '年度积分',
    pointsUnit: '分',
    points: '{n} 分',
    rankBranch: '组织内排名',
    rankCommunity: '社区内排名',
    rankValue: '第 {n} 名',
    noRank: '暂无',

    linesTitle: '各项积分',
    lineCut: '得 {raw} 分，封顶计 {capped} 分',
    perUnit: '× {n} 分',
    cap: '年度上限 {cap} 分',
    noCap: '不设上限',
    weight: '权重 {w}%',
    share: '计入指数 {n}',
    deductionCap: '年度最多扣 {cap} 分',
    deductionShare: '指数扣 {n}',
    auto: '自动统计',
    noDeduction: '本年度无扣分',
    rulesUnknown: '本镇调整过积分项目的上限和权重，具体以支部公布的规则为准。',

    entriesTitle: '登记记录',
    entriesHint: '支部登记的加分和扣分',
    entriesEmpty: '本年度暂无登记的加分或扣分',
    entryReversed: '已冲正',
    entryReversal: '冲正',
    entryBy: '登记人：{name}',
    entryQuantity: '× {n}',

    howTitle: '先锋指数怎么算',
    how1: '每个项目按「次数 × 每次分值」计分，超过年度上限的部分不再计入。',
    how2: '志愿服务时长、响应群众求助、联系服务群众由系统根据服务记录自动统计；其他项目由支部登记。',
    how3: '先锋指数 = Σ 权重 × min(1, 项目得分 ÷ 年度上限) − 扣分，满分 100。',
    how4: '排名先比先锋指数，再比年度积分，两者都相同时名次并列。',

    notMember: '您的账号没有关联党员信息',
    notMemberHint: '党员积分只对已登记的党员开放。如果您是党员，请联系所在党支部或社区，把党员信息关联到您的账号。',
    notMemberAction: '返回我的',

    branchTitle: '{year} 年支部排名',
    branchHint: '您是支部书记，可以查看本支部每位党员的年度积分和先锋指数。',
    branchEmpty: '支部暂无党员',
    me: '我',
    rankingLabel: '排名',
    colRank: '排名',
    colName: '姓名',
    colScore: '先锋指数 / 年度积分',

    noticesHint: '本支部及上级党组织公示的年度排名',
    noticesEmpty: '暂无公示',
    noticeTitle: '{year} 年度党员先锋指数公示',
    noticeBy: '{by} 发布',
    noticeMembers: '共 {n} 名党员',
    noticeDetailTitle: '公示详情',
    noticeMissing: '该公示不存在或已不在您的支部',
    noticeObjection: '公示期间如有异议，请向支部书记反映。',
  },
};

export type PartyPointsMessages = typeof partyPointsZhCN;
