import type { Kysely } from 'kysely';
import { DEFAULT_POINTS_RULES, POINTS_TXN_LABELS } from '@tongxin/shared';
import type {
  Adjustment,
  AdjustmentList,
  AdjustmentQuery,
  CreateAdjustmentBody,
  MyPoints,
  PointsAccount,
  PointsAccountPage,
  PointsAccountQuery,
  PointsRules,
  Statement,
  StatementLine,
  StatementQuery,
  UpdatePointsRulesBody,
} from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import type { Clock } from '../../platform/clock.js';
import { scopeFor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import { addDays, localDate, zonedToUtc } from '../../platform/time.js';
import { cancelJobs, scheduleJob } from '../../platform/jobs.js';
import { attachment, writeSheet, XLSX_MIME } from '../../platform/xlsx.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import { issuingAccount, lockAccounts, post, reverse, REVERSIBLE, volunteerAccount } from './ledger.js';
import { settleRecord } from './earning.js';
import * as repo from './repository.js';

type Db = Kysely<DB>;

export const POINTS_EXPIRY_JOBS = { run: 'points.expiry', warn: 'points.expiry_warning' } as const;
const STATEMENT_EXPORT_MAX = 50_000;

export function presentAccount(a: repo.AccountView): PointsAccount {
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    ownerId: a.owner_id,
    regionId: a.region_id,
    regionName: a.region_name,
    balance: Number(a.balance),
    updatedAt: new Date(a.updated_at).toISOString(),
  };
}

function presentLine(r: repo.StatementRow): StatementLine {
  return {
    entryId: String(r.entry_id),
    txnId: r.txn_id,
    kind: r.kind,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    memo: r.memo,
    at: new Date(r.created_at).toISOString(),
    serviceRecordId: r.service_record_id,
    redemptionId: r.redemption_id,
    reverses: r.reverses_id,
    reversedBy: r.reversed_by,
    reversible: REVERSIBLE.includes(r.kind) && !r.reversed_by,
  };
}

/**
 * The points bank's accounts, earning rules, statements, and admin grants and deductions
 * (maker–checker above the town's threshold). Redemptions are in exchange.ts.
 */
export class PointsService {
  constructor(
    private readonly db: Database,
    private readonly deps: { notifier: Notifier; clock: Clock },
  ) {}

  /** Listener for confirmed or corrected service records (activities, help, corrections). */
  onServiceRecordChanged = async (trx: Db, e: { recordId: string }): Promise<void> => {
    await settleRecord(trx, e.recordId, null);
  };

  // ------------------------------------------------------------------ rules

  async rules(townId: string): Promise<PointsRules> {
    const r = await repo.rulesOf(this.db, townId);
    const categories = await repo.activityCategories(this.db, townId);
    return {
      helpPerHour: r.helpPerHour,
      helpMaxMinutes: r.helpMaxMinutes,
      helpBonusMinStars: r.helpBonusMinStars,
      helpBonusPoints: r.helpBonusPoints,
      complaintMaxStars: r.complaintMaxStars,
      approvalThreshold: r.approvalThreshold,
      holdDays: r.holdDays,
      expiryMonths: r.expiryMonths,
      expiryOn: r.expiryOn,
      expiryWarnDays: r.expiryWarnDays,
      categories: categories.map((c) => {
        const rate = r.rates.get(c.code);
        return {
          category: c.code,
          label: c.label,
          perHour: rate?.per_hour ?? r.activityPerHour,
          maxMinutes: rate ? rate.max_minutes : r.activityMaxMinutes,
          teamPerHour: rate?.team_per_hour ?? DEFAULT_POINTS_RULES.teamPerHour,
        };
      }),
    };
  }

