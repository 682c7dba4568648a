import { showFailToast } from 'vant';
import 'vant/es/toast/style';

/** Every ApiError's message is already in the person's language; show it as it is. */
export function toastError(error: unknown): void {
  showFailToast({ message: error instanceof Error ? error.message : String(error), wordBreak: 'break-word' });
}
