import { GRANTABLE_ROLES, ROLE_PERMISSIONS, isMobile, isStrongPassword, maskMobile, normalizeMobile, type Role } from '@tongxin/shared';
import type {
  Account,
  AccountListQuery,
  AccountPage,
  CreateAccountBody,
  GrantBody,
  ResetPasswordBody,
  UpdateAccountBody,
} from '@tongxin/shared/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB, AccountRow } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import type { Actor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { hashPassword } from '../../platform/auth/password.js';
import { sessionsChanged } from '../../platform/auth/sessions.js';
import { describeRegions } from '../regions/index.js';
import { presentGrants } from '../auth/index.js';
import * as repo from './repository.js';

/** Roles the actor may hand out on a node with this path: from their account.manage grants above it. */
export function grantableRoles(actor: Pick<Actor, 'grants'>, regionPath: string): Set<Role> {
  const out = new Set<Role>();
  for (const g of actor.grants) {
    if (ROLE_PERMISSIONS[g.role].includes('account.manage') && regionPath.startsWith(g.regionPath)) {
      for (const r of GRANTABLE_ROLES[g.role]) out.add(r);
    }
  }
  return out;
}

export interface NewAccountInput {
  townId: string;
  homeRegionId: string;
  name: string;
  mobile: string;
  password: string;
}

