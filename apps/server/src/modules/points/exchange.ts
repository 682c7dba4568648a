import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  CatalogAdminQuery,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  CatalogSlot,
  CreateCatalogItemBody,
  CreateMerchantBody,
  Merchant,
  MerchantList,
  RedeemBody,
  Redemption,
  RedemptionPage,
  RedemptionQuery,
  Statement,
  StatementQuery,
  UpdateCatalogItemBody,
  UpdateMerchantBody,
} from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import type { Clock } from '../../platform/clock.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { once } from '../../platform/idempotency.js';
import { cancelJobs, scheduleJob } from '../../platform/jobs.js';
import { signalChange, type Notifier } from '../../platform/notify/notifier.js';
import { addDays, localDate, zonedToUtc } from '../../platform/time.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import { accountOf, lockAccounts, post, volunteerAccount } from './ledger.js';
import * as repo from './exchange-repository.js';
import { accountsWithRoleOnPath, rulesOf, volunteerById, volunteerOfAccount } from './repository.js';
import type { PointsService } from './service.js';

type Db = Kysely<DB>;

export const POINTS_JOBS = { expireRedemption: 'points.redemption_expire' } as const;
const expireKey = (id: string) => `redemption:${id}:expire`;
const iso = (d: Date | string) => new Date(d).toISOString();

function presentSlot(s: { id: string; starts_at: Date | string; ends_at: Date | string; capacity: number; taken: number }): CatalogSlot {
  return { id: s.id, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at), capacity: s.capacity, taken: s.taken };
}

function presentRedemption(r: repo.RedemptionRow, slot: CatalogSlot | null, showCode: boolean): Redemption {
  return {
    id: r.id,
    itemId: r.item_id,
    itemTitle: r.item_title,
    kind: r.kind,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    collectAt: r.collect_at,
    volunteerName: r.volunteer_name,
    quantity: r.quantity,
    points: r.points,
    code: showCode ? r.code : `${r.code.slice(0, 2)}****${r.code.slice(6)}`,
    status: r.status,
    slot,
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    verifiedAt: r.verified_at ? iso(r.verified_at) : null,
    verifiedBy: r.verified_name,
  };
}

/**
 * The exchange side of the points bank (积分四换): merchants and units, their catalogue, and
 * redemptions. Redeeming holds the points in the merchant's hold account and takes the stock in the
 * same transaction; verifying settles the hold to the merchant; an unverified code expires (a job)
 * and the points and the stock come back.
 */
