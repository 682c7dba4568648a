/**
 * The access matrix's cases: for every /api route, a valid request inside the caller's scope
 * (side A) or outside it (side B), built on a fixture of one town. Shared by the access test and
 * the hostile-input test, which mutates the side-A requests.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from '../src/platform/exceljs.js';
import { sql } from 'kysely';
import type { InjectOptions } from 'fastify';
import { idCheckDigit } from '@tongxin/shared';
import { insertRegion } from '../src/modules/regions/index.js';
import { createPeopleService } from '../src/modules/people/index.js';
import { createPartyService } from '../src/modules/party/index.js';
import type { Caller, TestContext, TestTown } from './helpers.js';
import { accountOf, issuingAccount, post } from '../src/modules/points/index.js';
import type { RequestContext } from '../src/platform/context.js';

export type Side = 'A' | 'B';
export interface Fixture {
  t: TestContext;
  town: TestTown;
  community(side: Side): TestTown['communities'][number];
  /** A fresh subgrid with one empty grid under community A or B. */
  freshGrid(side: Side): Promise<{ subgridId: string; gridId: string }>;
  /** A fresh account homed in the community's grid, holding `volunteer` there. */
  freshAccount(side: Side): Promise<{ id: string; grantId: string }>;
  /** A notification addressed to this account. */
  notificationFor(accountId: string): Promise<string>;
  /** A fresh household in the community's grid, with one resident. */
  freshHousehold(side: Side): Promise<{ id: string; residentId: string }>;
  /** A fresh party branch on the community, with one member. */
  freshBranch(side: Side): Promise<{ orgId: string; memberId: string }>;
  /** A fresh pending volunteer application homed in the community's grid. */
  freshVolunteer(side: Side): Promise<string>;
  /** A fresh professional team serving the community. */
  freshTeam(side: Side): Promise<string>;
  /** A fresh team with one pending membership of a fresh approved volunteer. */
  freshMembership(side: Side): Promise<{ teamId: string; memberId: string }>;
  /**
   * A fresh pending service record (activity, occurrence, attended sign-up) in the community, of a
   * fresh volunteer or of the one given.
   */
  freshServiceRecord(side: Side, volunteerId?: string): Promise<{ recordId: string; volunteerId: string }>;
  /** A fresh pending correction request on a fresh service record of the community. */
  freshCorrection(side: Side): Promise<string>;
  /** Make this account an approved volunteer of community A (idempotent); its volunteer id. */
  volunteerFor(accountId: string): Promise<string>;
  /** A fresh resource pairing of the community (from 2026-01-01) with a theme for 2026-03 and a list for 2026-Q1. */
  freshPairing(side: Side): Promise<string>;
  /**
   * A fresh published activity with one occurrence in the community: tomorrow, or running now;
   * with a confirmed sign-up of the volunteer given (checked in when asked).
   */
  freshOccurrence(
    side: Side,
    opts?: { draft?: boolean; running?: boolean; volunteerId?: string; checkedIn?: boolean },
  ): Promise<{ activityId: string; occurrenceId: string; signupId: string | null }>;
  /** A fresh practical matter of the community. */
  freshMatter(side: Side): Promise<string>;
  /** A fresh help request in the community's grid, in the given state and with the people given. */
  freshHelp(
    side: Side,
    opts?: {
      status?: string;
      requesterAccountId?: string;
      claimantVolunteerId?: string;
      assigneeVolunteerId?: string;
      pool?: 'grid' | 'community';
    },
  ): Promise<string>;
  /** A fresh attachment uploaded by the account (linked to a request when given). */
  freshAttachment(accountId: string, requestId?: string): Promise<string>;
  /** The merchant this account acts for (one in community A, made on first use). */
  merchantFor(accountId: string): Promise<string>;
  /** A fresh merchant in the community, acting through a fresh account. */
  freshMerchant(side: Side): Promise<string>;
  /** A fresh catalogue item (listed unless said otherwise) of the merchant given, or of a fresh one in the community. */
  freshItem(side: Side, opts?: { status?: 'pending' | 'listed'; merchantId?: string; photoBy?: string }): Promise<string>;
  /** Grant points to a volunteer (straight on the ledger); the volunteer's points account id. */
  givePoints(volunteerId: string, amount: number): Promise<string>;
  /** The points account of a fresh approved volunteer of the community, holding 100 points. */
  freshPointsAccount(side: Side): Promise<string>;
  /** A held redemption of the account given (made a volunteer with points) or of a fresh volunteer, at the merchant given or a fresh one. */
  freshRedemption(side: Side, opts?: { accountId?: string; merchantId?: string }): Promise<{ id: string; code: string }>;
  /** A pending adjustment (above the threshold) on a fresh volunteer's account in the community. */
  freshAdjustment(side: Side): Promise<string>;
  /** A posted grant on a fresh volunteer's account in the community: its transaction id. */
  freshGrant(side: Side): Promise<string>;
  /** Make this account a party member of a fresh branch in community A (idempotent). */
  partyMemberFor(accountId: string): Promise<string>;
  /** A party-points entry of a fresh branch member in the community: its id. */
  freshPartyEntry(side: Side): Promise<string>;
}

export interface Request extends Omit<InjectOptions, 'headers'> {
  url: string;
  /** Extra headers (content type); the caller's session headers are added to them. */
  headers?: Record<string, string>;
}
/** Build the request for the caller's own side (in scope) or the other (out of scope). */
export type Case = (fx: Fixture, side: Side, caller: Caller) => Promise<Request | null>;

const name = () => `区域${randomUUID().slice(0, 8)}`;