  async updateRules(ctx: RequestContext, scope: Scope, body: UpdatePointsRulesBody): Promise<PointsRules> {
    const townId = ctx.actor.townId;
    if (!scope.containsPath(`/${townId}/`)) throw notFound();
    const before = await this.rules(townId);
    await this.db.transaction().execute(async (trx) => {
      await repo.ensureSettings(trx, townId);
      const set: Parameters<typeof repo.updateSettings>[2] = { updated_by: ctx.actor.accountId, updated_at: new Date() };
      if (body.helpPerHour !== undefined) set.help_per_hour = body.helpPerHour;
      if (body.helpMaxMinutes !== undefined) set.help_max_minutes = body.helpMaxMinutes;
      if (body.helpBonusMinStars !== undefined) set.help_bonus_min_stars = body.helpBonusMinStars;
      if (body.helpBonusPoints !== undefined) set.help_bonus_points = body.helpBonusPoints;
      if (body.complaintMaxStars !== undefined) set.complaint_max_stars = body.complaintMaxStars;
      if (body.approvalThreshold !== undefined) set.approval_threshold = body.approvalThreshold;
      if (body.holdDays !== undefined) set.hold_days = body.holdDays;
      if (body.expiryMonths !== undefined) set.expiry_months = body.expiryMonths;
      if (body.expiryOn !== undefined) {
        const [m, d] = body.expiryOn.split('-').map(Number);
        if (new Date(Date.UTC(2001, m! - 1, d)).getUTCMonth() !== m! - 1)
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/expiryOn', message: 'no such day' }] });
        set.expiry_on = body.expiryOn;
      }
      if (body.expiryWarnDays !== undefined) set.expiry_warn_days = body.expiryWarnDays;
      if (body.complaintMaxStars !== undefined || body.helpBonusMinStars !== undefined) {
        const complaint = body.complaintMaxStars ?? before.complaintMaxStars;
        const bonus = body.helpBonusMinStars ?? before.helpBonusMinStars;
        if (complaint >= bonus)
          throw new AppError('VALIDATION_FAILED', {
            details: [{ path: 'body/complaintMaxStars', message: 'must be below the stars that earn the extra' }],
          });
      }
      await repo.updateSettings(trx, townId, set);
      const known = new Set(before.categories.map((c) => c.category));
      for (const [i, c] of (body.categories ?? []).entries()) {
        if (!known.has(c.category))
          throw new AppError('VALIDATION_FAILED', {
            details: [{ path: `body/categories/${i}/category`, message: 'no such activity category' }],
          });
        await repo.upsertRate(trx, {
          town_id: townId,
          category: c.category,
          per_hour: c.perHour,
          max_minutes: c.maxMinutes,
          team_per_hour: c.teamPerHour,
        });
      }
      await this.scheduleExpiry(trx, townId);
      await recordAudit(trx, ctx, {
        action: 'points.rules.update',
        entity: 'town',
        entityId: townId,
        townId,
        regionId: townId,
        before,
        after: body,
      });
    });
    return this.rules(townId);
  }

  // ------------------------------------------------------------------ expiry (off unless the town sets it)

  /** Put (or take off) the town's next expiry run and its warning on the job queue. */
  async scheduleExpiry(trx: Db, townId: string): Promise<void> {
    const rules = await repo.rulesOf(trx, townId);
    const keys = { run: `points:expiry:${townId}`, warn: `points:expiry-warn:${townId}` };
    if (!rules.expiryMonths) {
      await cancelJobs(trx, [keys.run, keys.warn]);
      return;
    }
    const tz = await townTimezone(trx, townId);
    const now = this.deps.clock.now();
    const on = nextExpiry(localDate(tz, now), rules.expiryOn);
    // Points expire at the end of the expiry date.
    await scheduleJob(trx, {
      name: POINTS_EXPIRY_JOBS.run,
      key: keys.run,
      runAt: zonedToUtc(addDays(on, 1), '00:00', tz),
      payload: { townId, on },
    });
    const warnAt = zonedToUtc(addDays(on, -rules.expiryWarnDays), '00:00', tz);
    if (warnAt > now) await scheduleJob(trx, { name: POINTS_EXPIRY_JOBS.warn, key: keys.warn, runAt: warnAt, payload: { townId, on } });
    else await cancelJobs(trx, [keys.warn]);
  }

