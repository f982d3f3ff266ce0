import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { WebSocket, WebSocketServer } from 'ws';
import { WsBlockingProxy } from '../support/ws-blocking-proxy';

// The fallback test is only as good as the proxy it hides the socket behind: check that proxy
// alone against a bare HTTP + ws server (no app, no browser).

type Outcome = { opened: true; echo: string } | { opened: false; status: number | undefined };

function tryUpgrade(url: string, origin: string): Promise<Outcome> {
  return new Promise((done) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => {
      socket.once('message', (data: Buffer) => {
        done({ opened: true, echo: data.toString('utf8') });
        socket.close();
      });
      socket.send('hello');
    });
    socket.once('unexpected-response', (_req, res) => {
      done({ opened: false, status: res.statusCode });
      res.resume();
      socket.terminate();
    });
    socket.once('error', () => done({ opened: false, status: undefined }));
  });
}

test.describe('the WebSocket-blocking proxy used by the fallback test', () => {
  let backend: Server;
  let sockets: WebSocketServer;
  let proxy: WsBlockingProxy;
  const seenHosts: string[] = [];

  test.beforeAll(async () => {
    backend = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            host: req.headers.host,
            auth: req.headers.authorization,
            body,
          }),
        );
      });
    });
    sockets = new WebSocketServer({ server: backend });
    sockets.on('connection', (socket, req) => {
      seenHosts.push(`${req.headers.host ?? ''} ${req.headers.origin ?? ''}`);
      socket.on('message', (data: Buffer) => socket.send(`echo:${data.toString('utf8')}`));
    });
    await new Promise<void>((ready) => backend.listen(0, '127.0.0.1', () => ready()));
    const address = backend.address();
    proxy = await WsBlockingProxy.start(typeof address === 'object' && address !== null ? address.port : 0);
  });

  test.afterAll(async () => {
    await proxy.close();
    sockets.close();
    await new Promise<void>((closed) => backend.close(() => closed()));
  });

  test('forwards HTTP unchanged, refuses upgrades while blocking, tunnels them once allowed', async () => {
    const response = await fetch(proxy.url('/api/things?x=1'), {
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/api/things?x=1',
      host: `127.0.0.1:${proxy.port}`,
      auth: 'Bearer abc',
      body: '{"a":1}',
    });

    const wsUrl = `ws://127.0.0.1:${proxy.port}/api/ws/statistics?token=t`;
    expect(await tryUpgrade(wsUrl, proxy.origin)).toEqual({ opened: false, status: 403 });
    expect(proxy.counts).toMatchObject({ upgrades: 1, refused: 1, tunnelled: 0 });

    proxy.setBlocking(false);
    expect(await tryUpgrade(wsUrl, proxy.origin)).toEqual({ opened: true, echo: 'echo:hello' });
    // The app sees the proxy's host and the browser's origin, untouched.
    expect(seenHosts).toEqual([`127.0.0.1:${proxy.port} ${proxy.origin}`]);

    // Blocking again cuts an open tunnel.
    const open = new WebSocket(wsUrl, { origin: proxy.origin });
    await new Promise((ready) => open.once('open', ready));
    const closed = new Promise<number>((done) => open.once('close', (code) => done(code)));
    proxy.setBlocking(true);
    expect(await closed).toBe(1006);
  });
});
