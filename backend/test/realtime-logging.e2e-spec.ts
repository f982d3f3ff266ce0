import { ConsoleLogger, Logger } from '@nestjs/common';
import { createUser } from './support/realtime-fixtures';
import { it, test } from './support/fixtures';
import { login } from './support/test-app';
import { connect, connectAccepted } from './support/ws-client';

/** A logged message: a string, or a structured one with its text in `msg` (pino's key). */
function text(message: unknown): string {
  if (typeof message === 'object' && message !== null && 'msg' in message) return String(message.msg);
  return String(message);
}

/** Records every line the app logs (all levels) instead of printing it. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override printMessages(messages: unknown[], context = ''): void {
    for (const message of messages) this.lines.push(`[${context}] ${text(message)}`);
  }
}

// Contract §3: "Tokens in URLs are never logged"; issue: one line per connection opened and
// closed with user, connection id, close code and duration.
test.override('appOptions', { env: { CORS_ORIGINS: 'https://cams.example.com' } });

describe('live socket logs', () => {
  const logs = new CapturingLogger();

  test.beforeAll(({ t }) => {
    // Asking for `t` starts the app first: capturing begins after its start-up lines.
    void t;
    logs.setLogLevels(['error', 'warn', 'log', 'debug', 'verbose']);
    Logger.overrideLogger(logs);
  });

  it('logs opens, closes and refusals with who and how, and never a token', { timeout: 10_000 }, async ({ t }) => {
    const admin = await login(t);
    const { user, token } = await createUser(t, admin, 'logged-viewer');

    // A token in the query string, accepted then closed by the client.
    const accepted = await connectAccepted(t, { token });
    const { connection_id } = accepted.all('connection_status')[0];
    accepted.ws.close(1000, 'bye');
    await accepted.closed(3000);
    // Refused at the Origin check (the URL is logged there) and at the token check.
    const foreign = connect(t, { token, headers: { origin: 'https://evil.example.com' } });
    await expect(foreign.opened).rejects.toThrow('HTTP 403');
    const forged = connect(t, { token: `${token.slice(0, -4)}AAAA` });
    await forged.closed(3000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the close is logged after the handshake

    const text = logs.lines.join('\n');
    const opened = logs.lines.find((line) => line.includes(`socket opened: connection ${connection_id}`));
    const closed = logs.lines.find((line) => line.includes(`socket closed: connection ${connection_id}`));
    expect(opened).toContain(`user ${user.id} (logged-viewer)`);
    expect(closed).toMatch(new RegExp(`user ${user.id} \\(logged-viewer\\), code 1000, \\d+ ms`));
    expect(text).toContain('origin https://evil.example.com not allowed');
    expect(text).toContain('token=[REDACTED]');
    expect(text).toMatch(/socket refused: 4001 Token signature invalid/);
    // No part of any token: not the full token, not its signature, not the forged one.
    for (const secret of [token, token.split('.')[2], admin]) expect(text).not.toContain(secret);
  });
});
