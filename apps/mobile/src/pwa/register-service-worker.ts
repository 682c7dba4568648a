/** The service worker (public/sw.js) makes the app installable and opens it offline. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    const base = import.meta.env.BASE_URL;
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch(() => {
      // Without it the app still works online; nothing to tell the person.
    });
  });
}