export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
  ) {}

  async list(scope: Scope, query: AccountListQuery): Promise<AccountPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let regionPath: string | undefined;
    if (query.regionId) {
      const region = (await describeRegions(this.db, [query.regionId])).get(query.regionId);
      if (!region || !scope.containsPath(region.path)) throw notFound();
      regionPath = region.path;
    }
    const q = query.q?.trim();
    const mobile = q ? normalizeMobile(q) : '';
    const { items, total } = await repo.findAccounts(
      this.db,
      scope,
      {
        regionPath,
        role: query.role,
        mobileHash: isMobile(mobile) ? this.cipher.keyedHash(mobile) : undefined,
        name: q || undefined,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: await this.present(this.db, items), total };
  }

  async get(scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<Account> {
    const row = await repo.getAccountInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.present(db, [row]))[0]!;
  }

  /** Create an account record. Also used by the demo seed, which has no request behind it. */
  async insert(trx: Kysely<DB>, input: NewAccountInput): Promise<string> {
    const mobile = normalizeMobile(input.mobile);
    if (!isMobile(mobile)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/mobile', message: 'not a mobile number' }] });
    if (!isStrongPassword(input.password)) throw new AppError('AUTH_WEAK_PASSWORD');
    const name = input.name.trim();
    if (!name) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'empty' }] });
    try {
      return await repo.insertAccount(trx, {
        town_id: input.townId,
        home_region_id: input.homeRegionId,
        name,
        mobile_hash: this.cipher.keyedHash(mobile),
        mobile_cipher: this.cipher.encrypt(mobile),
        mobile_masked: maskMobile(mobile),
        password_hash: await hashPassword(input.password),
      });
    } catch (err) {
      if (isUniqueViolation(err, 'account_mobile_key')) throw new AppError('MOBILE_TAKEN', { cause: err });
      throw err;
    }
  }

  async create(ctx: RequestContext, scope: Scope, body: CreateAccountBody): Promise<Account> {
    return this.db.transaction().execute(async (trx) => {
      const home = await this.regionInScope(trx, scope, body.homeRegionId);
      const id = await this.insert(trx, {
        townId: home.townId,
        homeRegionId: body.homeRegionId,
        name: body.name,
        mobile: body.mobile,
        password: body.password,
      });
      for (const g of body.grants ?? []) await this.addGrant(trx, ctx, scope, id, g);
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'account.create',
        entity: 'account',
        entityId: id,
        townId: home.townId,
        regionId: body.homeRegionId,
        after,
      });
      return after;
    });
  }

  async update(ctx: RequestContext, scope: Scope, id: string, body: UpdateAccountBody): Promise<Account> {
    const account = await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const patch: Parameters<typeof repo.updateAccount>[2] = {};
      if (body.name !== undefined) {
        const name = body.name.trim();
        if (!name) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'empty' }] });
        patch.name = name;
      }
      if (body.disabled !== undefined) {
        if (id === ctx.actor.accountId && body.disabled) throw new AppError('FORBIDDEN');
        patch.disabled = body.disabled;
      }
      if (body.homeRegionId !== undefined) {
        const home = await this.regionInScope(trx, scope, body.homeRegionId);
        if (home.townId !== (await repo.getAccountInScope(trx, scope, id))?.town_id) throw new AppError('FORBIDDEN');
        patch.home_region_id = body.homeRegionId;
      }
      await repo.updateAccount(trx, id, patch);
      if (patch.disabled) await repo.deleteSessions(trx, id);
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'account.update',
        entity: 'account',
        entityId: id,
        townId: after.grants[0]?.townId ?? ctx.actor.townId,
        regionId: after.homeRegionId,
        before,
        after,
      });
      return after;
    });
    // Signed-in sessions carry the name, home and disabled state: every instance must read them again.
    await sessionsChanged(this.db, [id]);
    return account;
  }

  async resetPassword(ctx: RequestContext, scope: Scope, id: string, body: ResetPasswordBody): Promise<void> {
    if (!isStrongPassword(body.password)) throw new AppError('AUTH_WEAK_PASSWORD');
    const passwordHash = await hashPassword(body.password);
    await this.db.transaction().execute(async (trx) => {
      const account = await this.get(scope, id, trx);
      await repo.setPassword(trx, id, passwordHash);
      await repo.deleteSessions(trx, id);
      await recordAudit(trx, ctx, {
        action: 'account.reset_password',
        entity: 'account',
        entityId: id,
        regionId: account.homeRegionId,
        townId: ctx.actor.townId,
      });
    });
    await sessionsChanged(this.db, [id]);
  }

  async grant(ctx: RequestContext, scope: Scope, id: string, body: GrantBody): Promise<Account> {
    const account = await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      await this.addGrant(trx, ctx, scope, id, body);
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'account.grant',
        entity: 'account',
        entityId: id,
        regionId: body.regionId,
        townId: ctx.actor.townId,
        before: before.grants,
        after: after.grants,
      });
      return after;
    });
    await sessionsChanged(this.db, [id]);
    return account;
  }

  async revoke(ctx: RequestContext, scope: Scope, id: string, grantId: string): Promise<Account> {
    const account = await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const grant = await repo.getGrant(trx, id, grantId);
      if (!grant || !scope.containsPath(grant.path)) throw notFound();
      if (!grantableRoles(ctx.actor, grant.path).has(grant.role as Role)) throw new AppError('ROLE_NOT_GRANTABLE');
      await repo.deleteGrant(trx, grantId);
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'account.revoke',
        entity: 'account',
        entityId: id,
        regionId: grant.region_id,
        townId: grant.town_id,
        before: before.grants,
        after: after.grants,
      });
      return after;
    });
    await sessionsChanged(this.db, [id]);
    return account;
  }

  /** Insert a grant with no request behind it (the demo seed, operator scripts). */
  async insertGrant(trx: Kysely<DB>, grant: { townId: string; accountId: string; role: Role; regionId: string }): Promise<string> {
    return repo.insertGrant(trx, {
      town_id: grant.townId,
      account_id: grant.accountId,
      role: grant.role,
      region_id: grant.regionId,
      granted_by: null,
    });
  }

  private async addGrant(trx: Kysely<DB>, ctx: RequestContext, scope: Scope, accountId: string, g: GrantBody): Promise<void> {
    const region = await this.regionInScope(trx, scope, g.regionId);
    if (!grantableRoles(ctx.actor, region.path).has(g.role)) throw new AppError('ROLE_NOT_GRANTABLE');
    try {
      await repo.insertGrant(trx, {
        town_id: region.townId,
        account_id: accountId,
        role: g.role,
        region_id: g.regionId,
        granted_by: ctx.actor.accountId,
      });
    } catch (err) {
      if (isUniqueViolation(err, 'role_grant_key')) throw new AppError('GRANT_EXISTS', { cause: err });
      throw err;
    }
  }

  private async regionInScope(db: Kysely<DB>, scope: Scope, regionId: string) {
    const region = (await describeRegions(db, [regionId])).get(regionId);
    if (!region || !scope.containsPath(region.path)) throw notFound();
    return region;
  }

  private async present(db: Kysely<DB>, rows: AccountRow[]): Promise<Account[]> {
    const grants = await presentGrants(
      db,
      rows.map((r) => r.id),
    );
    const homes = await describeRegions(
      db,
      rows.map((r) => r.home_region_id),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      mobileMasked: r.mobile_masked,
      homeRegionId: r.home_region_id,
      homeRegionName: homes.get(r.home_region_id)?.pathNames.join(' / ') ?? '',
      homeRegionPath: homes.get(r.home_region_id)?.pathNames ?? [],
      disabled: r.disabled,
      lockedUntil: r.locked_until && r.locked_until > new Date() ? r.locked_until.toISOString() : null,
      grants: grants.get(r.id) ?? [],
      createdAt: r.created_at.toISOString(),
    }));
  }
}
