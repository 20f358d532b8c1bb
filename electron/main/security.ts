/**
 * The renderer's fences, applied to every WebContents and to the session:
 * a strict CSP, no navigation away from the app page, no new windows (http(s) links open in the
 * system browser), no webviews, no permissions.
 */
import type { Logger } from '../../node-runtime/src/index.js';
import type { AppPage } from './appPage.js';
import type { PreventableEvent, SessionPort, ShellPort, WebContentsPort } from './ports.js';

/**
 * Sent as a header on every response of the app's session. index.html carries the same policy in a
 * <meta> tag (with `ws:` for the web build); a page gets the intersection of both, so the header
 * can only tighten it. The UI talks to main over IPC, so it needs no network at all.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Only these leave the app, and only to the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export interface SecurityDeps {
  appPage: AppPage;
  shell: ShellPort;
  logger: Logger;
}

/** Every WebContents main creates (call it from app 'web-contents-created'). */
export function hardenWebContents(contents: WebContentsPort, { appPage, shell, logger }: SecurityDeps): void {
  const guardNavigation = (kind: string) => (event: PreventableEvent & { url: string }) => {
    if (appPage.isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn('navigation_blocked', { kind, url: event.url });
  };
  contents.on('will-navigate', guardNavigation('navigate'));
  contents.on('will-frame-navigate', guardNavigation('frame-navigate'));
  contents.on('will-redirect', guardNavigation('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview_blocked');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) {
      shell.openExternal(url).catch((error: unknown) => logger.warn('open_external_failed', { url, error: String(error) }));
    } else {
      logger.warn('window_open_blocked', { url });
    }
    return { action: 'deny' };
  });
}

/** The session's CSP header and its permission policy (everything denied). */
export function secureSession(session: SessionPort, { logger }: Pick<SecurityDeps, 'logger'>): void {
  session.webRequest.onHeadersReceived({ urls: ['file://*/*', '<all_urls>'] }, (details, callback) => {
    // Added to any policy the response already has: several policies all apply, so this only tightens.
    const headers = { ...details.responseHeaders };
    const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-security-policy') ?? 'Content-Security-Policy';
    headers[name] = [...(headers[name] ?? []), CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('permission_denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
