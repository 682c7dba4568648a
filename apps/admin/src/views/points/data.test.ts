import { describe, expect, it } from 'vitest';
import type { FormItemRule } from 'element-plus';
import type { CatalogItem, Merchant, PointsRules } from '@tongxin/shared/schemas';
import {
  ACCOUNT_TABS,
  accountQuery,
  adjustBody,
  adjustOutcomeKey,
  adjustRules,
  adjustmentState,
  adjustmentTagType,
  amountClass,
  canAdjust,
  canReverse,
  capText,
  catalogActions,
  catalogQuery,
  createMerchantBody,
  daysInMonth,
  emptyAccountFilters,
  emptyAdjustForm,
  emptyCatalogFilters,
  emptyMerchantForm,
  emptyRedemptionFilters,
  examplePoints,
  memberOptions,
  merchantRules,
  merchantToForm,
  monthDay,
  needsApproval,
  pickFromQuery,
  redemptionQuery,
  redemptionTagType,
  rulesPatch,
  rulesProblems,
  rulesToForm,
  signedAmount,
  signedPoints,
  statementFileName,
  statementRange,
  stockText,
  textFromQuery,
  txnLabel,
  updateMerchantBody,
  validityText,
} from './data';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}:${JSON.stringify(params)}` : key);

/** Runs one Element Plus rule's validator and answers its message, or null when it passes. */
function check(rule: FormItemRule, value: unknown): string | null {
  let out: string | null = null;
  rule.validator?.(rule, value, (e?: string | Error) => (out = e ? String((e as Error).message ?? e) : null), {}, {});
  return out;
}

const RULES: PointsRules = {
  helpPerHour: 10,
  helpMaxMinutes: 240,
  helpBonusMinStars: 5,
  helpBonusPoints: 5,
  complaintMaxStars: 2,
  approvalThreshold: 200,
  holdDays: 7,
  expiryMonths: null,
  expiryOn: '12-31',
  expiryWarnDays: 30,
  categories: [
    { category: 'party', label: '党建引领', perHour: 10, maxMinutes: 240, teamPerHour: 2 },
    { category: 'elderly', label: '关爱老人', perHour: 12, maxMinutes: null, teamPerHour: 2 },
  ],
};

const MERCHANT: Merchant = {
  id: 'm1',
  name: '志伟爱心理发店',
  kind: 'business',
  regionId: 'r1',
  regionName: '上金湾社区',
  address: '金湾路 18 号',
  pointsAccountId: null,
  lat: 45.1,
  lng: 127.2,
  contact: '潘志伟',
  intro: '义剪',
  active: true,
  members: [{ accountId: 'a1', name: '潘志伟' }],
  balance: 40,
  held: 20,
  items: 2,
};

describe('amounts', () => {
  it('signs points with a true minus and colours them', () => {
    expect(signedPoints(20)).toBe('+20');
    expect(signedPoints(-15)).toBe('\u221215');
    expect(signedPoints(0)).toBe('0');
    expect(amountClass(3)).toBe('tx-in');
    expect(amountClass(-3)).toBe('tx-out');
    expect(amountClass(0)).toBe('');
  });

  it('labels transaction kinds in the UI language', () => {
    expect(txnLabel('earn', 'zh-CN')).toBe('服务积分');
    expect(txnLabel('reverse', 'zh-CN')).toBe('冲正');
    expect(txnLabel('hold', 'en')).toBe('Redeemed (held)');
  });
});

describe('query parameters', () => {
  it('takes known values only', () => {
    expect(pickFromQuery('merchant', ACCOUNT_TABS, 'volunteer')).toBe('merchant');
    expect(pickFromQuery(['team'], ACCOUNT_TABS, 'volunteer')).toBe('team');
    expect(pickFromQuery('hold', ACCOUNT_TABS, 'volunteer')).toBe('volunteer');
    expect(pickFromQuery(undefined, ACCOUNT_TABS, 'volunteer')).toBe('volunteer');
    expect(textFromQuery('志伟')).toBe('志伟');
    expect(textFromQuery(undefined)).toBe('');
    expect(textFromQuery('x'.repeat(50))).toHaveLength(40);
  });
});

describe('accounts', () => {
  it('asks for one kind, leaving empty filters out', () => {
    expect(accountQuery(emptyAccountFilters())).toEqual({ kind: 'volunteer', regionId: undefined, q: undefined });
    expect(accountQuery({ kind: 'merchant', regionId: 'r', q: '  志伟 ' })).toEqual({ kind: 'merchant', regionId: 'r', q: '志伟' });
  });

  it('offers grants and deductions to volunteers, teams and merchants, only to managers', () => {
    expect(canAdjust({ kind: 'volunteer' }, true)).toBe(true);
    expect(canAdjust({ kind: 'team' }, true)).toBe(true);
    expect(canAdjust({ kind: 'merchant' }, true)).toBe(true);
    expect(canAdjust({ kind: 'issuing' }, true)).toBe(false);
    expect(canAdjust({ kind: 'hold' }, true)).toBe(false);
    expect(canAdjust({ kind: 'volunteer' }, false)).toBe(false);
    expect(canAdjust(null, true)).toBe(false);
  });
});

describe('statement', () => {
  it('sends a date range only when both ends are set', () => {
    expect(statementRange(null)).toEqual({});
    expect(statementRange(['2026-03-01', '2026-03-31'])).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(statementRange(['', '2026-03-31'])).toEqual({});
  });

  it('reverses only what the server says can be, for managers', () => {
    expect(canReverse({ reversible: true }, true)).toBe(true);
    expect(canReverse({ reversible: true }, false)).toBe(false);
    expect(canReverse({ reversible: false }, true)).toBe(false);
  });

  it('names the download safely', () => {
    expect(statementFileName('黄小敏')).toBe('积分流水-黄小敏.xlsx');
    expect(statementFileName('A/B 队')).toBe('积分流水-A_B 队.xlsx');
  });
});

describe('grant or deduct', () => {
  it('signs the amount by the direction', () => {
    expect(signedAmount({ direction: 'grant', amount: 50 })).toBe(50);
    expect(signedAmount({ direction: 'deduct', amount: 50 })).toBe(-50);
    expect(signedAmount({ direction: 'deduct', amount: -50 })).toBe(-50);
    expect(signedAmount({ direction: 'grant', amount: null })).toBeNull();
    expect(adjustBody({ direction: 'deduct', amount: 30, reason: '  迟到早退 ' }, 'acc')).toEqual({
      accountId: 'acc',
      amount: -30,
      reason: '迟到早退',
    });
    expect(emptyAdjustForm()).toEqual({ direction: 'grant', amount: null, reason: '' });
  });

  it('says when a second person must approve: strictly above the threshold', () => {
    expect(needsApproval(200, 200)).toBe(false);
    expect(needsApproval(201, 200)).toBe(true);
    expect(needsApproval(-250, 200)).toBe(true);
    expect(needsApproval(null, 200)).toBe(false);
    expect(needsApproval(500, null)).toBe(false);
    expect(adjustOutcomeKey({ status: 'pending' })).toBe('points.adjust.pendingDone');
    expect(adjustOutcomeKey({ status: 'posted' })).toBe('points.adjust.postedDone');
  });

  it('asks for a whole amount within the limit and a reason', () => {
    const rules = adjustRules(t);
    const amount = (rules.amount as FormItemRule[])[0]!;
    expect(check(amount, null)).toContain('validation.required');
    expect(check(amount, 0)).toBe('points.adjust.amountRange');
    expect(check(amount, 1.5)).toBe('points.adjust.amountRange');
    expect(check(amount, 1_000_001)).toBe('points.adjust.amountRange');
    expect(check(amount, 250)).toBeNull();
    const reason = rules.reason as FormItemRule[];
    expect(reason[0]).toMatchObject({ required: true, whitespace: true });
    expect(reason[1]).toMatchObject({ max: 200 });
  });
});

describe('approvals', () => {
  it('shows buttons only when the caller may decide', () => {
    expect(adjustmentState({ status: 'pending', canDecide: true })).toBe('decide');
    expect(adjustmentState({ status: 'pending', canDecide: false })).toBe('waiting');
    expect(adjustmentState({ status: 'posted', canDecide: false })).toBe('decided');
    expect(adjustmentTagType('pending')).toBe('warning');
    expect(adjustmentTagType('posted')).toBe('success');
    expect(adjustmentTagType('rejected')).toBe('danger');
  });
});

describe('rules', () => {
  it('round-trips without changes, and expiry is off by default', () => {
    const form = rulesToForm(RULES);
    expect(form.expiryEnabled).toBe(false);
    expect(form.expiryMonth).toBe(12);
    expect(form.expiryDay).toBe(31);
    expect(rulesPatch(form, RULES)).toEqual({});
    expect(rulesProblems(form)).toEqual({});
    // The form is a copy: editing it leaves the saved rules alone.
    form.categories[0]!.perHour = 99;
    expect(RULES.categories[0]!.perHour).toBe(10);
  });

  it('sends only what changed, a cleared cap as null, and whole changed categories', () => {
    const form = rulesToForm(RULES);
    form.categories[0]!.maxMinutes = null;
    form.helpMaxMinutes = 120;
    form.approvalThreshold = 300;
    expect(rulesPatch(form, RULES)).toEqual({
      helpMaxMinutes: 120,
      approvalThreshold: 300,
      categories: [{ category: 'party', perHour: 10, maxMinutes: null, teamPerHour: 2 }],
    });
  });

  it('turns expiry on with months, date and warning, and off again as null months', () => {
    const form = rulesToForm(RULES);
    form.expiryEnabled = true;
    form.expiryMonths = 24;
    form.expiryMonth = 6;
    form.expiryDay = 30;
    expect(rulesPatch(form, RULES)).toEqual({ expiryMonths: 24, expiryOn: '06-30' });
    const on = { ...RULES, expiryMonths: 12 };
    const off = rulesToForm(on);
    off.expiryEnabled = false;
    expect(rulesPatch(off, on)).toEqual({ expiryMonths: null });
  });

  it('finds what cannot be saved', () => {
    const form = rulesToForm(RULES);
    form.complaintMaxStars = 5;
    form.helpBonusMinStars = 4;
    form.categories[1]!.maxMinutes = 2000;
    form.holdDays = null;
    form.expiryEnabled = true;
    form.expiryMonths = 0;
    form.expiryMonth = 2;
    form.expiryDay = 29;
    expect(rulesProblems(form)).toEqual({
      complaintMaxStars: 'points.rules.problems.complaintBelowBonus',
      categories: 'points.rules.problems.categories',
      holdDays: 'points.rules.problems.holdDays',
      expiryMonths: 'points.rules.problems.expiryMonths',
      expiryOn: 'points.rules.problems.expiryOn',
    });
    // With expiry off, its months are not checked.
    form.expiryEnabled = false;
    expect(rulesProblems(form).expiryMonths).toBeUndefined();
  });

  it('knows the days of each month in a common year', () => {
    expect(daysInMonth(2)).toBe(28);
    expect(daysInMonth(4)).toBe(30);
    expect(daysInMonth(12)).toBe(31);
    expect(monthDay(3, 5)).toBe('03-05');
  });

  it('writes the cap and works the example as the server counts', () => {
    expect(capText(null, t)).toBe('points.rules.noCap');
    expect(capText(120, t)).toBe('points.rules.hours:{"h":2}');
    expect(capText(90, t)).toBe('points.rules.hoursMinutes:{"h":1,"m":30}');
    expect(capText(45, t)).toBe('points.rules.minutes:{"m":45}');
    // 海林: 3 hours served, at most 2 counted, 10 an hour → 20.
    expect(examplePoints(10, 120)).toBe(20);
    expect(examplePoints(10, null)).toBe(30);
    expect(examplePoints(7, null, 50)).toBe(5);
    expect(examplePoints(null, null)).toBe(0);
  });
});

describe('merchants', () => {
  it('creates with trimmed text, no point unless both coordinates, members once', () => {
    const form = {
      ...emptyMerchantForm(),
      name: ' 青樵书屋 ',
      regionId: 'r1',
      address: ' 文化路 2 号 ',
      lat: 45.1,
      lng: null,
      memberAccountIds: ['a1', 'a1', 'a2'],
    };
    expect(createMerchantBody(form)).toEqual({
      name: '青樵书屋',
      kind: 'business',
      regionId: 'r1',
      address: '文化路 2 号',
      lat: null,
      lng: null,
      contact: '',
      intro: '',
      memberAccountIds: ['a1', 'a2'],
    });
  });

  it('edits only what changed', () => {
    const form = merchantToForm(MERCHANT);
    expect(updateMerchantBody(form, MERCHANT)).toEqual({});
    form.active = false;
    form.memberAccountIds = ['a1', 'a9'];
    form.lat = null;
    form.lng = null;
    expect(updateMerchantBody(form, MERCHANT)).toEqual({ active: false, memberAccountIds: ['a1', 'a9'], lat: null, lng: null });
    expect(memberOptions(MERCHANT)).toEqual([{ value: 'a1', label: '潘志伟' }]);
    expect(memberOptions(null)).toEqual([]);
  });

  it('requires a name, a region on create, an address and a member; a point is both or neither', () => {
    const form = { ...emptyMerchantForm(), lat: 45 };
    const create = merchantRules(t, 'create', form);
    expect(create.regionId).toHaveLength(1);
    expect(merchantRules(t, 'edit', form).regionId).toEqual([]);
    expect((create.memberAccountIds as FormItemRule[])[0]).toMatchObject({ type: 'array', required: true, min: 1 });
    const lng = (create.lng as FormItemRule[])[0]!;
    expect(check(lng, null)).toBe('validation.centre:{}');
    form.lng = 127;
    expect(check(lng, 127)).toBeNull();
  });
});

describe('catalogue', () => {
  it('offers the moves the server allows in each state, to managers', () => {
    expect(catalogActions('pending', true)).toEqual(['approve', 'reject']);
    expect(catalogActions('listed', true)).toEqual(['withdraw']);
    expect(catalogActions('rejected', true)).toEqual(['approve']);
    expect(catalogActions('withdrawn', true)).toEqual(['approve']);
    expect(catalogActions('pending', false)).toEqual([]);
  });

  it('filters by status, kind and merchant', () => {
    expect(catalogQuery(emptyCatalogFilters())).toEqual({ status: 'pending', kind: undefined, merchantId: undefined });
    expect(catalogQuery({ status: 'listed', kind: 'venue', merchantId: 'm1' })).toEqual({
      status: 'listed',
      kind: 'venue',
      merchantId: 'm1',
    });
  });

  it('shows validity and stock (venue time as free places over its slots)', () => {
    const item = { kind: 'goods', stock: 12, slots: [], validFrom: '2026-03-01', validUntil: '2026-08-28' } as unknown as CatalogItem;
    expect(validityText(item)).toBe('2026-03-01 ~ 2026-08-28');
    expect(stockText(item, t)).toBe('12');
    const venue = { ...item, kind: 'venue', stock: 27, slots: new Array(28).fill({}) } as unknown as CatalogItem;
    expect(stockText(venue, t)).toBe('points.catalog.slotsFree:{"n":27,"slots":28}');
  });
});

describe('redemptions', () => {
  it('filters by status and merchant, and tags each status', () => {
    expect(redemptionQuery(emptyRedemptionFilters())).toEqual({ status: undefined, merchantId: undefined });
    expect(redemptionQuery({ status: 'held', merchantId: 'm1' })).toEqual({ status: 'held', merchantId: 'm1' });
    expect(redemptionTagType('held')).toBe('warning');
    expect(redemptionTagType('verified')).toBe('success');
    expect(redemptionTagType('expired')).toBe('info');
  });
});
