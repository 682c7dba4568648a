import type { FormItemRule } from 'element-plus';
import type { Problem } from './validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The text of a validator problem; a polygon problem carries the key of its reason. */
export function problemText(problem: Problem, t: Translate): string {
  const params = { ...problem.params };
  if (typeof params.reasonKey === 'string') params.reason = t(params.reasonKey);
  return t(problem.key, params);
}

/** An Element Plus rule from a shared check; empty values pass (pair with `required`). */
export function checkRule(check: (value: string) => Problem | null, t: Translate, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return {
    trigger,
    validator: (_rule, value, callback) => {
      const text = value === null || value === undefined ? '' : String(value);
      const problem = text === '' ? null : check(text);
      callback(problem ? new Error(problemText(problem, t)) : undefined);
    },
  };
}

export function requiredRule(t: Translate, fieldKey: string, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return { required: true, trigger, message: t('validation.required', { field: t(fieldKey) }) };
}

export function maxLengthRule(t: Translate, n: number): FormItemRule {
  return { max: n, trigger: 'blur', message: t('validation.maxLength', { n }) };
}