  /** Tell every volunteer with points about to expire how many and when. */
  async onExpiryWarning(trx: Db, p: { townId: string; on: string }): Promise<void> {
    const rules = await repo.rulesOf(trx, p.townId);
    if (!rules.expiryMonths) return;
    const tz = await townTimezone(trx, p.townId);
    const cutoff = zonedToUtc(monthsBefore(p.on, rules.expiryMonths), '00:00', tz);
    for (const a of await repo.volunteerAccountsWithPoints(trx, p.townId)) {
      const amount = await expiringAmount(trx, a.id, a.balance, cutoff);
      if (amount > 0)
        await this.deps.notifier.notify(trx, {
          townId: p.townId,
          accountId: a.holder_account_id,
          kind: 'points.expiring',
          title: `${amount} 积分将于 ${p.on} 到期`,
          body: `${monthsBefore(p.on, rules.expiryMonths)} 之前获得且尚未使用的积分将在 ${p.on} 到期，请及时兑换。`,
          link: '/m/points/catalog',
        });
    }
  }

  /** The expiry itself: one ledger transaction per volunteer (volunteer → issuing), then next year's run. */
  async onExpiry(trx: Db, p: { townId: string; on: string }): Promise<void> {
    const rules = await repo.rulesOf(trx, p.townId);
    if (!rules.expiryMonths) return;
    const tz = await townTimezone(trx, p.townId);
    const cutoff = zonedToUtc(monthsBefore(p.on, rules.expiryMonths), '00:00', tz);
    const issuing = await issuingAccount(trx, p.townId);
    for (const a of await repo.volunteerAccountsWithPoints(trx, p.townId)) {
      const locked = (await lockAccounts(trx, [a.id, issuing])).get(a.id)!;
      const amount = await expiringAmount(trx, a.id, locked.balance, cutoff);
      if (amount <= 0) continue;
      await post(trx, {
        townId: p.townId,
        kind: 'expire',
        memo: `${monthsBefore(p.on, rules.expiryMonths)} 前获得的积分于 ${p.on} 到期`,
        entries: [
          { accountId: a.id, amount: -amount },
          { accountId: issuing, amount },
        ],
      });
      await this.deps.notifier.notify(trx, {
        townId: p.townId,
        accountId: a.holder_account_id,
        kind: 'points.expired',
        title: `${amount} 积分已到期`,
        body: `按本镇积分规则，${monthsBefore(p.on, rules.expiryMonths)} 之前获得且未使用的积分已到期。`,
        link: '/m/points/statement',
      });
    }
    await this.scheduleExpiry(trx, p.townId);
  }

  // ------------------------------------------------------------------ a volunteer's own

  private async myVolunteer(ctx: RequestContext) {
    const v = await repo.volunteerOfAccount(this.db, ctx.actor.accountId);
    if (!v || v.status !== 'approved') throw new AppError('POINTS_NOT_VOLUNTEER');
    return v;
  }

  async me(ctx: RequestContext): Promise<MyPoints> {
    let m = await repo.myPoints(this.db, ctx.actor.accountId);
    if (!m || m.status !== 'approved') throw new AppError('POINTS_NOT_VOLUNTEER');
    if (!m.account) {
      // The account opens on first use.
      await volunteerAccount(this.db, { townId: m.town_id, volunteerId: m.volunteer_id, regionId: m.volunteer_region_id });
      m = (await repo.myPoints(this.db, ctx.actor.accountId))!;
    }
    const account = m.account!;
    const expiryMonths = m.has_settings ? m.expiry_months : DEFAULT_POINTS_RULES.expiryMonths;
    let expiring = 0;
    let expiringOn: string | null = null;
    if (expiryMonths) {
      const next = nextExpiry(localDate(m.timezone, this.deps.clock.now()), m.expiry_on ?? '12-31');
      expiringOn = next;
      expiring = await expiringAmount(
        this.db,
        account.id,
        Number(account.balance),
        zonedToUtc(monthsBefore(next, expiryMonths), '00:00', m.timezone),
      );
    }
    return {
      account: presentAccount(account),
      held: Number(m.held),
      earned: Math.max(0, Number(m.earned)),
      spent: Math.max(0, Number(m.spent)),
      expiring,
      expiringOn,
      serviceMinutes: Number(m.minutes),
    };
  }

  async myStatement(ctx: RequestContext, q: StatementQuery): Promise<Statement> {
    const v = await this.myVolunteer(ctx);
    const id = await volunteerAccount(this.db, { townId: v.town_id, volunteerId: v.id, regionId: v.region_id });
    return this.statementOf(id, q);
  }

