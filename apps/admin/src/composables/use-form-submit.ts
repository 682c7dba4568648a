import { ref, type Ref } from 'vue';
import type { FormInstance } from 'element-plus';
import { fieldErrors } from '@tongxin/shared/client';
import { showError } from '../utils/feedback';

/**
 * The submit cycle every console form shares: validate the form (when there is one), mark it busy,
 * run the action, and on failure show the server's message and put its per-field errors under the
 * fields (`errors`, for el-form-item's `error` prop). Success feedback belongs to the action.
 */
export function useFormSubmit(formRef?: Ref<FormInstance | undefined>) {
  const saving = ref(false);
  const errors = ref<Record<string, string>>({});

  async function submit(action: () => Promise<void>): Promise<void> {
    if (formRef?.value && !(await formRef.value.validate().catch(() => false))) return;
    saving.value = true;
    errors.value = {};
    try {
      await action();
    } catch (error) {
      errors.value = fieldErrors(error);
      showError(error);
    } finally {
      saving.value = false;
    }
  }

  /** Clear server errors and validation marks, e.g. when a dialog opens again. */
  function reset(): void {
    errors.value = {};
    formRef?.value?.clearValidate();
  }

  return { saving, errors, submit, reset };
}
