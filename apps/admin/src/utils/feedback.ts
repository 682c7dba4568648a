import { ElMessage, ElMessageBox, ElNotification } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';
import { ApiError } from '@tongxin/shared/client';
import { i18n } from '../locales';

/**
 * User feedback in one place: toasts, confirmations and server errors. Messages from the server
 * are already in the user's language (the client sends Accept-Language).
 */
export function toastSuccess(message: string): void {
  ElMessage({ type: 'success', message, grouping: true });
}

export function showError(error: unknown): void {
  const message = error instanceof ApiError ? error.message : i18n.global.t('error.unknown');
  ElMessage({ type: 'error', message, grouping: true, duration: 5000 });
  if (!(error instanceof ApiError)) console.error(error);
}

/** Resolves true when the user confirms; destructive actions use the danger style. */
export async function confirmAction(message: string, options: { danger?: boolean; confirmText?: string } = {}): Promise<boolean> {
  const t = i18n.global.t;
  try {
    await ElMessageBox.confirm(message, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: options.confirmText ?? t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: options.danger ? 'el-button--danger' : undefined,
      autofocus: false,
    });
    return true;
  } catch {
    return false;
  }
}

export function notifyInfo(title: string, message: string): void {
  ElNotification({ title, message, type: 'info', position: 'bottom-right', duration: 6000 });
}
