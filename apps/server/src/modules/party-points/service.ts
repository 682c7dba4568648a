import { cappedPoints, pioneerIndex } from '@tongxin/shared';
import type {
  CreatePartyPointsEntryBody,
  MyPartyPoints,
  PartyPointsEntry,
  PartyPointsItem,
  PartyPointsItemList,
  PartyPointsMember,
  PartyPointsNoticeList,
  PartyPointsRanking,
  PartyPointsRankingQuery,
  PartyPointsRow,
  UpdatePartyPointsItemBody,
} from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import { describeRegions } from '../regions/index.js';
import * as repo from './repository.js';

const presentItem = (r: repo.ItemRow): PartyPointsItem => ({
  code: r.code,
  label: r.label,
  points: r.points,
  unit: r.unit,
  yearlyCap: r.yearly_cap,
  weight: r.weight,
  source: r.source,
});

/** The community (depth 1) a region path lies in. */
const communityOf = (path: string): string | null => path.split('/').filter(Boolean)[1] ?? null;

/**
 * Party members' points: a year's total per item (capped), the pioneer index, and ranks within the
 * branch and the community. Entered items are a ledger of their own (append-only, reversed by a new
 * entry); service hours, help requests served and household contacts are read from their records.
 */
export class PartyPointsService {
  constructor(
    private readonly db: Database,
    private readonly notifier: Notifier,
  ) {}

  async items(townId: string): Promise<PartyPointsItemList> {
    return { items: (await repo.items(this.db, townId)).map(presentItem) };
  }