  async myStatementSheet(ctx: RequestContext) {
    const v = await this.myVolunteer(ctx);
    const id = await volunteerAccount(this.db, { townId: v.town_id, volunteerId: v.id, regionId: v.region_id });
    return this.sheetOf(ctx, id);
  }

  // ------------------------------------------------------------------ ledgers (console)

  async accounts(scope: Scope, q: PointsAccountQuery): Promise<PointsAccountPage> {
    const size = q.pageSize ?? 20;
    let regionPath: string | undefined;
    if (q.regionId) {
      const r = (await describeRegions(this.db, [q.regionId])).get(q.regionId);
      if (!r || !scope.containsPath(r.path)) throw notFound();
      regionPath = r.path;
    }
    const { rows, ...counted } = await repo.listAccounts(this.db, scope, {
      kind: q.kind,
      regionPath,
      search: q.q?.trim() || undefined,
      limit: size,
      offset: ((q.page ?? 1) - 1) * size,
    });
    return { items: rows.map(presentAccount), ...counted };
  }

  async statement(scope: Scope, accountId: string, q: StatementQuery): Promise<Statement> {
    if (!(await repo.getAccountInScope(this.db, scope, accountId))) throw notFound();
    return this.statementOf(accountId, q);
  }

  async statementSheet(ctx: RequestContext, scope: Scope, accountId: string) {
    if (!(await repo.getAccountInScope(this.db, scope, accountId))) throw notFound();
    return this.sheetOf(ctx, accountId);
  }

  /** Used for merchants' statements too (exchange.ts). */
  async statementOf(accountId: string, q: StatementQuery): Promise<Statement> {
    const account = (await repo.getAccount(this.db, accountId))!;
    const tz = await townTimezone(this.db, account.town_id);
    const size = q.pageSize ?? 20;
    const { rows, total } = await repo.statement(this.db, accountId, {
      from: q.from ? zonedToUtc(q.from, '00:00', tz) : undefined,
      to: q.to ? zonedToUtc(addDays(q.to, 1), '00:00', tz) : undefined,
      limit: size,
      offset: ((q.page ?? 1) - 1) * size,
    });
    return { account: presentAccount(account), items: rows.map(presentLine), total };
  }

