import { isStrongPassword } from '@tongxin/shared';

export type PasswordProblem = 'password.required' | 'password.weak' | 'password.mismatch' | 'password.same';

export interface PasswordForm {
  current: string;
  next: string;
  confirm: string;
}

/** Problems per field, the same strength rule as the server; an empty object means it can be sent. */
export function checkPasswordForm(form: PasswordForm): Partial<Record<keyof PasswordForm, PasswordProblem>> {
  const problems: Partial<Record<keyof PasswordForm, PasswordProblem>> = {};
  if (!form.current) problems.current = 'password.required';
  if (!form.next) problems.next = 'password.required';
  else if (!isStrongPassword(form.next)) problems.next = 'password.weak';
  else if (form.next === form.current) problems.next = 'password.same';
  if (!form.confirm) problems.confirm = 'password.required';
  else if (form.confirm !== form.next) problems.confirm = 'password.mismatch';
  return problems;
}
