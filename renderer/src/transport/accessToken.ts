/**
 * The web console's access token: `npm run web` prints a URL ending in `?token=…`. The token is
 * moved from the address bar into sessionStorage (so a reload keeps working and the token does not
 * stay visible, in the history or in a copied URL) and read from there afterwards.
 */
export const TOKEN_STORAGE_KEY = 'chat-console.token';
export const TOKEN_QUERY_PARAM = 'token';

export interface TokenEnv {
  /** The page URL (`location.href`). */
  href: string;
  replaceUrl(url: string): void;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export function takeAccessToken(env: TokenEnv): string | null {
  const url = new URL(env.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromUrl !== null && fromUrl !== '') {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token still works for this page.
    }
    url.searchParams.delete(TOKEN_QUERY_PARAM);
    env.replaceUrl(url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    const stored = env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
    return stored === '' ? null : stored;
  } catch {
    return null;
  }
}
