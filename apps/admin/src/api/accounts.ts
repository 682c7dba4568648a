import type { Account, AccountListQuery, AccountPage, CreateAccountBody, GrantBody, Ok, UpdateAccountBody } from '@tongxin/shared/schemas';
import { http } from './http';

export const listAccounts = (query: AccountListQuery) => http.get<AccountPage>('/accounts', { ...query });
export const getAccount = (id: string) => http.get<Account>(`/accounts/${id}`);
export const createAccount = (body: CreateAccountBody) => http.post<Account>('/accounts', body);
export const updateAccount = (id: string, body: UpdateAccountBody) => http.patch<Account>(`/accounts/${id}`, body);
export const resetAccountPassword = (id: string, password: string) => http.post<Ok>(`/accounts/${id}/reset-password`, { password });
export const grantRole = (id: string, body: GrantBody) => http.post<Account>(`/accounts/${id}/grants`, body);
export const revokeGrant = (id: string, grantId: string) => http.delete<Account>(`/accounts/${id}/grants/${grantId}`);
