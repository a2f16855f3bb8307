import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspDirectives, type CspTarget } from '../../shared/api/csp';

describe('content security policy', () => {
  const targets: CspTarget[] = ['desktop', 'browser', 'page'];

  it.each(targets)('%s: no inline or eval scripts, no plugins, no <base>', (target) => {
    const csp = contentSecurityPolicy(target);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('lets each host reach only its own data origin', () => {
    const connect = (t: CspTarget) => cspDirectives(t).find(([n]) => n === 'connect-src')?.[1];
    expect(connect('desktop')).toBe("'self' gwz:");
    expect(connect('browser')).toBe("'self' ws: wss:");
    // The page meta must allow what either header allows, or it would block one of the hosts.
    for (const source of [...connect('desktop')!.split(' '), ...connect('browser')!.split(' ')]) {
      expect(connect('page')!.split(' ')).toContain(source);
    }
  });

  it('keeps frame-ancestors out of the <meta> policy, where browsers ignore it with a warning', () => {
    expect(contentSecurityPolicy('page')).not.toContain('frame-ancestors');
    expect(contentSecurityPolicy('desktop')).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('browser')).toContain("frame-ancestors 'none'");
  });
});
