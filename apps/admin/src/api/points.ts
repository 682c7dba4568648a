import type {
  Adjustment,
  AdjustmentList,
  AdjustmentQuery,
  CatalogAdminQuery,
  CatalogItem,
  CatalogPage,
  CreateAdjustmentBody,
  CreateMerchantBody,
  DecisionBody,
  Merchant,
  MerchantList,
  PointsAccountPage,
  PointsAccountQuery,
  PointsRules,
  RedemptionPage,
  RedemptionQuery,
  ReverseBody,
  Statement,
  StatementQuery,
  UpdateMerchantBody,
  UpdatePointsRulesBody,
} from '@tongxin/shared/schemas';
import { apiUrl, downloadFile } from './files';
import { http } from './http';

// ── Rules ───────────────────────────────────────────────────────────────────────────────────────

/** The town's earning rules (everyone may read them). */
export const getPointsRules = () => http.get<PointsRules>('/points/rules');
/** Town admins: only the fields sent change; categories are upserted one by one. */
export const updatePointsRules = (body: UpdatePointsRulesBody) => http.patch<PointsRules>('/points/rules', body);

// ── Accounts and statements ─────────────────────────────────────────────────────────────────────

export const listPointsAccounts = (query: PointsAccountQuery) => http.get<PointsAccountPage>('/points/accounts', { ...query });
/** One account's lines, newest first. */
export const getPointsStatement = (accountId: string, query: StatementQuery) =>
  http.get<Statement>(`/points/accounts/${accountId}/statement`, { ...query });
/** The whole statement as a watermarked sheet (audited). */
export const downloadPointsStatement = (accountId: string, fallbackName: string) =>
  downloadFile(apiUrl(`/points/accounts/${accountId}/statement.xlsx`), fallbackName);

// ── Grants, deductions, approvals, reversals ────────────────────────────────────────────────────

export const listAdjustments = (query: AdjustmentQuery) => http.get<AdjustmentList>('/points/adjustments', { ...query });
/** At most the town's threshold posts at once (status posted); above it waits for a second person (pending). */
export const createAdjustment = (body: CreateAdjustmentBody) => http.post<Adjustment>('/points/adjustments', body);
export const approveAdjustment = (id: string, body: DecisionBody = {}) => http.post<Adjustment>(`/points/adjustments/${id}/approve`, body);
/** The reason is required. */
export const rejectAdjustment = (id: string, body: DecisionBody) => http.post<Adjustment>(`/points/adjustments/${id}/reject`, body);
/** Undo a grant or deduction (once): the opposite transaction, with the reason in its memo. */
export const reverseTransaction = (txnId: string, body: ReverseBody) =>
  http.post<{ txnId: string }>(`/points/transactions/${txnId}/reverse`, body);

// ── Merchants ───────────────────────────────────────────────────────────────────────────────────

export const listMerchants = () => http.get<MerchantList>('/merchants');
/** The member accounts are given the merchant role. */
export const createMerchant = (body: CreateMerchantBody) => http.post<Merchant>('/merchants', body);
export const updateMerchant = (id: string, body: UpdateMerchantBody) => http.patch<Merchant>(`/merchants/${id}`, body);

// ── Catalogue moderation ────────────────────────────────────────────────────────────────────────

export const listCatalogItems = (query: CatalogAdminQuery) => http.get<CatalogPage>('/points/catalog', { ...query });
export const approveCatalogItem = (id: string) => http.post<CatalogItem>(`/points/catalog/${id}/approve`, {});
/** Reject (a pending item) or withdraw (a listed one): the reason is required and goes to the merchant. */
export const rejectCatalogItem = (id: string, body: DecisionBody) => http.post<CatalogItem>(`/points/catalog/${id}/reject`, body);
export const withdrawCatalogItem = (id: string, body: DecisionBody) => http.post<CatalogItem>(`/points/catalog/${id}/withdraw`, body);

// ── Redemptions ─────────────────────────────────────────────────────────────────────────────────

/** Codes arrive masked (12****78): only the volunteer and the verifying merchant see them whole. */
export const listRedemptions = (query: RedemptionQuery) => http.get<RedemptionPage>('/points/redemptions', { ...query });
