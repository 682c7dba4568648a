export type Tab = 'home' | 'messages' | 'me';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string;
    /** Reachable without logging in. */
    public?: boolean;
    /** Which tab is lit while this page shows. */
    tab?: Tab;
  }
}
