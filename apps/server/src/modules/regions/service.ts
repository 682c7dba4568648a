import { randomUUID } from 'node:crypto';
import type {
  CreateRegionBody,
  MoveRegionBody,
  Region,
  RegionList,
  RegionListQuery,
  Town,
  UpdateRegionBody,
  UpdateTownBody,
} from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import { presentRegion } from './presenter.js';

export class RegionService {
  constructor(private readonly db: Database) {}

  async list(scope: Scope, query: RegionListQuery): Promise<RegionList> {
    let rows: repo.RegionWithCount[];
    if (query.parentId) {
      if (!(await repo.getRegionById(this.db, scope, query.parentId))) throw notFound();
      rows = await repo.findChildren(this.db, scope, query.parentId);
    } else if (query.subtree) {
      rows = await repo.findRegionsInScope(this.db, scope);
    } else {
      // Without a parent: the roots of the caller's scope.
      rows = (await Promise.all(scope.roots.map((r) => repo.getRegionById(this.db, scope, r.regionId)))).filter(
        (r): r is repo.RegionWithCount => !!r,
      );
    }
    const levelNames = await repo.getTownLevelNames(this.db, [...new Set(rows.map((r) => r.town_id))]);
    return { items: rows.map((r) => presentRegion(r, levelNames[r.town_id] ?? [])), levelNames };
  }

  async get(scope: Scope, id: string, db: Database = this.db): Promise<Region> {
    const row = await repo.getRegionById(db, scope, id);
    if (!row) throw notFound();
    const levelNames = await repo.getTownLevelNames(db, [row.town_id]);
    return presentRegion(row, levelNames[row.town_id] ?? []);
  }