  async sheetOf(ctx: RequestContext, accountId: string) {
    const account = (await repo.getAccount(this.db, accountId))!;
    const tz = await townTimezone(this.db, account.town_id);
    const { rows } = await repo.statement(this.db, accountId, { limit: STATEMENT_EXPORT_MAX, offset: 0 });
    const at = `${localDate(tz, new Date())}`;
    await recordAudit(this.db, ctx, {
      action: 'points.statement.export',
      entity: 'points_account',
      entityId: accountId,
      townId: account.town_id,
      regionId: account.region_id,
      after: { lines: rows.length },
    });
    const sheet = await writeSheet({
      sheetName: '积分流水',
      watermark: `${account.name} 积分流水 · 余额 ${account.balance} 分 · 导出人：${ctx.actor.name} · 导出日期：${at}`,
      columns: [
        { header: '时间', key: 'at', width: 20 },
        { header: '类型', key: 'kind', width: 14 },
        { header: '摘要', key: 'memo', width: 48 },
        { header: '收入', key: 'in', width: 10 },
        { header: '支出', key: 'out', width: 10 },
        { header: '余额', key: 'balance', width: 10 },
        { header: '流水号', key: 'txn', width: 38 },
      ],
    });
    const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, dateStyle: 'short', timeStyle: 'medium', hour12: false });
    const done = (async () => {
      for (const r of [...rows].reverse())
        sheet.add({
          at: fmt.format(new Date(r.created_at)),
          kind: POINTS_TXN_LABELS[r.kind].zh,
          memo: r.memo,
          in: Number(r.amount) > 0 ? Number(r.amount) : '',
          out: Number(r.amount) < 0 ? -Number(r.amount) : '',
          balance: Number(r.balance_after),
          txn: r.txn_id,
        });
      await sheet.end();
    })();
    done.catch((err) => sheet.stream.destroy(err as Error));
    return { stream: sheet.stream, type: XLSX_MIME, disposition: attachment(`积分流水-${account.name}-${at}.xlsx`) };
  }

  // ------------------------------------------------------------------ grants, deductions, reversals

  private present(a: repo.AdjustmentRow, ctx: RequestContext): Adjustment {
    const approver = scopeFor(ctx.actor, 'points.approve');
    return {
      id: a.id,
      accountId: a.account_id,
      accountName: a.account_name,
      accountKind: a.account_kind,
      amount: a.amount,
      reason: a.reason,
      status: a.status,
      requestedBy: a.requested_name,
      requestedById: a.requested_by,
      requestedAt: new Date(a.requested_at).toISOString(),
      decidedBy: a.decided_name,
      decidedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null,
      decisionReason: a.decision_reason,
      txnId: a.txn_id,
      canDecide: a.status === 'pending' && a.requested_by !== ctx.actor.accountId && !approver.isEmpty,
    };
  }

  private async postAdjustment(
    trx: Db,
    a: { id: string; town_id: string; account_id: string; amount: number; reason: string },
    by: string,
  ) {
    const issuing = await issuingAccount(trx, a.town_id);
    return post(trx, {
      townId: a.town_id,
      kind: a.amount > 0 ? 'grant' : 'deduct',
      memo: a.reason,
      entries: [
        { accountId: a.account_id, amount: a.amount },
        { accountId: issuing, amount: -a.amount },
      ],
      createdBy: by,
      adjustmentId: a.id,
    });
  }

  /** A grant or deduction; at most the threshold posts at once, above it waits for a second person. */
  async createAdjustment(ctx: RequestContext, scope: Scope, body: CreateAdjustmentBody): Promise<Adjustment> {
    if (body.amount === 0) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/amount', message: 'not zero' }] });
    const id = await this.db.transaction().execute(async (trx) => {
      const account = await repo.getAccountInScope(trx, scope, body.accountId);
      if (!account || account.kind === 'issuing' || account.kind === 'hold') throw notFound();
      const rules = await repo.rulesOf(trx, account.town_id);
      const needsApproval = Math.abs(body.amount) > rules.approvalThreshold;
      const reason = body.reason.trim();
      const id = await repo.insertAdjustment(trx, {
        town_id: account.town_id,
        account_id: account.id,
        amount: body.amount,
        reason,
        requested_by: ctx.actor.accountId,
      });
      if (!needsApproval) {
        const txnId = await this.postAdjustment(
          trx,
          { id, town_id: account.town_id, account_id: account.id, amount: body.amount, reason },
          ctx.actor.accountId,
        );
        await repo.decideAdjustment(trx, id, { status: 'posted', decided_by: null, txn_id: txnId });
        await this.tellHolder(trx, account, body.amount, reason);
      } else {
        const region = (await describeRegions(trx, [account.region_id])).get(account.region_id)!;
        const approvers = await repo.accountsWithRoleOnPath(trx, account.town_id, ['town_admin'], region.path.split('/').filter(Boolean));
        for (const accountId of approvers.filter((a) => a !== ctx.actor.accountId))
          await this.deps.notifier.notify(trx, {
            townId: account.town_id,
            accountId,
            kind: 'points.adjustment.pending',
            title: `积分调整待审批：${account.name} ${body.amount > 0 ? '+' : ''}${body.amount} 分`,
            body: `${ctx.actor.name} 申请：${reason}`,
            link: '/points/adjustments',
          });
      }
      await recordAudit(trx, ctx, {
        action: 'points.adjustment.create',
        entity: 'points_adjustment',
        entityId: id,
        townId: account.town_id,
        regionId: account.region_id,
        after: { accountId: account.id, amount: body.amount, reason, needsApproval },
      });
      return id;
    });
    return this.present((await repo.getAdjustment(this.db, scope, id))!, ctx);
  }

  async adjustments(ctx: RequestContext, scope: Scope, q: AdjustmentQuery): Promise<AdjustmentList> {
    return { items: (await repo.listAdjustments(this.db, scope, q.status)).map((a) => this.present(a, ctx)) };
  }

  async decide(ctx: RequestContext, scope: Scope, id: string, approve: boolean, reason?: string): Promise<Adjustment> {
    await this.db.transaction().execute(async (trx) => {
      const a = await repo.getAdjustment(trx, scope, id, true);
      if (!a) throw notFound();
      if (a.status !== 'pending') throw new AppError('POINTS_ADJUSTMENT_STATE');
      if (approve && a.requested_by === ctx.actor.accountId) throw new AppError('POINTS_SAME_PERSON');
      const account = (await repo.getAccount(trx, a.account_id))!;
      if (approve) {
        const txnId = await this.postAdjustment(trx, a, ctx.actor.accountId);
        await repo.decideAdjustment(trx, id, {
          status: 'posted',
          decided_by: ctx.actor.accountId,
          decision_reason: reason?.trim() || null,
          txn_id: txnId,
        });
        await this.tellHolder(trx, account, a.amount, a.reason);
      } else {
        if (!reason?.trim())
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/reason', message: 'a reason is required' }] });
        await repo.decideAdjustment(trx, id, { status: 'rejected', decided_by: ctx.actor.accountId, decision_reason: reason.trim() });
      }
      await this.deps.notifier.notify(trx, {
        townId: a.town_id,
        accountId: a.requested_by,
        kind: approve ? 'points.adjustment.approved' : 'points.adjustment.rejected',
        title: `积分调整${approve ? '已通过' : '未通过'}：${a.account_name} ${a.amount > 0 ? '+' : ''}${a.amount} 分`,
        body: approve ? a.reason : `理由：${reason}`,
        link: '/points/adjustments',
      });
      await recordAudit(trx, ctx, {
        action: approve ? 'points.adjustment.approve' : 'points.adjustment.reject',
        entity: 'points_adjustment',
        entityId: id,
        townId: a.town_id,
        regionId: a.region_id,
        before: { status: 'pending' },
        after: { status: approve ? 'posted' : 'rejected', reason: reason ?? null },
      });
    });
    return this.present((await repo.getAdjustment(this.db, scope, id))!, ctx);
  }

  /** Undo a grant or deduction; every account it touched must lie in the caller's scope. */
  async reverse(ctx: RequestContext, scope: Scope, txnId: string, reason: string): Promise<{ txnId: string }> {
    return this.db.transaction().execute(async (trx) => {
      const found = await repo.txnWithEntries(trx, txnId);
      if (!found) throw notFound();
      const theirs = found.entries.filter((e) => e.kind !== 'issuing');
      for (const e of theirs) if (!(await repo.getAccountInScope(trx, scope, e.account_id))) throw notFound();
      const memo = `冲正：${found.txn.memo}（${reason.trim()}）`;
      const id = await reverse(trx, txnId, memo, ctx.actor.accountId);
      for (const e of theirs) {
        const account = (await repo.getAccount(trx, e.account_id))!;
        await this.tellHolder(trx, account, -e.amount, memo);
      }
      await recordAudit(trx, ctx, {
        action: 'points.txn.reverse',
        entity: 'points_txn',
        entityId: txnId,
        townId: found.txn.town_id,
        regionId: theirs[0]?.region_id ?? found.txn.town_id,
        after: { reversal: id, reason: reason.trim() },
      });
      return { txnId: id };
    });
  }

  private async tellHolder(trx: Db, account: repo.AccountView, amount: number, why: string): Promise<void> {
    if (account.kind !== 'volunteer' || !account.owner_id) return;
    const v = await repo.volunteerById(trx, account.owner_id);
    if (!v) return;
    await this.deps.notifier.notify(trx, {
      townId: account.town_id,
      accountId: v.account_id,
      kind: 'points.adjusted',
      title: amount > 0 ? `获得 ${amount} 积分` : `扣减 ${-amount} 积分`,
      body: why,
      link: '/m/points',
    });
  }
}

// ------------------------------------------------------------------ expiry arithmetic (also used by the expiry job)

/** The next expiry date (MM-DD) on or after today. */
export function nextExpiry(today: string, on: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${on}`;
  return thisYear >= today ? thisYear : `${year + 1}-${on}`;
}

export function monthsBefore(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/** Spending uses the oldest points first, so what expires is the balance less what was earned since the cut-off. */
export async function expiringAmount(db: Db, accountId: string, balance: number, cutoff: Date): Promise<number> {
  return Math.max(0, balance - (await repo.creditsSince(db, accountId, cutoff)));
}
