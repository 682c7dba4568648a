/** The maintenance database of the server TEST_DATABASE_URL points at, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** One template per test run, so parallel runs on one server do not collide. */
export function templateName(): string {
  return `tongxin_tpl_${process.pid}`;
}