  async updateItem(ctx: RequestContext, scope: Scope, code: string, body: UpdatePartyPointsItemBody): Promise<PartyPointsItem> {
    const townId = ctx.actor.townId;
    if (!scope.containsPath(`/${townId}/`)) throw notFound();
    const all = await repo.items(this.db, townId);
    const before = all.find((i) => i.code === code);
    if (!before) throw notFound();
    const points = body.points ?? before.points;
    if (points === 0 || (before.source !== 'manual' && points < 0))
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/points', message: 'not zero; only entered items may deduct' }] });
    const weights = all.reduce((s, i) => s + (i.code === code ? (body.weight ?? i.weight) : i.weight), 0);
    if (weights > 100)
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'body/weight', message: `the weights would sum to ${weights}, over 100` }],
      });
    await this.db.transaction().execute(async (trx) => {
      await repo.updateItem(trx, townId, code, {
        label: body.label?.trim(),
        points: body.points,
        yearly_cap: body.yearlyCap,
        weight: body.weight,
      });
      await recordAudit(trx, ctx, {
        action: 'party_points.item.update',
        entity: 'party_points_item',
        entityId: code,
        townId,
        regionId: townId,
        before: presentItem(before),
        after: body,
      });
    });
    return presentItem((await repo.items(this.db, townId)).find((i) => i.code === code)!);
  }

  /** Totals, index and ranks for a set of members (ranks are within the set: pass whole branches). */
  private async rows(townId: string, members: repo.MemberRow[], year: number): Promise<PartyPointsRow[]> {
    const items = await repo.items(this.db, townId);
    const ids = members.map((m) => m.id);
    const from = `${year}-01-01`;
    const to = `${year + 1}-01-01`;
    const manual = await repo.manualTotals(this.db, ids, year);
    const service = new Map((await repo.serviceTotals(this.db, ids, from, to)).map((r) => [r.member_id, r]));
    const contacts = new Map((await repo.contactTotals(this.db, ids, from, to)).map((r) => [r.member_id!, Number(r.n)]));
    const lines = new Map<string, PartyPointsRow['lines']>();
    for (const m of members) {
      const mine = manual.filter((x) => x.member_id === m.id);
      const s = service.get(m.id);
      lines.set(
        m.id,
        items.map((it) => {
          let quantity: number;
          let raw: number;
          if (it.source === 'manual') {
            const e = mine.find((x) => x.item === it.code);
            quantity = Number(e?.quantity ?? 0);
            raw = Number(e?.points ?? 0);
          } else if (it.source === 'volunteer_hours') {
            quantity = Math.floor(Number(s?.minutes ?? 0) / 60);
            raw = Math.floor((Number(s?.minutes ?? 0) * it.points) / 60);
          } else {
            quantity = it.source === 'help_answered' ? Number(s?.help ?? 0) : (contacts.get(m.id) ?? 0);
            raw = quantity * it.points;
          }
          return { item: it.code, label: it.label, quantity, raw, capped: cappedPoints(raw, it.yearly_cap) };
        }),
      );
    }
    const best = new Map(
      items.map((it) => [it.code, Math.max(0, ...members.map((m) => lines.get(m.id)!.find((l) => l.item === it.code)!.capped))]),
    );
    const communities = await repo.communityNames(
      this.db,
      members.map((m) => communityOf(m.region_path)).filter((c): c is string => Boolean(c)),
    );
    const rows: PartyPointsRow[] = members.map((m) => {
      const ls = lines.get(m.id)!;
      const community = communityOf(m.region_path);
      return {
        memberId: m.id,
        name: m.name,
        orgId: m.org_id,
        orgName: m.org_name,
        communityId: community,
        communityName: community ? (communities.get(community) ?? null) : null,
        lines: ls,
        total: ls.reduce((sum, l) => sum + l.capped, 0),
        index: pioneerIndex(
          items.map((it) => {
            const l = ls.find((x) => x.item === it.code)!;
            return { weight: it.weight, cap: it.yearly_cap, capped: l.capped, best: best.get(it.code) ?? 0 };
          }),
        ),
        rankInBranch: 1,
        rankInCommunity: null,
      };
    });
    const better = (a: PartyPointsRow, b: PartyPointsRow) => b.index - a.index || b.total - a.total;
    rows.sort((a, b) => better(a, b) || a.name.localeCompare(b.name, 'zh-CN'));
    // Equal index and total share a rank (1, 2, 2, 4).
    const assign = (
      key: (r: PartyPointsRow) => string | null,
      set: (r: PartyPointsRow, n: number) => void,
      get: (r: PartyPointsRow) => number | null,
    ) => {
      const groups = new Map<string, PartyPointsRow[]>();
      for (const r of rows) {
        const k = key(r);
        if (k) groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      for (const g of groups.values()) g.forEach((r, i) => set(r, i > 0 && better(g[i - 1]!, r) === 0 ? get(g[i - 1]!)! : i + 1));
    };
    assign(
      (r) => r.orgId,
      (r, n) => (r.rankInBranch = n),
      (r) => r.rankInBranch,
    );
    assign(
      (r) => r.communityId,
      (r, n) => (r.rankInCommunity = n),
      (r) => r.rankInCommunity,
    );
    return rows;
  }

  async ranking(ctx: RequestContext, scope: Scope, q: PartyPointsRankingQuery): Promise<PartyPointsRanking> {
    const all = await repo.membersInScope(this.db, scope, ctx.actor.townId);
    let wanted: (r: PartyPointsRow) => boolean = () => true;
    if (q.orgId) {
      const org = await repo.getOrg(this.db, q.orgId);
      if (!org || !scope.containsPath(org.region_path)) throw notFound();
      const tree = new Set(await repo.orgSubtree(this.db, q.orgId));
      wanted = (r) => tree.has(r.orgId);
    }
    if (q.regionId) {
      const region = (await describeRegions(this.db, [q.regionId])).get(q.regionId);
      if (!region || !scope.containsPath(region.path)) throw notFound();
      const path = region.path;
      const inRegion = new Set(all.filter((m) => m.region_path.startsWith(path)).map((m) => m.id));
      const prev = wanted;
      wanted = (r) => prev(r) && inRegion.has(r.memberId);
    }
    const rows = await this.rows(ctx.actor.townId, all, q.year);
    return { year: q.year, items: rows.filter(wanted) };
  }

  private presentEntries(rows: Awaited<ReturnType<typeof repo.entriesOf>>, items: repo.ItemRow[]): PartyPointsEntry[] {
    return rows.map((e) => ({
      id: String(e.id),
      memberId: e.member_id,
      item: e.item,
      label: items.find((i) => i.code === e.item)?.label ?? e.item,
      quantity: e.quantity,
      points: e.points,
      on: e.happened_on,
      reason: e.reason,
      by: e.by_name,
      reverses: e.reverses_id === null ? null : String(e.reverses_id),
      reversedBy: e.reversed_by === null ? null : String(e.reversed_by),
      at: new Date(e.created_at).toISOString(),
    }));
  }

  /** The member's row ranked as the ranking ranks it: among their community (and their own organisation). */
  private async rankedRow(m: repo.MemberRow, year: number): Promise<PartyPointsRow> {
    const community = communityOf(m.region_path);
    const peers = community
      ? await repo.membersUnderPath(this.db, m.town_id, `/${m.town_id}/${community}/`)
      : await repo.membersOfOrgs(this.db, [m.org_id]);
    const orgMates = await repo.membersOfOrgs(this.db, [m.org_id]);
    const all = new Map([...peers, ...orgMates].map((x) => [x.id, x]));
    return (await this.rows(m.town_id, [...all.values()], year)).find((r) => r.memberId === m.id)!;
  }

  private async memberView(m: repo.MemberRow, year: number): Promise<PartyPointsMember> {
    const row = await this.rankedRow(m, year);
    return { row, entries: this.presentEntries(await repo.entriesOf(this.db, m.id, year), await repo.items(this.db, m.town_id)) };
  }

  async member(scope: Scope, id: string, year: number): Promise<PartyPointsMember> {
    const m = await repo.memberById(this.db, id);
    if (!m || !scope.containsPath(m.region_path)) throw notFound();
    return this.memberView(m, year);
  }

  /** A member's own year, and the whole branch for a branch secretary. */
  async mine(ctx: RequestContext, year: number): Promise<MyPartyPoints> {
    const m = await repo.memberOfAccount(this.db, ctx.actor.accountId);
    if (!m) throw new AppError('NOT_A_PARTY_MEMBER');
    const secretaryOf = await repo.orgsWithSecretary(this.db, m.id);
    let branch: PartyPointsRow[] | null = null;
    if (secretaryOf.length) {
      const orgIds = new Set<string>();
      for (const o of secretaryOf) for (const id of await repo.orgSubtree(this.db, o.id)) orgIds.add(id);
      branch = await this.rows(m.town_id, await repo.membersOfOrgs(this.db, [...orgIds]), year);
    }
    return { member: await this.memberView(m, year), branch };
  }

  async addEntry(ctx: RequestContext, scope: Scope, body: CreatePartyPointsEntryBody): Promise<PartyPointsEntry> {
    const m = await repo.memberById(this.db, body.memberId);
    if (!m || !scope.containsPath(m.region_path)) throw notFound();
    const items = await repo.items(this.db, m.town_id);
    const item = items.find((i) => i.code === body.item);
    if (!item) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/item', message: 'no such item' }] });
    if (item.source !== 'manual')
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'body/item', message: 'this item is counted from the records, not entered' }],
      });
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertEntry(trx, {
        town_id: m.town_id,
        member_id: m.id,
        item: item.code,
        year: Number(body.on.slice(0, 4)),
        happened_on: body.on,
        quantity: body.quantity,
        points: body.quantity * item.points,
        reason: body.reason.trim(),
        created_by: ctx.actor.accountId,
      });
      await recordAudit(trx, ctx, {
        action: 'party_points.entry.add',
        entity: 'party_member',
        entityId: m.id,
        townId: m.town_id,
        regionId: m.region_id,
        after: { ...body, points: body.quantity * item.points },
      });
      if (m.account_id)
        await this.notifier.notify(trx, {
          townId: m.town_id,
          accountId: m.account_id,
          kind: 'party_points.entry',
          title: `党员积分${item.points > 0 ? '加分' : '扣分'}：${item.label} ${item.points * body.quantity > 0 ? '+' : ''}${item.points * body.quantity}`,
          body: body.reason.trim(),
          link: '/m/party-points',
        });
      return id;
    });
    const entries = await repo.entriesOf(this.db, m.id, Number(body.on.slice(0, 4)));
    return this.presentEntries(
      entries.filter((e) => String(e.id) === String(id)),
      items,
    )[0]!;
  }

  async reverseEntry(ctx: RequestContext, scope: Scope, id: string, reason: string): Promise<PartyPointsEntry> {
    if (!/^[0-9]{1,18}$/.test(id)) throw notFound();
    const e = await repo.getEntry(this.db, id);
    if (!e || e.reverses_id !== null) throw notFound();
    const m = await repo.memberById(this.db, e.member_id);
    if (!m || !scope.containsPath(m.region_path)) throw notFound();
    const newId = await this.db.transaction().execute(async (trx) => {
      let newId: string;
      try {
        newId = await repo.insertEntry(trx, {
          town_id: e.town_id,
          member_id: e.member_id,
          item: e.item,
          year: e.year,
          happened_on: e.happened_on,
          quantity: -e.quantity,
          points: -e.points,
          reason: `冲正：${reason.trim()}`,
          reverses_id: e.id,
          created_by: ctx.actor.accountId,
        });
      } catch (err) {
        if ((err as { constraint?: string }).constraint === 'party_points_entry_reverses_key') throw new AppError('POINTS_NOT_REVERSIBLE');
        throw err;
      }
      await recordAudit(trx, ctx, {
        action: 'party_points.entry.reverse',
        entity: 'party_member',
        entityId: m.id,
        townId: m.town_id,
        regionId: m.region_id,
        after: { reverses: id, reason: reason.trim() },
      });
      return newId;
    });
    const items = await repo.items(this.db, m.town_id);
    return this.presentEntries(
      (await repo.entriesOf(this.db, m.id, e.year)).filter((x) => String(x.id) === String(newId)),
      items,
    )[0]!;
  }

  /** 公示: the branch's ranking of the year, kept as shown and sent to every member with an account. */
  async publish(ctx: RequestContext, scope: Scope, body: { year: number; orgId: string }): Promise<PartyPointsNoticeList['items'][number]> {
    const org = await repo.getOrg(this.db, body.orgId);
    if (!org || !scope.containsPath(org.region_path)) throw notFound();
    const members = await repo.membersOfOrgs(this.db, await repo.orgSubtree(this.db, org.id));
    const rows = await this.rows(org.town_id, members, body.year);
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertNotice(trx, {
        town_id: org.town_id,
        org_id: org.id,
        region_id: org.region_id,
        year: body.year,
        snapshot: JSON.stringify(rows),
        published_by: ctx.actor.accountId,
      });
      for (const m of members)
        if (m.account_id)
          await this.notifier.notify(trx, {
            townId: org.town_id,
            accountId: m.account_id,
            kind: 'party_points.notice',
            title: `${org.name} ${body.year} 年度党员先锋指数公示`,
            body: `您本年度积分 ${rows.find((r) => r.memberId === m.id)?.total ?? 0} 分，先锋指数 ${rows.find((r) => r.memberId === m.id)?.index ?? 0}，支部排名第 ${rows.find((r) => r.memberId === m.id)?.rankInBranch ?? '-'} 位。如有异议请向支部书记反映。`,
            link: '/m/party-points',
          });
      await recordAudit(trx, ctx, {
        action: 'party_points.publish',
        entity: 'party_org',
        entityId: org.id,
        townId: org.town_id,
        regionId: org.region_id,
        after: { year: body.year, members: rows.length },
      });
      return id;
    });
    return (await this.noticesOf([org.id])).find((n) => n.id === id)!;
  }

  private async noticesOf(orgIds: string[]): Promise<PartyPointsNoticeList['items']> {
    return (await repo.notices(this.db, orgIds)).map((n) => ({
      id: n.id,
      orgId: n.org_id,
      orgName: n.org_name,
      year: n.year,
      publishedBy: n.published_by ?? '',
      publishedAt: new Date(n.published_at).toISOString(),
      rows: n.snapshot as PartyPointsRow[],
    }));
  }

  /** Notices published for an organisation in the caller's scope (the console). */
  async notices(scope: Scope, orgId: string): Promise<PartyPointsNoticeList> {
    const org = await repo.getOrg(this.db, orgId);
    if (!org || !scope.containsPath(org.region_path)) throw notFound();
    return { items: await this.noticesOf([org.id]) };
  }

  /** Notices of the caller's own branch and the organisations above it. */
  async myNotices(ctx: RequestContext): Promise<PartyPointsNoticeList> {
    const m = await repo.memberOfAccount(this.db, ctx.actor.accountId);
    if (!m) return { items: [] };
    return { items: await this.noticesOf(await repo.orgAncestry(this.db, m.org_id)) };
  }
}
