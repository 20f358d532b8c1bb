import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { FakeEvent, FakeSession, FakeShell, FakeWebContents, flush, recordingLogger } from '../test/fakeElectron.js';
import { createAppPage } from './appPage.js';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isExternalLink, secureSession } from './security.js';

const indexHtml = join('/opt', 'chat console', 'resources', 'app.asar', 'renderer', 'dist', 'index.html');
const appPage = createAppPage(indexHtml, 'linux');

function hardened() {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  const logger = recordingLogger();
  hardenWebContents(contents, { appPage, shell, logger });
  return { contents, shell, logger };
}

describe('appPage', () => {
  it('matches the page itself with any fragment or query, nothing else', () => {
    assert.equal(appPage.url, pathToFileURL(indexHtml).href);
    assert.ok(appPage.isAppUrl(appPage.url));
    assert.ok(appPage.isAppUrl(`${appPage.url}#/presence`));
    assert.ok(appPage.isAppUrl(`${appPage.url}?view=topology`));
    for (const url of [
      'file:///etc/passwd',
      pathToFileURL(join(indexHtml, '..', 'other.html')).href,
      'https://example.com/',
      'http://127.0.0.1:5173/',
      `file://evil.example${pathToFileURL(indexHtml).pathname}`,
      'not a url',
      'data:text/html,<h1>hi</h1>',
    ]) {
      assert.equal(appPage.isAppUrl(url), false, url);
    }
  });
});

describe('hardenWebContents', () => {
  it('prevents navigation to another origin or another local file, in the main frame, sub-frames and redirects', () => {
    const { contents, logger } = hardened();
    for (const kind of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
      assert.equal(contents.navigate(kind, 'https://evil.example/phish'), false, kind);
      assert.equal(contents.navigate(kind, 'file:///etc/passwd'), false, kind);
      assert.equal(contents.navigate(kind, 'javascript:alert(1)'), false, kind);
    }
    assert.ok(logger.lines.some((line) => line.event === 'navigation_blocked' && line.fields.url === 'https://evil.example/phish'));
  });

  it('lets the app page reload itself', () => {
    const { contents } = hardened();
    assert.equal(contents.navigate('will-navigate', appPage.url), true);
    assert.equal(contents.navigate('will-navigate', `${appPage.url}#/topology`), true);
  });

  it('denies every new window and sends http(s) links to the system browser only', async () => {
    const { contents, shell } = hardened();
    assert.deepEqual(contents.openWindow('https://github.com/aceld/zinx'), { action: 'deny' });
    assert.deepEqual(contents.openWindow('http://example.com/docs'), { action: 'deny' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'mailto:ops@example.com', 'ms-settings:', 'about:blank', appPage.url]) {
      assert.deepEqual(contents.openWindow(url), { action: 'deny' }, url);
    }
    await flush();
    assert.deepEqual(shell.opened, ['https://github.com/aceld/zinx', 'http://example.com/docs']);
  });

  it('refuses webviews', () => {
    const { contents } = hardened();
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event);
    assert.equal(event.defaultPrevented, true);
  });

  it('logs instead of crashing when the system browser cannot be opened', async () => {
    const contents = new FakeWebContents();
    const logger = recordingLogger();
    hardenWebContents(contents, { appPage, shell: { openExternal: () => Promise.reject(new Error('no browser')) }, logger });
    assert.deepEqual(contents.openWindow('https://example.com/'), { action: 'deny' });
    await flush();
    assert.ok(logger.lines.some((line) => line.event === 'open_external_failed'));
  });

  it('isExternalLink accepts http and https only', () => {
    assert.ok(isExternalLink('https://example.com'));
    assert.ok(isExternalLink('HTTP://EXAMPLE.COM'));
    assert.equal(isExternalLink('file:///tmp/x'), false);
    assert.equal(isExternalLink('ftp://example.com'), false);
    assert.equal(isExternalLink('//example.com'), false);
  });
});

describe('secureSession', () => {
  it('adds the strict CSP to file:// responses and keeps a policy already there', () => {
    const session = new FakeSession();
    secureSession(session, { logger: recordingLogger() });
    assert.ok(session.headersFilter?.urls.includes('file://*/*'));
    let response: { responseHeaders?: Record<string, string[]> } | undefined;
    session.headersListener!({ url: appPage.url }, (r) => (response = r));
    assert.deepEqual(response?.responseHeaders, { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });

    session.headersListener!({ url: 'https://example.com/', responseHeaders: { 'content-security-policy': ["default-src 'none'; script-src 'self'"], 'x-a': ['1'] } }, (r) => (response = r));
    assert.deepEqual(response?.responseHeaders, { 'content-security-policy': ["default-src 'none'; script-src 'self'", CONTENT_SECURITY_POLICY], 'x-a': ['1'] });
  });

  it('the CSP allows no inline or remote script, no eval, no frames, no plugins', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-src'), ["'none'"]);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-|\*|https?:/);
  });

  it('denies every permission request and check', () => {
    const session = new FakeSession();
    const logger = recordingLogger();
    secureSession(session, { logger });
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      let granted: boolean | null = null;
      session.permissionRequestHandler!({}, permission, (value) => (granted = value));
      assert.equal(granted, false, permission);
      assert.equal(session.permissionCheckHandler!({}, permission), false, permission);
    }
    assert.ok(logger.lines.some((line) => line.event === 'permission_denied' && line.fields.permission === 'media'));
  });
});