export const CASES: Record<string, Case | 'public' | 'sse'> = {
  'POST /api/auth/login': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/logout': async (_fx, side) => (side === 'A' ? { method: 'POST', url: '/api/auth/logout' } : null),
  'GET /api/auth/me': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/auth/me' } : null),
  'POST /api/auth/password': async (_fx, side) =>
    side === 'A'
      ? { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Passw0rd-test', newPassword: 'Passw0rd-test' } }
      : null,
  'PATCH /api/auth/me/preferences': async (_fx, side) =>
    side === 'A' ? { method: 'PATCH', url: '/api/auth/me/preferences', payload: { largeText: true } } : null,

  'GET /api/regions': async (fx, side) => ({ method: 'GET', url: `/api/regions?parentId=${fx.community(side).id}` }),
  'GET /api/regions/:id': async (fx, side) => ({ method: 'GET', url: `/api/regions/${fx.community(side).gridId}` }),
  'POST /api/regions': async (fx, side) => ({
    method: 'POST',
    url: '/api/regions',
    payload: { parentId: fx.community(side).subgridId, name: name() },
  }),
  'PATCH /api/regions/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/regions/${fx.community(side).gridId}`,
    payload: { name: name() },
  }),
  'POST /api/regions/:id/move': async (fx, side) => {
    const g = await fx.freshGrid(side);
    return { method: 'POST', url: `/api/regions/${g.gridId}/move`, payload: { parentId: fx.community(side).subgridId } };
  },
  'DELETE /api/regions/:id': async (fx, side) => ({ method: 'DELETE', url: `/api/regions/${(await fx.freshGrid(side)).gridId}` }),

  // Every caller here holds its role on community A, so no town lies inside its scope: only the
  // outside case applies (regions.test.ts covers a town admin on the town root).
  'GET /api/towns/:id': async (fx, side) => (side === 'B' ? { method: 'GET', url: `/api/towns/${fx.town.townId}` } : null),
  'PATCH /api/towns/:id': async (fx, side) =>
    side === 'B'
      ? { method: 'PATCH', url: `/api/towns/${fx.town.townId}`, payload: { levelNames: ['镇', '社区', '小区', '网格', '楼栋'] } }
      : null,

  'GET /api/accounts': async (fx, side) => ({ method: 'GET', url: `/api/accounts?regionId=${fx.community(side).id}` }),
  'POST /api/accounts': async (fx, side) => ({
    method: 'POST',
    url: '/api/accounts',
    payload: {
      name: '新账号',
      mobile: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      password: 'Abcdefg123',
      homeRegionId: fx.community(side).gridId,
    },
  }),
  'GET /api/accounts/:id': async (fx, side) => ({ method: 'GET', url: `/api/accounts/${(await fx.freshAccount(side)).id}` }),
  'PATCH /api/accounts/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/accounts/${(await fx.freshAccount(side)).id}`,
    payload: { name: '改名' },
  }),
  'POST /api/accounts/:id/reset-password': async (fx, side) => ({
    method: 'POST',
    url: `/api/accounts/${(await fx.freshAccount(side)).id}/reset-password`,
    payload: { password: 'Newpass123' },
  }),
  'POST /api/accounts/:id/grants': async (fx, side) => ({
    method: 'POST',
    url: `/api/accounts/${(await fx.freshAccount(side)).id}/grants`,
    payload: { role: 'resident', regionId: fx.community(side).gridId },
  }),
  'DELETE /api/accounts/:id/grants/:grantId': async (fx, side) => {
    const a = await fx.freshAccount(side);
    return { method: 'DELETE', url: `/api/accounts/${a.id}/grants/${a.grantId}` };
  },

  'GET /api/audit': async (fx, side) => ({ method: 'GET', url: `/api/audit?regionId=${fx.community(side).id}` }),

  // Own records only: "out of scope" means somebody else's record.
  'GET /api/notifications': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/notifications' } : null),
  'POST /api/notifications/:id/read': async (fx, side, caller) => {
    const owner = side === 'A' ? caller.accountId : (await fx.freshAccount('A')).id;
    return { method: 'POST', url: `/api/notifications/${await fx.notificationFor(owner)}/read` };
  },
  'POST /api/notifications/read-all': async (_fx, side) => (side === 'A' ? { method: 'POST', url: '/api/notifications/read-all' } : null),
  'GET /api/notifications/preferences': async (_fx, side) =>
    side === 'A' ? { method: 'GET', url: '/api/notifications/preferences' } : null,
  'PUT /api/notifications/preferences': async (_fx, side) =>
    side === 'A'
      ? {
          method: 'PUT',
          url: '/api/notifications/preferences',
          payload: { email: { enabled: false, address: null }, webhook: { enabled: false }, quietHours: null },
        }
      : null,
  'GET /api/notifications/stream': 'sse',

  // People on the grid. Care tags are town-wide: a caller anywhere in the town reads them; only
  // a town admin on the town root sets them (covered in people.test.ts).
  'GET /api/towns/:id/care-tags': async (fx, side) =>
    side === 'A'
      ? { method: 'GET', url: `/api/towns/${fx.town.townId}/care-tags` }
      : { method: 'GET', url: `/api/towns/${randomUUID()}/care-tags` },
  'PUT /api/towns/:id/care-tags': async (fx, side) =>
    side === 'B' ? { method: 'PUT', url: `/api/towns/${fx.town.townId}/care-tags`, payload: { items: [] } } : null,
  'GET /api/households': async (fx, side) => ({ method: 'GET', url: `/api/households?regionId=${fx.community(side).id}` }),
  'POST /api/households': async (fx, side) => ({
    method: 'POST',
    url: '/api/households',
    payload: { regionId: fx.community(side).gridId, address: `测试路${randomUUID()}` },
  }),
  'GET /api/households/:id': async (fx, side) => ({ method: 'GET', url: `/api/households/${(await fx.freshHousehold(side)).id}` }),
  'PATCH /api/households/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/households/${(await fx.freshHousehold(side)).id}`,
    payload: { version: 1, building: '9' },
  }),
  'DELETE /api/households/:id': async (fx, side) => {
    const h = await fx.freshHousehold(side);
    await fx.t.db.deleteFrom('resident').where('id', '=', h.residentId).execute();
    return { method: 'DELETE', url: `/api/households/${h.id}` };
  },
  'POST /api/households/:id/move': async (fx, side) => ({
    method: 'POST',
    url: `/api/households/${(await fx.freshHousehold(side)).id}/move`,
    payload: { regionId: (await fx.freshGrid(side)).gridId },
  }),
  'GET /api/households/:id/moves': async (fx, side) => ({
    method: 'GET',
    url: `/api/households/${(await fx.freshHousehold(side)).id}/moves`,
  }),
  'GET /api/households/:id/reveal': async (fx, side) => ({
    method: 'GET',
    url: `/api/households/${(await fx.freshHousehold(side)).id}/reveal?fields=address`,
  }),
  'GET /api/residents': async (fx, side) => ({ method: 'GET', url: `/api/residents?regionId=${fx.community(side).id}` }),
  'POST /api/residents': async (fx, side) => ({
    method: 'POST',
    url: '/api/residents',
    payload: { householdId: (await fx.freshHousehold(side)).id, name: '新居民', sex: 'female' },
  }),
  'GET /api/residents/:id': async (fx, side) => ({ method: 'GET', url: `/api/residents/${(await fx.freshHousehold(side)).residentId}` }),
  'PATCH /api/residents/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/residents/${(await fx.freshHousehold(side)).residentId}`,
    payload: { version: 1, ethnicity: '汉族' },
  }),
  'DELETE /api/residents/:id': async (fx, side) => ({
    method: 'DELETE',
    url: `/api/residents/${(await fx.freshHousehold(side)).residentId}`,
  }),
  'POST /api/residents/:id/move': async (fx, side) => ({
    method: 'POST',
    url: `/api/residents/${(await fx.freshHousehold(side)).residentId}/move`,
    payload: { householdId: (await fx.freshHousehold(side)).id },
  }),
  'GET /api/residents/:id/moves': async (fx, side) => ({
    method: 'GET',
    url: `/api/residents/${(await fx.freshHousehold(side)).residentId}/moves`,
  }),
  'GET /api/residents/:id/reveal': async (fx, side) => ({
    method: 'GET',
    url: `/api/residents/${(await fx.freshHousehold(side)).residentId}/reveal?fields=mobile`,
  }),
  'GET /api/map': async (fx, side) => ({ method: 'GET', url: `/api/map?regionId=${fx.community(side).id}` }),

  'GET /api/party-orgs': async (fx, side) => ({ method: 'GET', url: `/api/party-orgs?regionId=${fx.community(side).id}` }),
  'POST /api/party-orgs': async (fx, side) => ({
    method: 'POST',
    url: '/api/party-orgs',
    payload: { kind: 'branch', name: name(), regionId: fx.community(side).id },
  }),
  'PATCH /api/party-orgs/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/party-orgs/${(await fx.freshBranch(side)).orgId}`,
    payload: { name: name() },
  }),
  'DELETE /api/party-orgs/:id': async (fx, side) => {
    const b = await fx.freshBranch(side);
    await fx.t.db.deleteFrom('party_member').where('id', '=', b.memberId).execute();
    return { method: 'DELETE', url: `/api/party-orgs/${b.orgId}` };
  },
  'GET /api/party-members': async (fx, side) => ({ method: 'GET', url: `/api/party-members?regionId=${fx.community(side).id}` }),
  'POST /api/party-members': async (fx, side) => ({
    method: 'POST',
    url: '/api/party-members',
    payload: { orgId: (await fx.freshBranch(side)).orgId, name: '新党员', joinDate: '2020-01-01', status: 'full' },
  }),
  'GET /api/party-members/:id': async (fx, side) => ({ method: 'GET', url: `/api/party-members/${(await fx.freshBranch(side)).memberId}` }),
  'PATCH /api/party-members/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/party-members/${(await fx.freshBranch(side)).memberId}`,
    payload: { status: 'full' },
  }),
  'DELETE /api/party-members/:id': async (fx, side) => ({
    method: 'DELETE',
    url: `/api/party-members/${(await fx.freshBranch(side)).memberId}`,
  }),
  'GET /api/party-members/:id/contact-households': async (fx, side) => ({
    method: 'GET',
    url: `/api/party-members/${(await fx.freshBranch(side)).memberId}/contact-households`,
  }),
  'PUT /api/party-members/:id/contact-households': async (fx, side) => ({
    method: 'PUT',
    url: `/api/party-members/${(await fx.freshBranch(side)).memberId}/contact-households`,
    payload: { householdIds: [(await fx.freshHousehold(side)).id] },
  }),

  'GET /api/grid-duties': async (fx, side) => ({ method: 'GET', url: `/api/grid-duties?regionId=${fx.community(side).id}` }),
  'POST /api/grid-duties': async (fx, side) => ({
    method: 'POST',
    url: '/api/grid-duties',
    payload: { regionId: (await fx.freshGrid(side)).gridId, duty: 'grid_worker', accountId: (await fx.freshAccount(side)).id },
  }),
  'DELETE /api/grid-duties/:id': async (fx, side) => {
    const g = await fx.freshGrid(side);
    const a = await fx.freshAccount(side);
    const d = await fx.t.db
      .insertInto('grid_duty')
      .values({
        town_id: fx.town.townId,
        region_id: g.gridId,
        duty: 'grid_worker',
        account_id: a.id,
        resident_id: null,
        party_member_id: null,
        building: null,
        unit: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { method: 'DELETE', url: `/api/grid-duties/${d.id}` };
  },
  'GET /api/households/:id/contacts': async (fx, side) => ({
    method: 'GET',
    url: `/api/households/${(await fx.freshHousehold(side)).id}/contacts`,
  }),
  'GET /api/imports/:kind/template': async (_fx, side) =>
    side === 'A' ? { method: 'GET', url: '/api/imports/households/template' } : null,
  'POST /api/imports/:kind': async (fx, side) => ({
    method: 'POST',
    url: `/api/imports/households?regionId=${fx.community(side).id}`,
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    payload: await householdSheet(fx.community(side).name),
  }),
  'GET /api/imports/:id/report': async (fx, side) => {
    const c = fx.community(side);
    const owner = await fx.freshAccount(side);
    const run = await fx.t.db
      .insertInto('import_run')
      .values({
        town_id: fx.town.townId,
        region_id: c.id,
        account_id: owner.id,
        kind: 'households',
        strict: false,
        total: 1,
        created: 0,
        updated: 0,
        unchanged: 0,
        failed: 1,
        rolled_back: false,
        errors: JSON.stringify([{ row: 3, column: '地址', message: '地址不能为空' }]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { method: 'GET', url: `/api/imports/${run.id}/report` };
  },
  'GET /api/residents/export': async (fx, side) => ({ method: 'GET', url: `/api/residents/export?regionId=${fx.community(side).id}` }),
  'GET /api/households/export': async (fx, side) => ({ method: 'GET', url: `/api/households/export?regionId=${fx.community(side).id}` }),
  'GET /api/party-members/export': async (fx, side) => ({
    method: 'GET',
    url: `/api/party-members/export?regionId=${fx.community(side).id}`,
  }),

  'POST /api/volunteers/register': 'public',
  'GET /api/volunteers/places': 'public',
  'GET /api/me/volunteer': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/me/volunteer' } : null),
  // Own record: each role's caller applies once, for itself.
  'POST /api/me/volunteer': async (fx, side) => {
    if (side === 'B') return null;
    volunteerSeq += 2;
    const first17 = `4406051985${seqDate(volunteerSeq)}`;
    return {
      method: 'POST',
      url: '/api/me/volunteer',
      payload: {
        name: '申请人',
        idNumber: first17 + idCheckDigit(first17),
        regionId: fx.community('A').gridId,
        skills: [],
        serviceCategories: ['care'],
        availability: ['weekend'],
      },
    };
  },
  'GET /api/volunteers': async (fx, side) => ({ method: 'GET', url: `/api/volunteers?regionId=${fx.community(side).id}` }),
  'GET /api/volunteers/:id': async (fx, side) => ({ method: 'GET', url: `/api/volunteers/${await fx.freshVolunteer(side)}` }),
  'POST /api/volunteers/:id/approve': async (fx, side) => ({
    method: 'POST',
    url: `/api/volunteers/${await fx.freshVolunteer(side)}/approve`,
  }),
  'POST /api/volunteers/:id/reject': async (fx, side) => ({
    method: 'POST',
    url: `/api/volunteers/${await fx.freshVolunteer(side)}/reject`,
    payload: { reason: '信息不全' },
  }),

  'GET /api/teams': async (fx, side) => ({ method: 'GET', url: `/api/teams?regionId=${fx.community(side).id}` }),
  'POST /api/teams': async (fx, side) => ({
    method: 'POST',
    url: '/api/teams',
    payload: { kind: 'professional', name: name(), regionId: fx.community(side).id, serviceCategories: [] },
  }),
  'GET /api/teams/:id': async (fx, side) => ({ method: 'GET', url: `/api/teams/${await fx.freshTeam(side)}` }),
  'PATCH /api/teams/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/teams/${await fx.freshTeam(side)}`,
    payload: { name: name() },
  }),
  'DELETE /api/teams/:id': async (fx, side) => ({ method: 'DELETE', url: `/api/teams/${await fx.freshTeam(side)}` }),
  'GET /api/teams/:id/members': async (fx, side) => ({ method: 'GET', url: `/api/teams/${await fx.freshTeam(side)}/members` }),
  // Joining needs an approved volunteer record, which the matrix's callers do not have: refused
  // inside the town (NOT_A_VOLUNTEER, covered in teams.test.ts); another town's team is unknown.
  'POST /api/teams/:id/join': async (fx, side) => (side === 'B' ? { method: 'POST', url: `/api/teams/${randomUUID()}/join` } : null),
  'POST /api/teams/:id/leave': async (fx, side) =>
    side === 'B' ? { method: 'POST', url: `/api/teams/${await fx.freshTeam('A')}/leave` } : null,
  // Deciding is for the team's leader or a volunteer manager of its region (checked in the service).
  'POST /api/teams/:id/members/:memberId/approve': async (fx, side) => {
    if (side === 'A') return null;
    const m = await fx.freshMembership('B');
    return { method: 'POST', url: `/api/teams/${m.teamId}/members/${m.memberId}/approve` };
  },
  'POST /api/teams/:id/members/:memberId/reject': async (fx, side) => {
    if (side === 'A') return null;
    const m = await fx.freshMembership('B');
    return { method: 'POST', url: `/api/teams/${m.teamId}/members/${m.memberId}/reject` };
  },
  // The town's directory: community A's team is listed for a caller of the same town.
  'GET /api/teams/directory': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/teams/directory' } : null),
  'GET /api/me/teams': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/me/teams' } : null),

  // 三结对 and practical matters: everything hangs off a community in or out of scope.
  'GET /api/pairings': async (fx, side) => ({ method: 'GET', url: `/api/pairings?regionId=${fx.community(side).id}` }),
  'GET /api/pairings/coverage': async (fx, side) => ({ method: 'GET', url: `/api/pairings/coverage?regionId=${fx.community(side).id}` }),
  'GET /api/pairings/mentor-candidates': async (fx, side) => ({
    method: 'GET',
    url: `/api/pairings/mentor-candidates?communityId=${fx.community(side).id}`,
  }),
  'POST /api/pairings': async (fx, side) => ({
    method: 'POST',
    url: '/api/pairings',
    payload: { kind: 'resource', communityId: fx.community(side).id, providerName: name(), startDate: '2026-01-01' },
  }),
  'GET /api/pairings/:id': async (fx, side) => ({ method: 'GET', url: `/api/pairings/${await fx.freshPairing(side)}` }),
  'PATCH /api/pairings/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/pairings/${await fx.freshPairing(side)}`,
    payload: { note: '备注' },
  }),
  'POST /api/pairings/:id/end': async (fx, side) => ({
    method: 'POST',
    url: `/api/pairings/${await fx.freshPairing(side)}/end`,
    payload: { endDate: '2026-06-30' },
  }),
  'DELETE /api/pairings/:id': async (fx, side) => ({ method: 'DELETE', url: `/api/pairings/${await fx.freshPairing(side)}` }),
  'PUT /api/pairings/:id/themes/:month': async (fx, side) => ({
    method: 'PUT',
    url: `/api/pairings/${await fx.freshPairing(side)}/themes/2026-04`,
    payload: { theme: '文明实践' },
  }),
  'DELETE /api/pairings/:id/themes/:month': async (fx, side) => ({
    method: 'DELETE',
    url: `/api/pairings/${await fx.freshPairing(side)}/themes/2026-03`,
  }),
  'PUT /api/pairings/:id/lists/:quarter': async (fx, side) => ({
    method: 'PUT',
    url: `/api/pairings/${await fx.freshPairing(side)}/lists/2026-Q2`,
    payload: { needList: ['助老'], serviceList: ['义诊'] },
  }),
  'DELETE /api/pairings/:id/lists/:quarter': async (fx, side) => ({
    method: 'DELETE',
    url: `/api/pairings/${await fx.freshPairing(side)}/lists/2026-Q1`,
  }),
  'GET /api/practical-matters': async (fx, side) => ({ method: 'GET', url: `/api/practical-matters?regionId=${fx.community(side).id}` }),
  'POST /api/practical-matters': async (fx, side) => ({
    method: 'POST',
    url: '/api/practical-matters',
    payload: { communityId: fx.community(side).id, title: '修复路灯', solvedOn: '2026-01-10' },
  }),
  'PATCH /api/practical-matters/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/practical-matters/${await fx.freshMatter(side)}`,
    payload: { note: '已回访' },
  }),
  'DELETE /api/practical-matters/:id': async (fx, side) => ({
    method: 'DELETE',
    url: `/api/practical-matters/${await fx.freshMatter(side)}`,
  }),

  // Calendar feeds. A volunteer's own link needs an approved volunteer record, which the matrix's
  // callers do not have (NOT_A_VOLUNTEER) and there is nobody else's to reach: calendar.test.ts
  // covers it. A community's link is scoped like any region; the feed itself is public (secret link).
  'GET /api/me/calendar': async () => null,
  'POST /api/me/calendar/rotate': async () => null,
  'GET /api/regions/:id/calendar': async (fx, side) => ({ method: 'GET', url: `/api/regions/${fx.community(side).id}/calendar` }),
  'POST /api/regions/:id/calendar/rotate': async (fx, side) => ({
    method: 'POST',
    url: `/api/regions/${fx.community(side).id}/calendar/rotate`,
  }),
  'GET /api/calendar/:token': 'public',

  // Service records. The queue and corrections are scoped on the record's region; a volunteer's
  // record and its entries on the volunteer's region.
  'GET /api/service-records': async (fx, side) => ({ method: 'GET', url: `/api/service-records?regionId=${fx.community(side).id}` }),
  'GET /api/service-corrections': async (fx, side) => ({
    method: 'GET',
    url: `/api/service-corrections?regionId=${fx.community(side).id}`,
  }),
  'POST /api/service-corrections/:id/accept': async (fx, side) => ({
    method: 'POST',
    url: `/api/service-corrections/${await fx.freshCorrection(side)}/accept`,
  }),
  'POST /api/service-corrections/:id/refuse': async (fx, side) => ({
    method: 'POST',
    url: `/api/service-corrections/${await fx.freshCorrection(side)}/refuse`,
    payload: { reason: '与签到记录不符' },
  }),
  // Own record: the caller is made an approved volunteer first (after POST /api/me/volunteer has
  // run for it, since the volunteers module registers its routes earlier). "Out of scope" is a
  // record of somebody else.
  'GET /api/me/service-record': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.volunteerFor(caller.accountId);
    return { method: 'GET', url: '/api/me/service-record' };
  },
  'POST /api/me/service-records/:id/correction': async (fx, side, caller) => {
    const own = side === 'A' ? await fx.volunteerFor(caller.accountId) : undefined;
    const r = await fx.freshServiceRecord(side, own);
    return { method: 'POST', url: `/api/me/service-records/${r.recordId}/correction`, payload: { minutes: 100, reason: '签退晚了' } };
  },
  'GET /api/volunteers/:id/record': async (fx, side) => ({ method: 'GET', url: `/api/volunteers/${await fx.freshVolunteer(side)}/record` }),
  'POST /api/volunteers/:id/trainings': async (fx, side) => ({
    method: 'POST',
    url: `/api/volunteers/${await fx.freshVolunteer(side)}/trainings`,
    payload: { name: '急救培训', minutes: 120, organiser: '镇卫生院', heldOn: '2026-03-01' },
  }),
  'POST /api/volunteers/:id/awards': async (fx, side) => ({
    method: 'POST',
    url: `/api/volunteers/${await fx.freshVolunteer(side)}/awards`,
    payload: { name: '优秀志愿者', awardedOn: '2026-03-01', awardedBy: '镇志愿服务总队' },
  }),
  'POST /api/volunteers/:id/evaluations': async (fx, side) => ({
    method: 'POST',
    url: `/api/volunteers/${await fx.freshVolunteer(side)}/evaluations`,
    payload: { stars: 5, comment: '认真负责', evaluatedOn: '2026-03-01', evaluator: '东社区' },
  }),

  // Own records: "out of scope" is a household that is not on the caller's list.
  'GET /api/me/households': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/me/households' } : null),
  'GET /api/me/households/:id': async (fx, side) =>
    side === 'B' ? { method: 'GET', url: `/api/me/households/${(await fx.freshHousehold('B')).id}` } : null,
  'POST /api/me/households/:id/contacts': async (fx, side) =>
    side === 'B'
      ? {
          method: 'POST',
          url: `/api/me/households/${(await fx.freshHousehold('B')).id}/contacts`,
          payload: { contactedOn: '2026-11-01', way: 'visit' },
        }
      : null,

  // Activities. Categories are town-wide (a town admin on the town root adds them); the feed,
  // an occurrence's page and sign-up are for anyone signed in of the town, so "outside" is
  // another town's (a random id).
  'GET /api/activity-categories': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/activity-categories' } : null),
  'POST /api/activity-categories': async (_fx, side) =>
    side === 'B' ? { method: 'POST', url: '/api/activity-categories', payload: { code: `c${Date.now()}`, label: '测试类' } } : null,
  'GET /api/activities': async (fx, side) => ({ method: 'GET', url: `/api/activities?regionId=${fx.community(side).id}` }),
  'POST /api/activities': async (fx, side) => ({
    method: 'POST',
    url: '/api/activities',
    payload: {
      title: '测试活动',
      category: 'care',
      site: '社区广场',
      capacity: 5,
      organiserTeamId: await fx.freshTeam(side),
      regionId: fx.community(side).id,
      firstDate: '2030-01-05',
      startTime: '09:00',
      endTime: '10:00',
    },
  }),
  'GET /api/activities/feed': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/activities/feed' } : null),
  'GET /api/activities/:id': async (fx, side) => ({ method: 'GET', url: `/api/activities/${(await fx.freshOccurrence(side)).activityId}` }),
  'PATCH /api/activities/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/activities/${(await fx.freshOccurrence(side)).activityId}`,
    payload: { title: '改过的活动' },
  }),
  'POST /api/activities/:id/publish': async (fx, side) => ({
    method: 'POST',
    url: `/api/activities/${(await fx.freshOccurrence(side, { draft: true })).activityId}/publish`,
  }),
  'POST /api/activities/:id/cancel': async (fx, side) => ({
    method: 'POST',
    url: `/api/activities/${(await fx.freshOccurrence(side)).activityId}/cancel`,
  }),
  'GET /api/activities/:id/occurrences': async (fx, side) => ({
    method: 'GET',
    url: `/api/activities/${(await fx.freshOccurrence(side)).activityId}/occurrences`,
  }),
  'GET /api/occurrences': async (fx, side) => ({
    method: 'GET',
    url: `/api/occurrences?from=2030-01-01&to=2030-01-31&regionId=${fx.community(side).id}`,
  }),
  'GET /api/occurrences/:id': async (fx, side) => ({
    method: 'GET',
    url: `/api/occurrences/${side === 'A' ? (await fx.freshOccurrence('A')).occurrenceId : randomUUID()}`,
  }),
  'PATCH /api/occurrences/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/occurrences/${(await fx.freshOccurrence(side)).occurrenceId}`,
    payload: { note: '改到二楼' },
  }),
  'POST /api/occurrences/:id/cancel': async (fx, side) => ({
    method: 'POST',
    url: `/api/occurrences/${(await fx.freshOccurrence(side)).occurrenceId}/cancel`,
  }),
  'POST /api/occurrences/:id/signup': async (fx, side, caller) => {
    if (side === 'B') return { method: 'POST', url: `/api/occurrences/${randomUUID()}/signup` };
    await fx.volunteerFor(caller.accountId);
    return { method: 'POST', url: `/api/occurrences/${(await fx.freshOccurrence('A')).occurrenceId}/signup` };
  },
  'DELETE /api/occurrences/:id/signup': async (fx, side, caller) => {
    const volunteerId = await fx.volunteerFor(caller.accountId);
    const o = await fx.freshOccurrence(side, side === 'A' ? { volunteerId } : {});
    return { method: 'DELETE', url: `/api/occurrences/${o.occurrenceId}/signup` };
  },
  'GET /api/occurrences/:id/signups': async (fx, side) => ({
    method: 'GET',
    url: `/api/occurrences/${(await fx.freshOccurrence(side)).occurrenceId}/signups`,
  }),
  'POST /api/occurrences/:id/signups/:signupId/check-in': async (fx, side) => {
    const o = await fx.freshOccurrence(side, { running: true, volunteerId: await fx.freshVolunteer(side) });
    return { method: 'POST', url: `/api/occurrences/${o.occurrenceId}/signups/${o.signupId}/check-in` };
  },
  'POST /api/occurrences/:id/signups/:signupId/check-out': async (fx, side) => {
    const o = await fx.freshOccurrence(side, { running: true, volunteerId: await fx.freshVolunteer(side), checkedIn: true });
    return { method: 'POST', url: `/api/occurrences/${o.occurrenceId}/signups/${o.signupId}/check-out` };
  },
  'GET /api/occurrences/:id/check-in-code': async (fx, side) => ({
    method: 'GET',
    url: `/api/occurrences/${(await fx.freshOccurrence(side)).occurrenceId}/check-in-code`,
  }),
  'GET /api/occurrences/:id/insurance.xlsx': async (fx, side) => ({
    method: 'GET',
    url: `/api/occurrences/${(await fx.freshOccurrence(side, { volunteerId: await fx.freshVolunteer(side) })).occurrenceId}/insurance.xlsx`,
  }),
  'POST /api/occurrences/:id/confirm-hours': async (fx, side) => {
    const { recordId } = await fx.freshServiceRecord(side);
    const r = await fx.t.db.selectFrom('service_record').select('occurrence_id').where('id', '=', recordId).executeTakeFirstOrThrow();
    return { method: 'POST', url: `/api/occurrences/${r.occurrence_id}/confirm-hours`, payload: { items: [{ recordId, minutes: 60 }] } };
  },
  'GET /api/me/activities': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/me/activities?when=past' } : null),
  // The code names its occurrence; one of another town is refused as an invalid code (covered in
  // activities.test.ts), so only the inside case runs here.
  'POST /api/check-in': async (fx, side, caller) => {
    if (side === 'B') return null;
    const volunteerId = await fx.volunteerFor(caller.accountId);
    const o = await fx.freshOccurrence('A', { running: true, volunteerId });
    return { method: 'POST', url: '/api/check-in', payload: { code: fx.t.app.activities.service.codes.issue(o.occurrenceId).code } };
  },

  // Help requests. Authenticated routes act on the caller's own request (or one dispatched to
  // the caller as a volunteer) on side A, and on someone else's in community B.
  'GET /api/help-categories': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/help-categories' } : null),
  'PATCH /api/help-categories/:code': async (_fx, side) =>
    side === 'B' ? { method: 'PATCH', url: '/api/help-categories/errand', payload: { widenMinutes: 45 } } : null,
  'POST /api/attachments': async (_fx, side) =>
    side === 'A'
      ? {
          method: 'POST',
          url: '/api/attachments',
          headers: { 'content-type': 'image/png' },
          payload: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]),
        }
      : null,
  'GET /api/attachments/:id': async (fx, side, caller) => ({
    method: 'GET',
    url: `/api/attachments/${
      side === 'A'
        ? await fx.freshAttachment(caller.accountId)
        : await fx.freshAttachment(
            (await fx.t.createAccount(fx.town.townId, fx.community('B').gridId, 'resident')).id,
            await fx.freshHelp('B'),
          )
    }`,
  }),
  'POST /api/help-requests': async (fx, side) => {
    if (side === 'A')
      return { method: 'POST', url: '/api/help-requests', payload: { category: 'errand', description: '帮忙取快递', place: '测试路2号' } };
    const h = await fx.freshHousehold('B');
    return {
      method: 'POST',
      url: '/api/help-requests',
      payload: { category: 'errand', description: '代为求助', forResidentId: h.residentId },
    };
  },
  'GET /api/help-requests': async (fx, side) => ({ method: 'GET', url: `/api/help-requests?regionId=${fx.community(side).id}` }),
  'GET /api/help-requests/summary': async (fx, side) => ({
    method: 'GET',
    url: `/api/help-requests/summary?regionId=${fx.community(side).id}`,
  }),
  'GET /api/figures': async (fx, side) => ({ method: 'GET', url: `/api/figures?regionId=${fx.community(side).id}&period=year` }),
  'GET /api/help-requests/mine': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/help-requests/mine' } : null),
  'GET /api/help-requests/served': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/help-requests/served' } : null),
  'GET /api/help-requests/pool': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.volunteerFor(caller.accountId);
    return { method: 'GET', url: '/api/help-requests/pool' };
  },
  'GET /api/help-requests/:id': async (fx, side, caller) => ({
    method: 'GET',
    url: `/api/help-requests/${await fx.freshHelp(side, side === 'A' ? { requesterAccountId: caller.accountId } : {})}`,
  }),
  'POST /api/help-requests/:id/accept': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side)}/accept`,
  }),
  'POST /api/help-requests/:id/refuse': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side)}/refuse`,
    payload: { reason: '不在服务范围' },
  }),
  'POST /api/help-requests/:id/duplicate': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side)}/duplicate`,
    payload: { duplicateOfId: await fx.freshHelp(side) },
  }),
  'POST /api/help-requests/:id/dispatch': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, { status: 'accepted' })}/dispatch`,
    payload: { to: 'pool', pool: 'grid' },
  }),
  'POST /api/help-requests/:id/recall': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, { status: 'open' })}/recall`,
    payload: { reason: '改由社区安排' },
  }),
  'POST /api/help-requests/:id/widen': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, { status: 'open' })}/widen`,
  }),
  'POST /api/help-requests/:id/claim': async (fx, side, caller) => {
    await fx.volunteerFor(caller.accountId);
    return { method: 'POST', url: `/api/help-requests/${await fx.freshHelp(side, { status: 'open', pool: 'community' })}/claim` };
  },
  'POST /api/help-requests/:id/decline': async (fx, side, caller) => {
    const v = await fx.volunteerFor(caller.accountId);
    const id = await fx.freshHelp(
      side,
      side === 'A'
        ? { status: 'assigned', assigneeVolunteerId: v }
        : { status: 'assigned', assigneeVolunteerId: await fx.freshVolunteer('B') },
    );
    return { method: 'POST', url: `/api/help-requests/${id}/decline`, payload: { reason: '时间冲突' } };
  },
  'POST /api/help-requests/:id/release': async (fx, side, caller) => {
    const v = await fx.volunteerFor(caller.accountId);
    const id = await fx.freshHelp(side, side === 'A' ? { status: 'claimed', claimantVolunteerId: v } : { status: 'claimed' });
    return { method: 'POST', url: `/api/help-requests/${id}/release`, payload: { reason: '临时有事' } };
  },
  'POST /api/help-requests/:id/check-in': async (fx, side, caller) => {
    const v = await fx.volunteerFor(caller.accountId);
    const id = await fx.freshHelp(side, side === 'A' ? { status: 'claimed', claimantVolunteerId: v } : { status: 'claimed' });
    return { method: 'POST', url: `/api/help-requests/${id}/check-in`, payload: {} };
  },
  'POST /api/help-requests/:id/finish': async (fx, side, caller) => {
    const v = await fx.volunteerFor(caller.accountId);
    const id = await fx.freshHelp(side, side === 'A' ? { status: 'in_service', claimantVolunteerId: v } : { status: 'in_service' });
    return { method: 'POST', url: `/api/help-requests/${id}/finish`, payload: { note: '已完成' } };
  },
  'POST /api/help-requests/:id/review': async (fx, side, caller) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, side === 'A' ? { status: 'done', requesterAccountId: caller.accountId } : { status: 'done' })}/review`,
    payload: { stars: 5 },
  }),
  'POST /api/help-requests/:id/confirm': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, { status: 'reviewed' })}/confirm`,
    payload: {},
  }),
  'POST /api/help-requests/:id/send-back': async (fx, side) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, { status: 'done' })}/send-back`,
    payload: { reason: '照片不清楚' },
  }),
  'POST /api/help-requests/:id/cancel': async (fx, side, caller) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, side === 'A' ? { requesterAccountId: caller.accountId } : {})}/cancel`,
    payload: {},
  }),
  'POST /api/help-requests/:id/reopen': async (fx, side, caller) => ({
    method: 'POST',
    url: `/api/help-requests/${await fx.freshHelp(side, side === 'A' ? { status: 'done', requesterAccountId: caller.accountId } : { status: 'done' })}/reopen`,
    payload: { reason: '又坏了' },
  }),

  // The points bank. A volunteer's own routes act on the caller made a volunteer with points; a
  // merchant's own routes on the merchant the caller acts for; the console's on community A or B.
  'GET /api/points/rules': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/points/rules' } : null),
  'PATCH /api/points/rules': async (_fx, side) =>
    side === 'B' ? { method: 'PATCH', url: '/api/points/rules', payload: { holdDays: 5 } } : null,
  'GET /api/points/me': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.volunteerFor(caller.accountId);
    return { method: 'GET', url: '/api/points/me' };
  },
  'GET /api/points/me/statement': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.volunteerFor(caller.accountId);
    return { method: 'GET', url: '/api/points/me/statement' };
  },
  'GET /api/points/me/statement.xlsx': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.volunteerFor(caller.accountId);
    return { method: 'GET', url: '/api/points/me/statement.xlsx' };
  },
  // The catalogue is the town's: every item of the town is listed to everyone in it.
  'GET /api/catalog': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/catalog?kind=goods' } : null),
  'GET /api/catalog/:id': async (fx, side) => (side === 'A' ? { method: 'GET', url: `/api/catalog/${await fx.freshItem('A')}` } : null),
  'GET /api/catalog/:id/photo': async (fx, side, caller) =>
    side === 'A' ? { method: 'GET', url: `/api/catalog/${await fx.freshItem('A', { photoBy: caller.accountId })}/photo` } : null,
  'POST /api/catalog/:id/redeem': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.givePoints(await fx.volunteerFor(caller.accountId), 5);
    return { method: 'POST', url: `/api/catalog/${await fx.freshItem('A')}/redeem`, payload: {} };
  },
  'GET /api/redemptions/mine': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/redemptions/mine' } : null),
  'GET /api/redemptions/:id': async (fx, side, caller) => ({
    method: 'GET',
    url: `/api/redemptions/${(await fx.freshRedemption(side, side === 'A' ? { accountId: caller.accountId } : {})).id}`,
  }),
  'POST /api/redemptions/:id/cancel': async (fx, side, caller) => ({
    method: 'POST',
    url: `/api/redemptions/${(await fx.freshRedemption(side, side === 'A' ? { accountId: caller.accountId } : {})).id}/cancel`,
  }),
  'GET /api/merchant/me': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.merchantFor(caller.accountId);
    return { method: 'GET', url: '/api/merchant/me' };
  },
  'GET /api/merchant/items': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.merchantFor(caller.accountId);
    return { method: 'GET', url: '/api/merchant/items' };
  },
  'POST /api/merchant/items': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.merchantFor(caller.accountId);
    return {
      method: 'POST',
      url: '/api/merchant/items',
      payload: { kind: 'goods', title: '大米', price: 10, stock: 5, validFrom: '2026-01-01', validUntil: '2026-12-31', collectAt: '店内' },
    };
  },
  'PATCH /api/merchant/items/:id': async (fx, side, caller) => {
    const merchantId = side === 'A' ? await fx.merchantFor(caller.accountId) : undefined;
    return { method: 'PATCH', url: `/api/merchant/items/${await fx.freshItem(side, { merchantId })}`, payload: { restock: 1 } };
  },
  'POST /api/merchant/items/:id/withdraw': async (fx, side, caller) => {
    const merchantId = side === 'A' ? await fx.merchantFor(caller.accountId) : undefined;
    return { method: 'POST', url: `/api/merchant/items/${await fx.freshItem(side, { merchantId })}/withdraw` };
  },
  'GET /api/merchant/redemptions': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.merchantFor(caller.accountId);
    return { method: 'GET', url: '/api/merchant/redemptions' };
  },
  // Side B: a code of another merchant is as good as unknown (404).
  'GET /api/merchant/redemptions/:code': async (fx, side, caller) => {
    const mine = await fx.merchantFor(caller.accountId);
    const r = await fx.freshRedemption(side, side === 'A' ? { merchantId: mine } : {});
    return { method: 'GET', url: `/api/merchant/redemptions/${r.code}` };
  },
  'POST /api/merchant/verify': async (fx, side, caller) => {
    const mine = await fx.merchantFor(caller.accountId);
    const r = await fx.freshRedemption(side, side === 'A' ? { merchantId: mine } : {});
    return { method: 'POST', url: '/api/merchant/verify', payload: { code: r.code } };
  },
  'GET /api/merchant/statement': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.merchantFor(caller.accountId);
    return { method: 'GET', url: '/api/merchant/statement' };
  },
  'GET /api/merchant/statement.xlsx': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.merchantFor(caller.accountId);
    return { method: 'GET', url: '/api/merchant/statement.xlsx' };
  },
  'GET /api/points/accounts': async (fx, side) => ({ method: 'GET', url: `/api/points/accounts?regionId=${fx.community(side).id}` }),
  'GET /api/points/accounts/:id/statement': async (fx, side) => ({
    method: 'GET',
    url: `/api/points/accounts/${await fx.freshPointsAccount(side)}/statement`,
  }),
  'GET /api/points/accounts/:id/statement.xlsx': async (fx, side) => ({
    method: 'GET',
    url: `/api/points/accounts/${await fx.freshPointsAccount(side)}/statement.xlsx`,
  }),
  'GET /api/points/adjustments': async (_fx, side) =>
    side === 'A' ? { method: 'GET', url: '/api/points/adjustments?status=pending' } : null,
  'POST /api/points/adjustments': async (fx, side) => ({
    method: 'POST',
    url: '/api/points/adjustments',
    payload: { accountId: await fx.freshPointsAccount(side), amount: 5, reason: '表扬' },
  }),
  'POST /api/points/adjustments/:id/approve': async (fx, side) => ({
    method: 'POST',
    url: `/api/points/adjustments/${await fx.freshAdjustment(side)}/approve`,
    payload: {},
  }),
  'POST /api/points/adjustments/:id/reject': async (fx, side) => ({
    method: 'POST',
    url: `/api/points/adjustments/${await fx.freshAdjustment(side)}/reject`,
    payload: { reason: '依据不足' },
  }),
  'POST /api/points/transactions/:id/reverse': async (fx, side) => ({
    method: 'POST',
    url: `/api/points/transactions/${await fx.freshGrant(side)}/reverse`,
    payload: { reason: '录入错误' },
  }),
  'GET /api/merchants': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/merchants' } : null),
  'POST /api/merchants': async (fx, side) => ({
    method: 'POST',
    url: '/api/merchants',
    payload: {
      name: `商家${randomUUID().slice(0, 8)}`,
      kind: 'business',
      regionId: fx.community(side).id,
      address: '测试路 3 号',
      memberAccountIds: [(await fx.freshAccount(side)).id],
    },
  }),
  'PATCH /api/merchants/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/merchants/${await fx.freshMerchant(side)}`,
    payload: { contact: '王经理' },
  }),
  'GET /api/points/catalog': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/points/catalog?status=pending' } : null),
  'POST /api/points/catalog/:id/approve': async (fx, side) => ({
    method: 'POST',
    url: `/api/points/catalog/${await fx.freshItem(side, { status: 'pending' })}/approve`,
    payload: {},
  }),
  'POST /api/points/catalog/:id/reject': async (fx, side) => ({
    method: 'POST',
    url: `/api/points/catalog/${await fx.freshItem(side, { status: 'pending' })}/reject`,
    payload: { reason: '描述不清' },
  }),
  'POST /api/points/catalog/:id/withdraw': async (fx, side) => ({
    method: 'POST',
    url: `/api/points/catalog/${await fx.freshItem(side)}/withdraw`,
    payload: { reason: '商家停业' },
  }),
  'GET /api/points/redemptions': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/points/redemptions' } : null),

  // Party members' points: the console acts on a branch of community A or B; a member's own
  // routes on the caller made a party member.
  'GET /api/party-points/items': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/party-points/items' } : null),
  'PATCH /api/party-points/items/:code': async (_fx, side) =>
    side === 'B' ? { method: 'PATCH', url: '/api/party-points/items/meeting', payload: { yearlyCap: 40 } } : null,
  'GET /api/party-points/ranking': async (fx, side) => ({
    method: 'GET',
    url: `/api/party-points/ranking?year=2026&orgId=${(await fx.freshBranch(side)).orgId}`,
  }),
  'GET /api/party-points/members/:id': async (fx, side) => ({
    method: 'GET',
    url: `/api/party-points/members/${(await fx.freshBranch(side)).memberId}?year=2026`,
  }),
  'POST /api/party-points/entries': async (fx, side) => ({
    method: 'POST',
    url: '/api/party-points/entries',
    payload: { memberId: (await fx.freshBranch(side)).memberId, item: 'party_day', quantity: 1, on: '2026-07-01', reason: '七一主题党日' },
  }),
  'POST /api/party-points/entries/:id/reverse': async (fx, side) => ({
    method: 'POST',
    url: `/api/party-points/entries/${await fx.freshPartyEntry(side)}/reverse`,
    payload: { reason: '登记错误' },
  }),
  'POST /api/party-points/notices': async (fx, side) => ({
    method: 'POST',
    url: '/api/party-points/notices',
    payload: { year: 2026, orgId: (await fx.freshBranch(side)).orgId },
  }),
  'GET /api/party-points/me': async (fx, side, caller) => {
    if (side === 'B') return null;
    await fx.partyMemberFor(caller.accountId);
    return { method: 'GET', url: '/api/party-points/me?year=2026' };
  },
  'GET /api/party-points/notices': async (fx, side) => ({
    method: 'GET',
    url: `/api/party-points/notices?orgId=${(await fx.freshBranch(side)).orgId}`,
  }),
  'GET /api/party-points/notices/mine': async (_fx, side) =>
    side === 'A' ? { method: 'GET', url: '/api/party-points/notices/mine' } : null,
};

