import { isStrongPassword, normalizeMobile, type Locale } from '@tongxin/shared';
import type { ChangePasswordBody, LoginBody, Me, UpdateMyPreferencesBody } from '@tongxin/shared/schemas';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../platform/auth/password.js';
import { createSession, deleteOtherSessions, deleteSession, sessionsChanged, type NewSession } from '../../platform/auth/sessions.js';
import * as repo from './repository.js';
import { presentMe } from './presenter.js';

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
    private readonly config: Pick<Config, 'sessionDays' | 'loginMaxFailures' | 'loginLockMinutes'>,
  ) {}

  /**
   * Check a mobile number and password. Unknown numbers and wrong passwords look the same from
   * outside; repeated failures lock the account for a while.
   */
  async login(
    body: LoginBody,
    meta: { ip: string | null; userAgent: string | null; requestId: string },
  ): Promise<{ me: Me; session: NewSession }> {
    const account = await repo.findAccountByMobileHash(this.db, this.cipher.keyedHash(normalizeMobile(body.mobile)));
    const ctx = { ip: meta.ip, requestId: meta.requestId };
    if (!account) {
      await verifyAgainstDummy(body.password);
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    const actor = { accountId: account.id, name: account.name };
    const audit = (action: string) =>
      recordAudit(
        this.db,
        { ...ctx, actor },
        { action, entity: 'account', entityId: account.id, townId: account.town_id, regionId: account.home_region_id },
      );
    if (account.locked_until && account.locked_until > new Date()) {
      await audit('auth.login_locked');
      throw new AppError('AUTH_ACCOUNT_LOCKED');
    }
    if (!(await verifyPassword(account.password_hash, body.password))) {
      const after = await repo.recordLoginFailure(this.db, account.id, this.config.loginMaxFailures, this.config.loginLockMinutes);
      const locked = after.locked_until !== null && after.locked_until > new Date();
      await audit(locked ? 'auth.account_locked' : 'auth.login_failed');
      throw new AppError(locked ? 'AUTH_ACCOUNT_LOCKED' : 'AUTH_INVALID_CREDENTIALS');
    }
    if (account.disabled) throw new AppError('AUTH_ACCOUNT_DISABLED');
    await repo.recordLoginSuccess(this.db, account.id);
    const session = await createSession(this.db, account.id, this.config.sessionDays, meta);
    await audit('auth.login');
    return { me: await presentMe(this.db, account), session };
  }

  async logout(ctx: RequestContext): Promise<void> {
    await deleteSession(this.db, ctx.actor.sessionId);
    await sessionsChanged(this.db, [ctx.actor.accountId]);
    await recordAudit(this.db, ctx, {
      action: 'auth.logout',
      entity: 'account',
      entityId: ctx.actor.accountId,
      townId: ctx.actor.townId,
      regionId: ctx.actor.homeRegionId,
    });
  }

  async me(ctx: RequestContext): Promise<Me> {
    const account = await repo.getAccount(this.db, ctx.actor.accountId);
    if (!account) throw new AppError('AUTH_REQUIRED');
    return presentMe(this.db, account);
  }

  /** Change one's own password; every other session of the account is signed out. */
  async changePassword(ctx: RequestContext, body: ChangePasswordBody): Promise<void> {
    const account = await repo.getAccount(this.db, ctx.actor.accountId);
    if (!account) throw new AppError('AUTH_REQUIRED');
    if (!(await verifyPassword(account.password_hash, body.currentPassword))) throw new AppError('AUTH_WRONG_PASSWORD');
    if (!isStrongPassword(body.newPassword)) throw new AppError('AUTH_WEAK_PASSWORD');
    const passwordHash = await hashPassword(body.newPassword);
    await this.db.transaction().execute(async (trx) => {
      await repo.setPasswordHash(trx, account.id, passwordHash);
      await deleteOtherSessions(trx, account.id, ctx.actor.sessionId);
      await recordAudit(trx, ctx, {
        action: 'auth.password_change',
        entity: 'account',
        entityId: account.id,
        townId: account.town_id,
        regionId: account.home_region_id,
      });
    });
    await sessionsChanged(this.db, [account.id]);
  }

  async updatePreferences(ctx: RequestContext, body: UpdateMyPreferencesBody): Promise<Me> {
    const patch: { locale?: Locale; large_text?: boolean } = {};
    if (body.locale !== undefined) patch.locale = body.locale;
    if (body.largeText !== undefined) patch.large_text = body.largeText;
    if (Object.keys(patch).length > 0) {
      await this.db.transaction().execute(async (trx) => {
        const before = await repo.getAccount(trx, ctx.actor.accountId);
        await repo.setPreferences(trx, ctx.actor.accountId, patch);
        await recordAudit(trx, ctx, {
          action: 'account.preferences',
          entity: 'account',
          entityId: ctx.actor.accountId,
          townId: ctx.actor.townId,
          regionId: ctx.actor.homeRegionId,
          before: before && { locale: before.locale, largeText: before.large_text },
          after: patch,
        });
      });
    }
    return this.me(ctx);
  }
}
