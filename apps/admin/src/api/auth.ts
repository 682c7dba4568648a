import type { ChangePasswordBody, LoginBody, Me, Ok, UpdateMyPreferencesBody } from '@tongxin/shared/schemas';
import { http } from './http';

export const login = (body: LoginBody) => http.post<Me>('/auth/login', body);
export const logout = () => http.post<Ok>('/auth/logout');
export const getMe = () => http.get<Me>('/auth/me');
export const changePassword = (body: ChangePasswordBody) => http.post<Ok>('/auth/password', body);
export const updateMyPreferences = (body: UpdateMyPreferencesBody) => http.patch<Me>('/auth/me/preferences', body);