/** A one-row households sheet for the community's first grid. */
async function householdSheet(community: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('住户');
  ws.addRow(['所属网格', '地址']);
  ws.addRow([`${community}/一小区/第一网格`, `导入路${randomUUID()}`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let volunteerSeq = 1;
/** MMDD + a three-digit sequence of an ID number, unique for every sequence number (1,000 per day). */
const seqDate = (n: number) =>
  `${String(1 + (Math.floor(n / 1000) % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12000) % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;

/** The fixture of one fresh town on the test app. */
export async function createFixture(t: TestContext): Promise<Fixture> {
  const town = await t.createTown();
  const community = (side: Side) => town.communities[side === 'A' ? 0 : 1]!;
  const fx: Fixture = {
    t,
    town,
    community,
    async freshGrid(side) {
      const c = community(side);
      const subgridId = randomUUID();
      const gridId = randomUUID();
      const base = { town_id: town.townId, code: null, boundary: null, centre_lng: null, centre_lat: null };
      await t.db.transaction().execute(async (trx) => {
        await insertRegion(trx, {
          ...base,
          id: subgridId,
          parent_id: c.id,
          depth: 2,
          path: `/${town.townId}/${c.id}/${subgridId}/`,
          name: name(),
        });
        await insertRegion(trx, {
          ...base,
          id: gridId,
          parent_id: subgridId,
          depth: 3,
          path: `/${town.townId}/${c.id}/${subgridId}/${gridId}/`,
          name: name(),
        });
      });
      return { subgridId, gridId };
    },
    async freshAccount(side) {
      const a = await t.createAccount(town.townId, community(side).gridId, 'volunteer');
      const grant = await t.db.selectFrom('role_grant').select('id').where('account_id', '=', a.id).executeTakeFirstOrThrow();
      return { id: a.id, grantId: grant.id };
    },
    async freshHousehold(side) {
      const people = createPeopleService({ db: t.db, cipher: t.cipher });
      const c = community(side);
      return t.db.transaction().execute(async (trx) => {
        const id = await people.insertHousehold(trx, { townId: town.townId, regionId: c.gridId, address: `测试街${randomUUID()}` });
        const residentId = await people.insertResident(
          trx,
          { id, town_id: town.townId, region_id: c.gridId },
          { name: '测试居民', sex: 'male' },
        );
        return { id, residentId };
      });
    },
    async partyMemberFor(accountId) {
      const found = await t.db.selectFrom('party_member').select('id').where('account_id', '=', accountId).executeTakeFirst();
      if (found) return found.id;
      const { orgId } = await this.freshBranch('A');
      const m = await t.db
        .insertInto('party_member')
        .values({
          town_id: town.townId,
          org_id: orgId,
          region_id: community('A').id,
          account_id: accountId,
          name: '党员',
          join_date: '2010-01-01',
          status: 'full',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return m.id;
    },
    async freshPartyEntry(side) {
      const { memberId } = await this.freshBranch(side);
      const e = await t.db
        .insertInto('party_points_entry')
        .values({
          town_id: town.townId,
          member_id: memberId,
          item: 'meeting',
          year: 2026,
          happened_on: '2026-03-01',
          quantity: 1,
          points: 2,
          reason: '支委会',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return String(e.id);
    },
    async freshBranch(side) {
      const party = createPartyService({ db: t.db, people: createPeopleService({ db: t.db, cipher: t.cipher }) });
      const c = community(side);
      return t.db.transaction().execute(async (trx) => {
        const orgId = await party.insertOrg(trx, null, {
          townId: town.townId,
          parentId: null,
          kind: 'branch',
          name: name(),
          regionId: c.id,
        });
        const memberId = (
          await trx
            .insertInto('party_member')
            .values({ town_id: town.townId, org_id: orgId, region_id: c.id, name: '党员', join_date: '2010-01-01', status: 'full' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        return { orgId, memberId };
      });
    },
    async freshVolunteer(side) {
      const c = community(side);
      const a = await t.createAccount(town.townId, c.gridId, 'resident');
      volunteerSeq += 2;
      const first17 = `4406051980${seqDate(volunteerSeq)}`;
      const id = first17 + idCheckDigit(first17);
      const v = await t.db
        .insertInto('volunteer')
        .values({
          town_id: town.townId,
          account_id: a.id,
          region_id: c.gridId,
          name: '申请人',
          sex: 'male',
          birth_date: '1980-01-01',
          id_type: 'resident_id',
          id_cipher: t.cipher.encrypt(id),
          id_hash: t.cipher.keyedHash(`id:${id}`),
          id_masked: '440605********0000',
          skills: [],
          service_categories: ['care'],
          availability: ['weekend'],
          guardian_name: null,
          guardian_relation: null,
          guardian_consented_on: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return v.id;
    },
    async freshTeam(side) {
      const row = await t.db
        .insertInto('team')
        .values({
          town_id: town.townId,
          kind: 'professional',
          name: name(),
          region_id: community(side).id,
          organiser: null,
          parent_id: null,
          leader_account_id: null,
          mentor_account_id: null,
          service_categories: [],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async freshMembership(side) {
      const teamId = await this.freshTeam(side);
      const volunteerId = await this.freshVolunteer(side);
      const m = await t.db
        .insertInto('team_member')
        .values({ town_id: town.townId, team_id: teamId, volunteer_id: volunteerId, decided_by: null, joined_at: null, left_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { teamId, memberId: m.id };
    },
    async freshPairing(side) {
      const p = await t.db
        .insertInto('pairing')
        .values({
          town_id: town.townId,
          kind: 'resource',
          community_id: community(side).id,
          provider_name: name(),
          start_date: '2026-01-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('pairing_theme')
        .values({ pairing_id: p.id, town_id: town.townId, month: '2026-03', theme: '人居环境' })
        .execute();
      await t.db
        .insertInto('pairing_quarter_list')
        .values({ pairing_id: p.id, town_id: town.townId, quarter: '2026-Q1', need_list: ['助餐'], service_list: [] })
        .execute();
      return p.id;
    },
    async freshHelp(side, opts = {}) {
      const c = community(side);
      const filer = opts.requesterAccountId ?? (await t.createAccount(town.townId, c.gridId, 'resident')).id;
      const status = opts.status ?? 'submitted';
      const claimant =
        opts.claimantVolunteerId ??
        (['claimed', 'in_service', 'done', 'reviewed', 'closed'].includes(status) ? await this.freshVolunteer(side) : null);
      const row = await t.db
        .insertInto('help_request')
        .values({
          town_id: town.townId,
          no: `H${randomUUID().slice(0, 12)}`,
          region_id: c.gridId,
          requester_account_id: filer,
          requester_name: '求助人',
          filed_by: filer,
          channel: 'phone',
          category: 'errand',
          description: '帮忙买药',
          place_cipher: t.cipher.encrypt('测试路1号'),
          place_masked: '测试路**',
          status,
          pool: opts.pool ?? (status === 'open' ? 'grid' : null),
          pool_region_id: opts.pool === 'community' ? c.id : status === 'open' ? c.gridId : null,
          assignee_volunteer_id: opts.assigneeVolunteerId ?? null,
          claimant_volunteer_id: claimant,
          done_at: ['done', 'reviewed', 'closed'].includes(status) ? new Date() : null,
          checked_in_at: ['in_service', 'done', 'reviewed', 'closed'].includes(status) ? new Date(Date.now() - 3600_000) : null,
          household_id: null,
          resident_id: null,
          phone_cipher: null,
          phone_masked: null,
          contact_id: null,
          wanted_at: null,
          wanted_note: null,
          lat: null,
          lng: null,
          refused_reason: null,
          duplicate_of_id: null,
          team_id: null,
          dispatched_at: null,
          claimed_at: null,
          done_note: null,
          review_stars: null,
          review_words: null,
          review_by: null,
          confirmed_by: null,
          confirmed_at: null,
          minutes: null,
          accept_due_at: null,
          claim_due_at: null,
          complete_due_at: null,
          overdue_since: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async merchantFor(accountId) {
      const found = await t.db.selectFrom('merchant_member').select('merchant_id').where('account_id', '=', accountId).executeTakeFirst();
      if (found) return found.merchant_id;
      const c = community('A');
      const m = await t.db
        .insertInto('merchant')
        .values({
          town_id: town.townId,
          region_id: c.id,
          kind: 'business',
          name: `商家${randomUUID().slice(0, 8)}`,
          address: '测试路 1 号',
          lat: null,
          lng: null,
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('merchant_member').values({ merchant_id: m.id, account_id: accountId }).execute();
      return m.id;
    },
    async freshMerchant(side) {
      const c = community(side);
      const a = await t.createAccount(town.townId, c.id, 'merchant');
      const m = await t.db
        .insertInto('merchant')
        .values({
          town_id: town.townId,
          region_id: c.id,
          kind: 'business',
          name: `商家${randomUUID().slice(0, 8)}`,
          address: '测试路 2 号',
          lat: null,
          lng: null,
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.insertInto('merchant_member').values({ merchant_id: m.id, account_id: a.id }).execute();
      return m.id;
    },
    async freshItem(side, opts = {}) {
      const merchantId = opts.merchantId ?? (await this.freshMerchant(side));
      const photo = opts.photoBy ? await this.freshAttachment(opts.photoBy) : null;
      const item = await t.db
        .insertInto('catalog_item')
        .values({
          town_id: town.townId,
          merchant_id: merchantId,
          kind: 'goods',
          title: '测试兑换品',
          price: 1,
          stock: 100,
          per_person_limit: 100,
          valid_from: '2020-01-01',
          valid_until: '2099-12-31',
          collect_at: '店内',
          lat: null,
          lng: null,
          photo_id: photo,
          status: opts.status ?? 'listed',
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return item.id;
    },
    async givePoints(volunteerId, amount) {
      return t.db.transaction().execute(async (trx) => {
        const v = await trx.selectFrom('volunteer').select('region_id').where('id', '=', volunteerId).executeTakeFirstOrThrow();
        const account = await accountOf(trx, { townId: town.townId, kind: 'volunteer', regionId: v.region_id, volunteerId });
        await post(trx, {
          townId: town.townId,
          kind: 'grant',
          memo: '测试奖励',
          entries: [
            { accountId: account, amount },
            { accountId: await issuingAccount(trx, town.townId), amount: -amount },
          ],
        });
        return account;
      });
    },
    async freshPointsAccount(side) {
      const a = await t.createAccount(town.townId, community(side).gridId, 'volunteer');
      const vid = await this.freshVolunteer(side);
      volunteerSeq += 2;
      await t.db
        .updateTable('volunteer')
        .set({ account_id: a.id, status: 'approved', volunteer_no: `V2026${String(volunteerSeq).padStart(6, '0')}` })
        .where('id', '=', vid)
        .execute();
      return this.givePoints(vid, 100);
    },
    async freshRedemption(side, opts = {}) {
      const accountId = opts.accountId ?? (await t.createAccount(town.townId, community(side).gridId, 'volunteer')).id;
      const volunteerId = await this.volunteerFor(accountId);
      await this.givePoints(volunteerId, 5);
      const itemId = await this.freshItem(side, { merchantId: opts.merchantId });
      const ctx = {
        actor: { accountId, name: '测试', townId: town.townId },
        ip: null,
        requestId: 'test',
        locale: 'zh-CN',
      } as unknown as RequestContext;
      const r = await t.app.points.exchange.redeem(ctx, itemId, {}, undefined);
      return { id: r.id, code: r.code };
    },
    async freshAdjustment(side) {
      const account = await this.freshPointsAccount(side);
      const requester = await t.createAccount(town.townId, community(side).id, 'community_admin');
      const a = await t.db
        .insertInto('points_adjustment')
        .values({ town_id: town.townId, account_id: account, amount: 500, reason: '年度表彰', requested_by: requester.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      return a.id;
    },
    async freshGrant(side) {
      const account = await this.freshPointsAccount(side);
      const txn = await t.db
        .selectFrom('points_entry')
        .select('txn_id')
        .where('account_id', '=', account)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return txn.txn_id;
    },
    async freshAttachment(accountId, requestId) {
      const a = await t.db
        .insertInto('attachment')
        .values({
          town_id: town.townId,
          account_id: accountId,
          kind: 'photo',
          content_type: 'image/png',
          size: 4,
          bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
          help_request_id: requestId ?? null,
          stage: requestId ? 'request' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return a.id;
    },
    async freshMatter(side) {
      const m = await t.db
        .insertInto('practical_matter')
        .values({ town_id: town.townId, community_id: community(side).id, title: '加装扶手', solved_on: '2026-02-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return m.id;
    },
    async freshServiceRecord(side, volunteerId) {
      const c = community(side);
      const vid = volunteerId ?? (await this.freshVolunteer(side));
      const teamId = await this.freshTeam(side);
      return t.db.transaction().execute(async (trx) => {
        const activity = await trx
          .insertInto('activity')
          .values({
            town_id: town.townId,
            region_id: c.id,
            organiser_team_id: teamId,
            partner_team_id: null,
            title: '清洁家园',
            category: 'environment',
            monthly_theme: null,
            site: '社区广场',
            lat: null,
            lng: null,
            geofence_m: null,
            capacity: 10,
            eligibility_team_id: null,
            eligibility_skill: null,
            first_date: '2026-03-07',
            start_time: '09:00',
            end_time: '11:00',
            rrule: null,
            until_date: null,
            status: 'published',
            created_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const startsAt = new Date('2026-03-07T01:00:00Z');
        const endsAt = new Date('2026-03-07T03:00:00Z');
        const occurrence = await trx
          .insertInto('activity_occurrence')
          .values({
            town_id: town.townId,
            activity_id: activity.id,
            region_id: c.id,
            rule_date: '2026-03-07',
            starts_at: startsAt,
            ends_at: endsAt,
            capacity: 10,
            site: null,
            note: null,
            reminded_at: null,
            hours_reminded_on: null,
            hours_overdue_notified_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const signup = await trx
          .insertInto('activity_signup')
          .values({
            town_id: town.townId,
            occurrence_id: occurrence.id,
            volunteer_id: vid,
            status: 'confirmed',
            confirmed_at: startsAt,
            cancelled_at: null,
            cancelled_by: null,
            checked_in_at: startsAt,
            check_in_method: 'manual',
            check_in_distance_m: null,
            checked_out_at: endsAt,
            check_out_method: 'manual',
            checked_in_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const record = await trx
          .insertInto('service_record')
          .values({
            town_id: town.townId,
            volunteer_id: vid,
            region_id: c.id,
            source: 'activity',
            occurrence_id: occurrence.id,
            signup_id: signup.id,
            title: '清洁家园',
            category: 'environment',
            served_on: '2026-03-07',
            place: '社区广场',
            content: null,
            organiser: null,
            leader_name: null,
            measured_minutes: 120,
            minutes: 120,
            due_on: '2026-03-20',
            confirmed_by: null,
            confirmed_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { recordId: record.id, volunteerId: vid };
      });
    },
    async freshCorrection(side) {
      const r = await this.freshServiceRecord(side);
      const c = await t.db
        .insertInto('service_correction')
        .values({ town_id: town.townId, record_id: r.recordId, volunteer_id: r.volunteerId, requested_minutes: 150, reason: '签退晚了' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return c.id;
    },
    async freshOccurrence(side, opts = {}) {
      const c = community(side);
      const teamId = await this.freshTeam(side);
      return t.db.transaction().execute(async (trx) => {
        const a = await trx
          .insertInto('activity')
          .values({
            town_id: town.townId,
            region_id: c.id,
            organiser_team_id: teamId,
            partner_team_id: null,
            title: '测试活动',
            category: 'care',
            monthly_theme: null,
            site: '社区广场',
            lat: null,
            lng: null,
            geofence_m: null,
            capacity: 5,
            eligibility_team_id: null,
            eligibility_skill: null,
            insurance_required: true,
            first_date: '2030-01-05',
            start_time: '09:00',
            end_time: '11:00',
            rrule: null,
            until_date: null,
            status: opts.draft ? 'draft' : 'published',
            created_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const startsAt = opts.running ? new Date(Date.now() - 10 * 60_000) : new Date(Date.now() + 2 * 86400_000);
        const o = await trx
          .insertInto('activity_occurrence')
          .values({
            town_id: town.townId,
            activity_id: a.id,
            region_id: c.id,
            rule_date: '2030-01-05',
            starts_at: startsAt,
            ends_at: new Date(startsAt.getTime() + 2 * 3600_000),
            capacity: 5,
            site: null,
            note: null,
            reminded_at: null,
            hours_reminded_on: null,
            hours_overdue_notified_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await sql`insert into activity_slot (occurrence_id, slot_no) select ${o.id}::uuid, g from generate_series(1, 5) g`.execute(trx);
        let signupId: string | null = null;
        if (opts.volunteerId) {
          signupId = (
            await trx
              .insertInto('activity_signup')
              .values({
                town_id: town.townId,
                occurrence_id: o.id,
                volunteer_id: opts.volunteerId,
                status: 'confirmed',
                confirmed_at: new Date(),
                checked_in_at: opts.checkedIn ? new Date(Date.now() - 30 * 60_000) : null,
                check_in_method: opts.checkedIn ? 'manual' : null,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
          await trx
            .updateTable('activity_slot')
            .set({ signup_id: signupId })
            .where('occurrence_id', '=', o.id)
            .where('slot_no', '=', 1)
            .execute();
        }
        return { activityId: a.id, occurrenceId: o.id, signupId };
      });
    },
    async volunteerFor(accountId) {
      const existing = await t.db.selectFrom('volunteer').select('id').where('account_id', '=', accountId).executeTakeFirst();
      const id = existing?.id ?? (await this.freshVolunteer('A'));
      volunteerSeq += 2;
      await t.db
        .updateTable('volunteer')
        .set((eb) => ({
          account_id: accountId,
          status: 'approved',
          volunteer_no: eb.fn.coalesce('volunteer_no', eb.val(`V2026${String(volunteerSeq).padStart(6, '0')}`)),
        }))
        .where('id', '=', id)
        .execute();
      return id;
    },
    async notificationFor(accountId) {
      return t.db
        .transaction()
        .execute((trx) =>
          t.app.platform.notifier.notify(trx, { townId: town.townId, accountId, kind: 'test', title: '测试通知', body: '内容' }),
        );
    },
  };
  return fx;
}