  async create(ctx: RequestContext, scope: Scope, body: CreateRegionBody): Promise<Region> {
    const name = body.name.trim();
    if (!name) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'empty' }] });
    return this.write(async (trx) => {
      const parent = await repo.getRegionById(trx, scope, body.parentId);
      if (!parent) throw notFound();
      await repo.lockTownTree(trx, parent.town_id);
      const levels = (await repo.getTownLevelNames(trx, [parent.town_id]))[parent.town_id] ?? [];
      if (parent.depth + 1 >= levels.length) throw new AppError('REGION_DEPTH_EXCEEDED');
      const id = randomUUID();
      await repo.insertRegion(trx, {
        id,
        town_id: parent.town_id,
        parent_id: parent.id,
        depth: parent.depth + 1,
        path: `${parent.path}${id}/`,
        name,
        code: body.code ?? null,
        boundary: body.boundary ? JSON.stringify(body.boundary) : null,
        centre_lng: body.centre?.lng ?? null,
        centre_lat: body.centre?.lat ?? null,
      });
      const created = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'region.create',
        entity: 'region',
        entityId: id,
        townId: created.townId,
        regionId: id,
        after: created,
      });
      return created;
    });
  }

  async update(ctx: RequestContext, scope: Scope, id: string, body: UpdateRegionBody): Promise<Region> {
    return this.write(async (trx) => {
      const before = await this.get(scope, id, trx);
      const patch: Parameters<typeof repo.updateRegion>[2] = {};
      if (body.name !== undefined) {
        const name = body.name.trim();
        if (!name) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'empty' }] });
        patch.name = name;
      }
      if (body.code !== undefined) patch.code = body.code;
      if (body.boundary !== undefined) patch.boundary = body.boundary ? JSON.stringify(body.boundary) : null;
      if (body.centre !== undefined) {
        patch.centre_lng = body.centre?.lng ?? null;
        patch.centre_lat = body.centre?.lat ?? null;
      }
      if (Object.keys(patch).length === 0) return before;
      await repo.updateRegion(trx, id, patch);
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'region.update',
        entity: 'region',
        entityId: id,
        townId: after.townId,
        regionId: id,
        before,
        after,
      });
      return after;
    });
  }

  async move(ctx: RequestContext, scope: Scope, id: string, body: MoveRegionBody): Promise<Region> {
    return this.write(async (trx) => {
      const node = await repo.getRegionById(trx, scope, id);
      if (!node) throw notFound();
      if (scope.isRoot(node.path) || node.depth === 0) throw new AppError('REGION_SCOPE_ROOT');
      const target = await repo.getRegionById(trx, scope, body.parentId);
      if (!target) throw notFound();
      await repo.lockTownTree(trx, node.town_id);
      // The target must not lie inside the node, and the node keeps its level (a grid stays a grid).
      if (target.path.startsWith(node.path) || target.town_id !== node.town_id || target.depth !== node.depth - 1) {
        throw new AppError('REGION_MOVE_INVALID');
      }
      if (target.id === node.parent_id) return this.get(scope, id, trx);
      const before = await this.get(scope, id, trx);
      await repo.movePaths(trx, node.path, `${target.path}${node.id}/`);
      await repo.setParent(trx, node.id, target.id);
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'region.move',
        entity: 'region',
        entityId: id,
        townId: node.town_id,
        regionId: id,
        before,
        after,
      });
      return after;
    });
  }

  async remove(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.write(async (trx) => {
      const node = await repo.getRegionById(trx, scope, id);
      if (!node) throw notFound();
      if (scope.isRoot(node.path) || node.depth === 0) throw new AppError('REGION_SCOPE_ROOT');
      await repo.lockTownTree(trx, node.town_id);
      if (node.child_count > 0) throw new AppError('REGION_HAS_CHILDREN');
      const before = await this.get(scope, id, trx);
      // Anything else that lives here (accounts, grants, later households…) holds a foreign key,
      // so the delete fails rather than orphaning it.
      await repo.deleteRegion(trx, id);
      await recordAudit(trx, ctx, {
        action: 'region.delete',
        entity: 'region',
        entityId: id,
        townId: node.town_id,
        regionId: node.parent_id,
        before,
      });
    });
  }

  /** A town's settings; the caller's scope must hold the whole town. */
  async getTown(scope: Scope, id: string, db: Database = this.db): Promise<Town> {
    const town = await repo.getTown(db, id);
    if (!town || !scope.containsPath(`/${id}/`)) throw notFound();
    return {
      id: town.id,
      name: town.name,
      levelNames: town.level_names,
      timezone: town.timezone,
      deepestLevel: await repo.getDeepestLevel(db, id),
    };
  }

  async updateTown(ctx: RequestContext, scope: Scope, id: string, body: UpdateTownBody): Promise<Town> {
    return this.write(async (trx) => {
      const before = await this.getTown(scope, id, trx);
      await repo.lockTownTree(trx, id);
      const patch: { name?: string; level_names?: string[] } = {};
      if (body.name !== undefined) {
        const name = body.name.trim();
        if (!name) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'empty' }] });
        patch.name = name;
      }
      if (body.levelNames !== undefined) {
        const names = body.levelNames.map((n) => n.trim());
        if (names.some((n) => !n)) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/levelNames', message: 'empty' }] });
        // Re-read under the lock: a concurrent create may just have gone one level deeper.
        if (names.length <= (await repo.getDeepestLevel(trx, id))) throw new AppError('REGION_LEVELS_IN_USE');
        patch.level_names = names;
      }
      if (Object.keys(patch).length === 0) return before;
      await repo.updateTown(trx, id, patch);
      const after = await this.getTown(scope, id, trx);
      await recordAudit(trx, ctx, { action: 'town.update', entity: 'town', entityId: id, townId: id, regionId: id, before, after });
      return after;
    });
  }

  private async write<T>(fn: (trx: Database) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err, 'region_sibling_name_key')) throw new AppError('REGION_NAME_TAKEN', { cause: err });
      if (isUniqueViolation(err, 'region_code_key')) throw new AppError('REGION_CODE_TAKEN', { cause: err });
      if (isForeignKeyViolation(err)) throw new AppError('REGION_HAS_CHILDREN', { cause: err });
      throw err;
    }
  }
}
