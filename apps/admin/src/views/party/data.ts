import type { FormRules } from 'element-plus';
import { PARTY_ORG_CHILDREN, PARTY_ORG_KINDS, type PartyMemberStatus, type PartyOrgKind } from '@tongxin/shared';
import type { CreatePartyMemberBody, PartyMember, PartyMemberListQuery, PartyOrg, UpdatePartyMemberBody } from '@tongxin/shared/schemas';
import { maxLengthRule, requiredRule } from '../../utils/form-rules';
import { textOrNull } from '../../utils/people';
import { withArabicNumerals } from '../../utils/region-tree';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [10, 20, 50, 100];
export const MEMBER_STATUSES: readonly PartyMemberStatus[] = ['full', 'probationary'];
/** 光荣在党50年: the quick filter's threshold. */
export const GLORY_YEARS = 50;

export type PartyOrgNode = PartyOrg & { children: PartyOrgNode[] };

const KIND_ORDER = new Map(PARTY_ORG_KINDS.map((k, i) => [k, i]));
const collator = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The server sends the organisations flat with their parent ids; nest them. An organisation whose
 * parent is outside the caller's view becomes a root. Siblings: by kind (党委 before 党支部), then name.
 */
export function buildOrgTree(items: readonly PartyOrg[]): PartyOrgNode[] {
  const nodes = new Map<string, PartyOrgNode>(items.map((o) => [o.id, { ...o, children: [] }]));
  const roots: PartyOrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: PartyOrgNode[]) => {
    list.sort(
      (a, b) =>
        KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || collator.compare(withArabicNumerals(a.name), withArabicNumerals(b.name)),
    );
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Kinds that may be created under `parent` (at the top: committees, general branches, branches). */
export function childKinds(parent: Pick<PartyOrg, 'kind'> | null): readonly PartyOrgKind[] {
  return parent ? PARTY_ORG_CHILDREN[parent.kind] : ['committee', 'general_branch', 'branch'];
}

/** Ids of the nodes to open at first: the roots and their children. */
export function initialOrgExpanded(tree: readonly PartyOrgNode[]): string[] {
  return tree.flatMap((r) => [r.id, ...r.children.filter((c) => c.children.length > 0).map((c) => c.id)]);
}

/** How many warnings an organisation and everything under it carry (shown on collapsed nodes). */
export function warningCount(node: PartyOrgNode): number {
  return node.warnings.length + node.children.reduce((n, c) => n + warningCount(c), 0);
}

export function orgRules(t: Translate): FormRules {
  return {
    kind: [requiredRule(t, 'party.kind', 'change')],
    name: [requiredRule(t, 'party.orgName'), maxLengthRule(t, 60)],
    regionId: [requiredRule(t, 'party.orgRegion', 'change')],
  };
}

// ------------------------------------------------------------------ members

export interface MemberFilters {
  orgId: string;
  regionId: string;
  q: string;
  status: PartyMemberStatus | '';
  communityReported: boolean;
  glory: boolean;
}

export function emptyMemberFilters(): MemberFilters {
  return { orgId: '', regionId: '', q: '', status: '', communityReported: false, glory: false };
}

export function memberQuery(f: MemberFilters): Omit<PartyMemberListQuery, 'page' | 'pageSize'> {
  return {
    orgId: f.orgId || undefined,
    regionId: f.regionId || undefined,
    q: f.q.trim() || undefined,
    status: f.status || undefined,
    communityReported: f.communityReported || undefined,
    minTenure: f.glory ? GLORY_YEARS : undefined,
  };
}

export type MemberLink = 'resident' | 'account' | 'name';

export interface MemberFormModel {
  orgId: string;
  link: MemberLink;
  residentId: string;
  accountId: string;
  name: string;
  joinDate: string;
  fullDate: string;
  status: PartyMemberStatus;
  communityReport: boolean;
  reportRegionId: string;
  reportedOn: string;
  workUnit: string;
  pledgedServices: string[];
}

export function emptyMemberForm(orgId = ''): MemberFormModel {
  return {
    orgId,
    link: 'resident',
    residentId: '',
    accountId: '',
    name: '',
    joinDate: '',
    fullDate: '',
    status: 'full',
    communityReport: false,
    reportRegionId: '',
    reportedOn: '',
    workUnit: '',
    pledgedServices: [],
  };
}

export function memberToForm(m: PartyMember): MemberFormModel {
  return {
    orgId: m.orgId,
    link: m.residentId ? 'resident' : m.accountId ? 'account' : 'name',
    residentId: m.residentId ?? '',
    accountId: m.accountId ?? '',
    name: m.name,
    joinDate: m.joinDate,
    fullDate: m.fullDate ?? '',
    status: m.status,
    communityReport: !!m.communityReport,
    reportRegionId: m.communityReport?.regionId ?? '',
    reportedOn: m.communityReport?.reportedOn ?? '',
    workUnit: m.communityReport?.workUnit ?? '',
    pledgedServices: [...(m.communityReport?.pledgedServices ?? [])],
  };
}

export function memberRules(t: Translate, mode: 'create' | 'edit', form: MemberFormModel): FormRules {
  const rules: FormRules = {
    orgId: [requiredRule(t, 'party.org', 'change')],
    joinDate: [requiredRule(t, 'party.joinDate', 'change')],
    status: [requiredRule(t, 'party.status', 'change')],
    fullDate: [
      {
        trigger: 'change',
        validator: (_r, v: string, cb) => cb(v && form.joinDate && v < form.joinDate ? new Error(t('party.fullBeforeJoin')) : undefined),
      },
    ],
    reportRegionId: [requiredRule(t, 'party.reportRegion', 'change')],
    reportedOn: [requiredRule(t, 'party.reportedOn', 'change')],
    workUnit: [maxLengthRule(t, 60)],
  };
  if (mode === 'create') {
    rules.residentId = [requiredRule(t, 'party.linkResident', 'change')];
    rules.accountId = [requiredRule(t, 'party.linkAccount', 'change')];
    rules.name = [requiredRule(t, 'party.memberName'), maxLengthRule(t, 40)];
  }
  return rules;
}

function communityReportBody(form: MemberFormModel) {
  if (!form.communityReport) return null;
  return {
    regionId: form.reportRegionId,
    reportedOn: form.reportedOn,
    workUnit: textOrNull(form.workUnit),
    pledgedServices: form.pledgedServices.map((s) => s.trim()).filter(Boolean),
  };
}

export function createMemberBody(form: MemberFormModel): CreatePartyMemberBody {
  return {
    orgId: form.orgId,
    ...(form.link === 'resident' ? { residentId: form.residentId } : {}),
    ...(form.link === 'account' ? { accountId: form.accountId } : {}),
    ...(form.link === 'name' ? { name: form.name.trim() } : {}),
    joinDate: form.joinDate,
    fullDate: form.status === 'full' ? form.fullDate || null : null,
    status: form.status,
    communityReport: communityReportBody(form),
  };
}

export function updateMemberBody(form: MemberFormModel, m: PartyMember): UpdatePartyMemberBody {
  const body: UpdatePartyMemberBody = {};
  if (form.orgId !== m.orgId) body.orgId = form.orgId;
  if (form.accountId !== (m.accountId ?? '')) body.accountId = form.accountId || null;
  if (form.joinDate !== m.joinDate) body.joinDate = form.joinDate;
  const fullDate = form.status === 'full' ? form.fullDate || null : null;
  if (fullDate !== m.fullDate) body.fullDate = fullDate;
  if (form.status !== m.status) body.status = form.status;
  const report = communityReportBody(form);
  const before = m.communityReport;
  const same =
    report === null
      ? before === null
      : !!before &&
        before.regionId === report.regionId &&
        before.reportedOn === report.reportedOn &&
        (before.workUnit ?? null) === report.workUnit &&
        before.pledgedServices.join('\n') === report.pledgedServices.join('\n');
  if (!same) body.communityReport = report;
  return body;
}

/** Tenure (党龄) shown with a gold tag from 50 years (光荣在党50年). */
export function isGlorious(m: Pick<PartyMember, 'tenureYears'>): boolean {
  return m.tenureYears >= GLORY_YEARS;
}
