/**
 * The console's one page: renderer/dist/index.html, loaded with loadFile. Navigation guards, the
 * CSP filter and the IPC sender check all ask this object whether a URL is that page.
 */
import { pathToFileURL } from 'node:url';

export interface AppPage {
  /** Absolute path of index.html (what loadFile gets). */
  readonly indexHtmlPath: string;
  /** Its file:// URL. */
  readonly url: string;
  /** True for the page itself, whatever its query or fragment (the UI keeps its view in the hash). */
  isAppUrl(url: string): boolean;
}

export function createAppPage(indexHtmlPath: string, platform: NodeJS.Platform = process.platform): AppPage {
  const pageUrl = pathToFileURL(indexHtmlPath);
  const key = (pathname: string) => (platform === 'win32' ? pathname.toLowerCase() : pathname);
  const expected = key(pageUrl.pathname);
  return {
    indexHtmlPath,
    url: pageUrl.href,
    isAppUrl(url: string): boolean {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      return parsed.protocol === 'file:' && parsed.host === '' && key(parsed.pathname) === expected;
    },
  };
}