export class ExchangeService {
  constructor(
    private readonly db: Database,
    private readonly deps: { notifier: Notifier; clock: Clock; points: PointsService },
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // ------------------------------------------------------------------ merchants (console)

  private async presentMerchants(rows: repo.MerchantRow[]): Promise<Merchant[]> {
    const members = await repo.membersOf(
      this.db,
      rows.map((m) => m.id),
    );
    return rows.map((m) => ({
      id: m.id,
      name: m.name,
      kind: m.kind,
      regionId: m.region_id,
      regionName: m.region_name,
      address: m.address,
      lat: m.lat,
      lng: m.lng,
      contact: m.contact,
      intro: m.intro,
      active: m.active,
      members: members.filter((x) => x.merchant_id === m.id).map((x) => ({ accountId: x.account_id, name: x.name })),
      pointsAccountId: m.points_account_id,
      balance: Number(m.balance),
      held: Number(m.held),
      items: Number(m.items),
    }));
  }

  async merchants(scope: Scope): Promise<MerchantList> {
    return { items: await this.presentMerchants(await repo.listMerchants(this.db, scope)) };
  }

  private async checkMembers(trx: Db, scope: Scope, ids: string[], merchantId: string | null): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await repo.accountsForMembers(trx, scope, unique);
    if (found.length !== unique.length)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/memberAccountIds', message: 'an account outside your area' }] });
    if (found.some((a) => a.merchant_id && a.merchant_id !== merchantId))
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'body/memberAccountIds', message: 'an account already acts for another merchant' }],
      });
    return unique;
  }

  async createMerchant(ctx: RequestContext, scope: Scope, body: CreateMerchantBody): Promise<Merchant> {
    const id = await this.db.transaction().execute(async (trx) => {
      const region = (await describeRegions(trx, [body.regionId])).get(body.regionId);
      if (!region || !scope.containsPath(region.path)) throw notFound();
      const members = await this.checkMembers(trx, scope, body.memberAccountIds, null);
      if (((body.lat ?? null) === null) !== ((body.lng ?? null) === null))
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/lat', message: 'give both lat and lng, or neither' }] });
      let id: string;
      try {
        id = await repo.insertMerchant(trx, {
          town_id: ctx.actor.townId,
          region_id: body.regionId,
          kind: body.kind,
          name: body.name.trim(),
          address: body.address.trim(),
          lat: body.lat ?? null,
          lng: body.lng ?? null,
          contact: body.contact?.trim() ?? '',
          intro: body.intro?.trim() ?? '',
          created_by: ctx.actor.accountId,
        });
      } catch (err) {
        if ((err as { constraint?: string }).constraint === 'merchant_name_key')
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'a merchant of this name exists' }] });
        throw err;
      }
      await repo.setMembers(trx, { id, town_id: ctx.actor.townId, region_id: body.regionId }, members, ctx.actor.accountId);
      await recordAudit(trx, ctx, {
        action: 'merchant.create',
        entity: 'merchant',
        entityId: id,
        townId: ctx.actor.townId,
        regionId: body.regionId,
        after: { ...body },
      });
      return id;
    });
    return (await this.presentMerchants([(await repo.getMerchant(this.db, id))!]))[0]!;
  }

  async updateMerchant(ctx: RequestContext, scope: Scope, id: string, body: UpdateMerchantBody): Promise<Merchant> {
    await this.db.transaction().execute(async (trx) => {
      const m = await repo.getMerchant(trx, id, scope);
      if (!m) throw notFound();
      const { memberAccountIds, ...rest } = body;
      const set = { ...rest, name: rest.name?.trim(), address: rest.address?.trim() };
      for (const k of Object.keys(set) as (keyof typeof set)[]) if (set[k] === undefined) delete set[k];
      // A rename onto another merchant's name is refused as creating one is.
      await repo.updateMerchant(trx, id, set).catch((err: unknown) => {
        if ((err as { constraint?: string }).constraint === 'merchant_name_key')
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'a merchant of this name exists' }] });
        throw err;
      });
      if (memberAccountIds) await repo.setMembers(trx, m, await this.checkMembers(trx, scope, memberAccountIds, id), ctx.actor.accountId);
      await recordAudit(trx, ctx, {
        action: 'merchant.update',
        entity: 'merchant',
        entityId: id,
        townId: m.town_id,
        regionId: m.region_id,
        before: { name: m.name, active: m.active },
        after: body,
      });
    });
    return (await this.presentMerchants([(await repo.getMerchant(this.db, id))!]))[0]!;
  }

  // ------------------------------------------------------------------ a merchant's own

  private async myMerchantRow(ctx: RequestContext, db: Db = this.db): Promise<repo.MerchantRow> {
    const m = await repo.merchantOfAccount(db, ctx.actor.accountId);
    if (!m) throw new AppError('NOT_A_MERCHANT');
    return m;
  }

  async myMerchant(ctx: RequestContext): Promise<Merchant> {
    return (await this.presentMerchants([await this.myMerchantRow(ctx)]))[0]!;
  }

  async myItems(ctx: RequestContext, q: CatalogAdminQuery): Promise<CatalogPage> {
    const m = await this.myMerchantRow(ctx);
    return this.page(await this.items({ merchantId: m.id, status: q.status, kind: q.kind }, q), null);
  }

  async createItem(ctx: RequestContext, body: CreateCatalogItemBody): Promise<CatalogItem> {
    const m = await this.myMerchantRow(ctx);
    if (!m.active) throw new AppError('MERCHANT_INACTIVE');
    if (body.validUntil < body.validFrom)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/validUntil', message: 'not before validFrom' }] });
    const slots = body.slots ?? [];
    if (body.kind === 'venue' && slots.length === 0)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/slots', message: 'venue time needs at least one slot' }] });
    this.checkSlots(slots, 'body/slots');
    const id = await this.db.transaction().execute(async (trx) => {
      if (body.photoId && !(await repo.ownPhoto(trx, ctx.actor.accountId, body.photoId))) throw new AppError('ATTACHMENT_UNKNOWN');
      const id = await repo.insertItem(trx, {
        town_id: m.town_id,
        merchant_id: m.id,
        kind: body.kind,
        title: body.title.trim(),
        description: body.description?.trim() ?? '',
        price: body.price,
        stock: body.kind === 'venue' ? 0 : (body.stock ?? 0),
        per_person_limit: body.perPersonLimit ?? 1,
        valid_from: body.validFrom,
        valid_until: body.validUntil,
        collect_at: body.collectAt.trim(),
        lat: body.lat ?? m.lat,
        lng: body.lng ?? m.lng,
        photo_id: body.photoId ?? null,
        created_by: ctx.actor.accountId,
      });
      if (body.kind === 'venue') await repo.insertSlots(trx, id, slots);
      await recordAudit(trx, ctx, {
        action: 'catalog_item.create',
        entity: 'catalog_item',
        entityId: id,
        townId: m.town_id,
        regionId: m.region_id,
        after: { ...body },
      });
      await this.tellModerators(
        trx,
        m,
        `新的兑换项目待审核：${body.title.trim()}`,
        `${m.name} 上架了「${body.title.trim()}」（${body.price} 积分）。`,
      );
      return id;
    });
    return this.item(id, null);
  }

  private checkSlots(slots: { startsAt: string; endsAt: string }[], path: string): void {
    slots.forEach((s, i) => {
      if (new Date(s.endsAt) <= new Date(s.startsAt))
        throw new AppError('VALIDATION_FAILED', { details: [{ path: `${path}/${i}/endsAt`, message: 'after startsAt' }] });
    });
  }

  async updateItem(ctx: RequestContext, id: string, body: UpdateCatalogItemBody): Promise<CatalogItem> {
    const m = await this.myMerchantRow(ctx);
    await this.db.transaction().execute(async (trx) => {
      const item = await repo.getItem(trx, id);
      if (!item || item.merchant_id !== m.id) throw notFound();
      if (item.status === 'withdrawn' || item.status === 'rejected') {
        if (body.restock || body.addSlots) throw new AppError('CATALOG_STATE');
      }
      const set: Parameters<typeof repo.updateItem>[2] = {};
      if (body.title !== undefined) set.title = body.title.trim();
      if (body.description !== undefined) set.description = body.description.trim();
      if (body.price !== undefined) set.price = body.price;
      if (body.perPersonLimit !== undefined) set.per_person_limit = body.perPersonLimit;
      if (body.collectAt !== undefined) set.collect_at = body.collectAt.trim();
      if (body.photoId !== undefined) {
        if (body.photoId && !(await repo.ownPhoto(trx, ctx.actor.accountId, body.photoId))) throw new AppError('ATTACHMENT_UNKNOWN');
        set.photo_id = body.photoId;
      }
      if (body.validUntil !== undefined) {
        if (body.validUntil < item.valid_from)
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/validUntil', message: 'not before validFrom' }] });
        set.valid_until = body.validUntil;
      }
      // What a volunteer decides by (title, price, description) goes back to the town for a look.
      if (item.status !== 'pending' && (set.title !== undefined || set.price !== undefined || set.description !== undefined)) {
        set.status = 'pending';
        set.moderation_reason = null;
      }
      await repo.updateItem(trx, id, set);
      if (body.restock) {
        if (item.kind === 'venue')
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/restock', message: 'venue time is stocked by slots' }] });
        if (!(await repo.restock(trx, id, body.restock))) throw new AppError('CATALOG_OUT_OF_STOCK');
      }
      if (body.addSlots?.length) {
        if (item.kind !== 'venue')
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/addSlots', message: 'only venue time has slots' }] });
        this.checkSlots(body.addSlots, 'body/addSlots');
        await repo.insertSlots(trx, id, body.addSlots);
      }
      await recordAudit(trx, ctx, {
        action: 'catalog_item.update',
        entity: 'catalog_item',
        entityId: id,
        townId: item.town_id,
        regionId: item.region_id,
        before: { title: item.title, price: item.price, stock: item.stock, status: item.status },
        after: body,
      });
      if (set.status === 'pending')
        await this.tellModerators(trx, m, `兑换项目修改待审核：${set.title ?? item.title}`, `${m.name} 修改了「${item.title}」。`);
    });
    return this.item(id, null);
  }

  /** The merchant takes an item off the shelf (codes already issued stay good). */
  async withdrawMine(ctx: RequestContext, id: string): Promise<CatalogItem> {
    const m = await this.myMerchantRow(ctx);
    return this.setStatus(ctx, id, 'withdrawn', null, (item) => item.merchant_id === m.id);
  }

  private async setStatus(
    ctx: RequestContext,
    id: string,
    status: 'listed' | 'rejected' | 'withdrawn',
    reason: string | null,
    allowed: (item: repo.ItemRow) => boolean,
    from: readonly string[] = ['pending', 'listed'],
  ): Promise<CatalogItem> {
    await this.db.transaction().execute(async (trx) => {
      const item = await repo.getItem(trx, id);
      if (!item || !allowed(item)) throw notFound();
      if (!from.includes(item.status)) throw new AppError('CATALOG_STATE');
      await repo.updateItem(trx, id, { status, moderation_reason: reason, moderated_by: ctx.actor.accountId });
      await recordAudit(trx, ctx, {
        action: `catalog_item.${status}`,
        entity: 'catalog_item',
        entityId: id,
        townId: item.town_id,
        regionId: item.region_id,
        before: { status: item.status },
        after: { status, reason },
      });
      {
        const members = await repo.membersOf(trx, [item.merchant_id]);
        const label = { listed: '已上架', rejected: '未通过审核', withdrawn: '已下架' }[status];
        for (const mm of members)
          if (mm.account_id !== ctx.actor.accountId)
            await this.deps.notifier.notify(trx, {
              townId: item.town_id,
              accountId: mm.account_id,
              kind: `catalog_item.${status}`,
              title: `「${item.title}」${label}`,
              body: reason ? `理由：${reason}` : '兑换项目状态已更新。',
              link: '/m/merchant/items',
            });
      }
    });
    return this.item(id, null);
  }

  private async tellModerators(trx: Db, m: repo.MerchantRow, title: string, body: string): Promise<void> {
    const region = (await describeRegions(trx, [m.region_id])).get(m.region_id);
    if (!region) return;
    const admins = await accountsWithRoleOnPath(trx, m.town_id, ['town_admin', 'community_admin'], region.path.split('/').filter(Boolean));
    for (const accountId of admins)
      await this.deps.notifier.notify(trx, {
        townId: m.town_id,
        accountId,
        kind: 'catalog_item.pending',
        title,
        body,
        link: '/points/catalog',
      });
  }

  // ------------------------------------------------------------------ catalogue (console moderation)

  async catalogAdmin(scope: Scope, q: CatalogAdminQuery): Promise<CatalogPage> {
    return this.page(await this.items({ scope, status: q.status, kind: q.kind, merchantId: q.merchantId }, q), null);
  }

  async moderate(
    ctx: RequestContext,
    scope: Scope,
    id: string,
    decision: 'listed' | 'rejected' | 'withdrawn',
    reason?: string,
  ): Promise<CatalogItem> {
    if (decision !== 'listed' && !reason?.trim())
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/reason', message: 'a reason is required' }] });
    const inScope = async (itemId: string) => {
      const item = await repo.getItem(this.db, itemId);
      return Boolean(item && scope.containsPath((await describeRegions(this.db, [item.region_id])).get(item.region_id)?.path ?? '-'));
    };
    if (!(await inScope(id))) throw notFound();
    const from =
      decision === 'listed' ? ['pending', 'rejected', 'withdrawn'] : decision === 'rejected' ? ['pending'] : ['pending', 'listed'];
    return this.setStatus(ctx, id, decision, reason?.trim() || null, () => true, from);
  }

  // ------------------------------------------------------------------ catalogue (phone)

  private async items(f: Omit<Parameters<typeof repo.listItems>[1], 'limit' | 'offset'>, q: { page?: number; pageSize?: number }) {
    const size = q.pageSize ?? 20;
    return repo.listItems(this.db, { ...f, limit: size, offset: ((q.page ?? 1) - 1) * size });
  }

  private async page(
    found: { rows: (repo.ItemRow & { distance_m: number | null })[]; total: number },
    volunteerId: string | null,
    upcomingSlots = false,
  ): Promise<CatalogPage> {
    const ids = found.rows.map((r) => r.id);
    const slots = await repo.slotsOf(this.db, ids, upcomingSlots);
    const taken = volunteerId ? await repo.takenByVolunteer(this.db, volunteerId, ids) : new Map<string, number>();
    return {
      total: found.total,
      items: found.rows.map((r) => ({
        id: r.id,
        merchantId: r.merchant_id,
        merchantName: r.merchant_name,
        kind: r.kind,
        title: r.title,
        description: r.description,
        price: r.price,
        stock: r.kind === 'venue' ? Number(r.slot_free ?? 0) : r.stock,
        perPersonLimit: r.per_person_limit,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        collectAt: r.collect_at,
        lat: r.lat,
        lng: r.lng,
        distanceM: r.distance_m,
        photoUrl: r.photo_id ? `/api/catalog/${r.id}/photo` : null,
        status: r.status,
        moderationReason: r.moderation_reason,
        remainingForMe: volunteerId ? Math.max(0, r.per_person_limit - (taken.get(r.id) ?? 0)) : null,
        slots: slots.filter((s) => s.item_id === r.id).map(presentSlot),
        createdAt: iso(r.created_at),
      })),
    };
  }

  private async item(id: string, volunteerId: string | null): Promise<CatalogItem> {
    const row = await repo.getItem(this.db, id);
    if (!row) throw notFound();
    return (await this.page({ rows: [{ ...row, distance_m: null }], total: 1 }, volunteerId, volunteerId !== null)).items[0]!;
  }

  private async today(townId: string): Promise<string> {
    return localDate(await townTimezone(this.db, townId), this.now());
  }

  async catalog(ctx: RequestContext, q: CatalogQuery): Promise<CatalogPage> {
    const v = await volunteerOfAccount(this.db, ctx.actor.accountId);
    const near = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : undefined;
    const found = await this.items(
      {
        townId: ctx.actor.townId,
        status: 'listed',
        kind: q.kind,
        availableOn: await this.today(ctx.actor.townId),
        search: q.q?.trim() || undefined,
        near,
      },
      q,
    );
    return this.page(found, v?.status === 'approved' ? v.id : null, true);
  }

  async catalogItem(ctx: RequestContext, id: string): Promise<CatalogItem> {
    const row = await repo.getItem(this.db, id);
    if (!row || row.town_id !== ctx.actor.townId) throw notFound();
    const mine = (await repo.merchantOfAccount(this.db, ctx.actor.accountId))?.id === row.merchant_id;
    if (row.status !== 'listed' && !mine) throw notFound();
    const v = await volunteerOfAccount(this.db, ctx.actor.accountId);
    return this.item(id, v?.status === 'approved' ? v.id : null);
  }

  async photo(ctx: RequestContext, id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const p = await repo.photoOf(this.db, id);
    if (!p || p.town_id !== ctx.actor.townId) throw notFound();
    return { contentType: p.content_type, bytes: Buffer.from(p.bytes) };
  }

  // ------------------------------------------------------------------ redeeming

  /**
   * Redeem: hold the points, take the stock (or a place in the slot), issue a code. The volunteer's
   * account row is locked first, so one person's redemptions queue behind each other (the limit and
   * the balance are read under that lock); the stock is taken by one guarded UPDATE, so however many
   * people race for the last unit, the shelf never goes below zero. A retry with the same
   * Idempotency-Key answers the first result and does nothing more.
   */
  async redeem(ctx: RequestContext, itemId: string, body: RedeemBody, idempotencyKey: string | undefined): Promise<Redemption> {
    const id = await this.db.transaction().execute(async (trx) => {
      const { value } = await once(trx, { accountId: ctx.actor.accountId, key: idempotencyKey, route: `redeem:${itemId}` }, async () => {
        const v = await volunteerOfAccount(trx, ctx.actor.accountId);
        if (!v || v.status !== 'approved') throw new AppError('POINTS_NOT_VOLUNTEER');
        // Everything that needs no lock first: a sold-out shelf is refused for the price of a read,
        // and the item's row is then held only from the stock UPDATE to COMMIT (bench/redeem.mjs).
        const item = await repo.getItem(trx, itemId);
        if (!item || item.town_id !== v.town_id) throw notFound();
        const tz = await townTimezone(trx, item.town_id);
        const now = this.now();
        const today = localDate(tz, now);
        if (item.status !== 'listed' || !item.merchant_active || item.valid_from > today || item.valid_until < today)
          throw new AppError('CATALOG_NOT_AVAILABLE');
        const quantity = body.quantity ?? 1;
        if (item.kind !== 'venue' && item.stock < quantity) throw new AppError('CATALOG_OUT_OF_STOCK');
        if (item.kind === 'venue' && !body.slotId) throw new AppError('CATALOG_SLOT_REQUIRED');
        const rules = await rulesOf(trx, item.town_id);
        const hold = await accountOf(trx, { townId: item.town_id, kind: 'hold', regionId: item.region_id, merchantId: item.merchant_id });
        const account = await volunteerAccount(trx, { townId: v.town_id, volunteerId: v.id, regionId: v.region_id });

        // The volunteer's own lock: their limit and balance are read under it.
        const balance = (await lockAccounts(trx, [account])).get(account)!.balance;
        const had = (await repo.quantityTaken(trx, item.id, [v.id])).get(v.id) ?? 0;
        if (had + quantity > item.per_person_limit) throw new AppError('CATALOG_LIMIT_REACHED');
        const points = item.price * quantity;
        if (balance < points) throw new AppError('POINTS_INSUFFICIENT');
        let slot: Awaited<ReturnType<typeof repo.getSlot>> | undefined;
        if (item.kind === 'venue') {
          if (!(await repo.takeSlot(trx, body.slotId!, item.id, quantity))) {
            if (!(await repo.getSlot(trx, body.slotId!))) throw new AppError('CATALOG_SLOT_REQUIRED');
            throw new AppError('CATALOG_SLOT_FULL');
          }
          slot = await repo.getSlot(trx, body.slotId!);
        } else if (!(await repo.takeStock(trx, item.id, quantity))) throw new AppError('CATALOG_OUT_OF_STOCK');

        const lastDay = zonedToUtc(addDays(item.valid_until, 1), '00:00', tz);
        let expiresAt = new Date(Math.min(now.getTime() + rules.holdDays * 86_400_000, lastDay.getTime()));
        if (slot) expiresAt = new Date(slot.ends_at);
        let redemptionId: string | null = null;
        for (let i = 0; i < 8 && !redemptionId; i++)
          redemptionId = await repo.insertRedemption(trx, {
            town_id: item.town_id,
            item_id: item.id,
            merchant_id: item.merchant_id,
            volunteer_id: v.id,
            slot_id: slot?.id ?? null,
            quantity,
            points,
            code: String(randomInt(0, 100_000_000)).padStart(8, '0'),
            expires_at: expiresAt,
          });
        if (!redemptionId) throw new Error('could not draw a free redemption code');
        await post(trx, {
          townId: item.town_id,
          kind: 'hold',
          memo: `兑换「${item.title}」×${quantity}（${item.merchant_name}）`,
          entries: [
            { accountId: account, amount: -points },
            { accountId: hold, amount: points },
          ],
          createdBy: ctx.actor.accountId,
          redemptionId,
        });
        await scheduleJob(trx, {
          name: POINTS_JOBS.expireRedemption,
          key: expireKey(redemptionId),
          runAt: expiresAt,
          payload: { redemptionId },
        });
        await recordAudit(trx, ctx, {
          action: 'redemption.create',
          entity: 'redemption',
          entityId: redemptionId,
          townId: item.town_id,
          regionId: item.region_id,
          after: { itemId: item.id, quantity, points, slotId: slot?.id ?? null },
        });
        return redemptionId;
      });
      return value;
    });
    return this.myRedemption(ctx, id);
  }

  private async present(r: repo.RedemptionRow, showCode: boolean): Promise<Redemption> {
    const slot = r.slot_id ? await repo.getSlot(this.db, r.slot_id) : undefined;
    return presentRedemption(r, slot ? presentSlot(slot) : null, showCode);
  }

  async myRedemptions(ctx: RequestContext, q: RedemptionQuery): Promise<RedemptionPage> {
    const v = await volunteerOfAccount(this.db, ctx.actor.accountId);
    if (!v) return { items: [], total: 0 };
    const size = q.pageSize ?? 20;
    const { rows, total } = await repo.listRedemptions(this.db, {
      volunteerId: v.id,
      status: q.status,
      limit: size,
      offset: ((q.page ?? 1) - 1) * size,
    });
    return { items: await Promise.all(rows.map((r) => this.present(r, true))), total };
  }

  async myRedemption(ctx: RequestContext, id: string): Promise<Redemption> {
    const r = await repo.getRedemption(this.db, id);
    if (!r || r.volunteer_account_id !== ctx.actor.accountId) throw notFound();
    return this.present(r, true);
  }

  async cancel(ctx: RequestContext, id: string): Promise<Redemption> {
    await this.db.transaction().execute(async (trx) => {
      const r = await repo.getRedemption(trx, id);
      if (!r || r.volunteer_account_id !== ctx.actor.accountId) throw notFound();
      if (!(await this.release(trx, id, 'cancelled'))) throw new AppError('REDEMPTION_STATE');
    });
    return this.myRedemption(ctx, id);
  }

  /** Give back a held redemption's points and stock; false if it was no longer held. */
  async release(trx: Db, id: string, status: 'expired' | 'cancelled'): Promise<boolean> {
    const locked = await repo.lockRedemption(trx, id);
    if (!locked || locked.status !== 'held') return false;
    const r = (await repo.getRedemption(trx, id))!;
    const v = (await volunteerById(trx, r.volunteer_id))!;
    const account = await volunteerAccount(trx, { townId: r.town_id, volunteerId: r.volunteer_id, regionId: v.region_id });
    await lockAccounts(trx, [account]);
    if (r.slot_id) await repo.releaseSlot(trx, r.slot_id, r.quantity);
    else await repo.restock(trx, r.item_id, r.quantity);
    const hold = await accountOf(trx, { townId: r.town_id, kind: 'hold', regionId: r.merchant_region_id, merchantId: r.merchant_id });
    await post(trx, {
      townId: r.town_id,
      kind: 'release',
      memo: `${status === 'expired' ? '兑换码过期' : '取消兑换'}，退回「${r.item_title}」×${r.quantity}`,
      entries: [
        { accountId: hold, amount: -r.points },
        { accountId: account, amount: r.points },
      ],
      redemptionId: id,
    });
    await repo.closeRedemption(trx, id, { status, at: this.now() });
    await cancelJobs(trx, [expireKey(id)]);
    if (status === 'expired')
      await this.deps.notifier.notify(trx, {
        townId: r.town_id,
        accountId: r.volunteer_account_id,
        kind: 'redemption.expired',
        title: `兑换码已过期：${r.item_title}`,
        body: `未在有效期内核销，${r.points} 积分已退回您的账户。`,
        link: `/m/points/redemptions/${id}`,
      });
    await signalChange(trx, [r.volunteer_account_id], { topic: 'redemption', id, status });
    return true;
  }

  /** The job: a code not verified in time expires and gives everything back. */
  async onExpire(trx: Db, payload: { redemptionId: string }, now: Date): Promise<void> {
    const r = await repo.lockRedemption(trx, payload.redemptionId);
    if (!r || r.status !== 'held') return;
    if (new Date(r.expires_at) > now) {
      await scheduleJob(trx, { name: POINTS_JOBS.expireRedemption, key: expireKey(r.id), runAt: new Date(r.expires_at), payload });
      return;
    }
    await this.release(trx, r.id, 'expired');
  }

  // ------------------------------------------------------------------ verifying (merchant)

  async lookup(ctx: RequestContext, code: string): Promise<Redemption> {
    const m = await this.myMerchantRow(ctx);
    const r = await repo.redemptionByCode(this.db, m.town_id, m.id, code);
    if (!r) throw new AppError('REDEMPTION_CODE_UNKNOWN');
    return this.present(r, true);
  }

  /** 核销: settle the hold to the merchant; a code is verified once, by its own merchant, before it expires. */
  async verify(ctx: RequestContext, code: string): Promise<Redemption> {
    const id = await this.db.transaction().execute(async (trx) => {
      const m = await this.myMerchantRow(ctx, trx);
      if (!m.active) throw new AppError('MERCHANT_INACTIVE');
      const found = await repo.redemptionByCode(trx, m.town_id, m.id, code);
      if (!found) throw new AppError('REDEMPTION_CODE_UNKNOWN');
      const locked = await repo.lockRedemption(trx, found.id);
      const now = this.now();
      if (!locked || locked.status !== 'held' || new Date(locked.expires_at) <= now) throw new AppError('REDEMPTION_STATE');
      const hold = await accountOf(trx, { townId: m.town_id, kind: 'hold', regionId: m.region_id, merchantId: m.id });
      const mine = await accountOf(trx, { townId: m.town_id, kind: 'merchant', regionId: m.region_id, merchantId: m.id });
      await post(trx, {
        townId: m.town_id,
        kind: 'settle',
        memo: `核销「${found.item_title}」×${found.quantity}（${found.volunteer_name}）`,
        entries: [
          { accountId: hold, amount: -found.points },
          { accountId: mine, amount: found.points },
        ],
        createdBy: ctx.actor.accountId,
        redemptionId: found.id,
      });
      await repo.closeRedemption(trx, found.id, { status: 'verified', verified_by: ctx.actor.accountId, at: now });
      await cancelJobs(trx, [expireKey(found.id)]);
      await recordAudit(trx, ctx, {
        action: 'redemption.verify',
        entity: 'redemption',
        entityId: found.id,
        townId: m.town_id,
        regionId: m.region_id,
        after: { points: found.points },
      });
      await this.deps.notifier.notify(trx, {
        townId: m.town_id,
        accountId: found.volunteer_account_id,
        kind: 'redemption.verified',
        title: `兑换成功：${found.item_title}`,
        body: `${m.name} 已核销，使用 ${found.points} 积分。感谢您的志愿服务！`,
        link: `/m/points/redemptions/${found.id}`,
      });
      await signalChange(trx, [found.volunteer_account_id], { topic: 'redemption', id: found.id, status: 'verified' });
      return found.id;
    });
    const r = (await repo.getRedemption(this.db, id))!;
    return this.present(r, true);
  }

  async merchantRedemptions(ctx: RequestContext, q: RedemptionQuery): Promise<RedemptionPage> {
    const m = await this.myMerchantRow(ctx);
    const size = q.pageSize ?? 20;
    const { rows, total } = await repo.listRedemptions(this.db, {
      merchantId: m.id,
      status: q.status,
      limit: size,
      offset: ((q.page ?? 1) - 1) * size,
    });
    return { items: await Promise.all(rows.map((r) => this.present(r, r.status !== 'held'))), total };
  }

  async merchantStatement(ctx: RequestContext, q: StatementQuery): Promise<Statement> {
    const m = await this.myMerchantRow(ctx);
    const id = await this.db
      .transaction()
      .execute((trx) => accountOf(trx, { townId: m.town_id, kind: 'merchant', regionId: m.region_id, merchantId: m.id }));
    return this.deps.points.statementOf(id, q);
  }

  async merchantStatementSheet(ctx: RequestContext) {
    const m = await this.myMerchantRow(ctx);
    const id = await this.db
      .transaction()
      .execute((trx) => accountOf(trx, { townId: m.town_id, kind: 'merchant', regionId: m.region_id, merchantId: m.id }));
    return this.deps.points.sheetOf(ctx, id);
  }

  async redemptions(scope: Scope, q: RedemptionQuery): Promise<RedemptionPage> {
    const size = q.pageSize ?? 20;
    const { rows, total } = await repo.listRedemptions(this.db, {
      scope,
      merchantId: q.merchantId,
      status: q.status,
      limit: size,
      offset: ((q.page ?? 1) - 1) * size,
    });
    return { items: await Promise.all(rows.map((r) => this.present(r, false))), total };
  }
}
