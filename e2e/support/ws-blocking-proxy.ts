import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { Socket, connect } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A reverse proxy in front of the app that can refuse WebSocket upgrades, like a corporate
 * proxy or a misconfigured nginx would. Plain HTTP is always forwarded unchanged (same method,
 * path, headers and body, so the Host and Origin the browser sends stay the proxy's own).
 * Upgrades are answered 403 while blocking, and tunnelled byte for byte to the app otherwise.
 */
export class WsBlockingProxy {
  private blocking: boolean;
  private readonly tunnels = new Set<Duplex>();
  /** Upgrade requests seen, and how many were refused: lets tests prove the block was real. */
  readonly counts = { upgrades: 0, refused: 0, tunnelled: 0 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly targetPort: number,
    blocking: boolean,
  ) {
    this.blocking = blocking;
  }

  static async start(targetPort: number, options: { blocking?: boolean } = {}): Promise<WsBlockingProxy> {
    const server = createServer();
    await new Promise<void>((listening, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => listening());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const proxy = new WsBlockingProxy(server, port, targetPort, options.blocking ?? true);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => proxy.forward(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => proxy.upgrade(req, socket, head));
    return proxy;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return this.origin + path;
  }

  get isBlocking(): boolean {
    return this.blocking;
  }

  /**
   * Turns refusal of WebSocket upgrades on or off. Turning it on also cuts the sockets already
   * tunnelled, as a proxy restart would.
   */
  setBlocking(blocking: boolean): void {
    this.blocking = blocking;
    if (blocking) {
      for (const tunnel of this.tunnels) tunnel.destroy();
      this.tunnels.clear();
    }
  }

  async close(): Promise<void> {
    for (const tunnel of this.tunnels) tunnel.destroy();
    this.tunnels.clear();
    this.server.closeAllConnections();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      { host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
      else res.destroy();
    });
    req.pipe(upstream);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.counts.upgrades += 1;
    socket.on('error', () => socket.destroy());
    if (this.blocking) {
      this.counts.refused += 1;
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.counts.tunnelled += 1;
    const upstream: Socket = connect(this.targetPort, '127.0.0.1', () => {
      // Replay the request head exactly as received (rawHeaders keeps order and duplicates).
      let lines = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      upstream.write(lines + '\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const cut = (): void => {
      this.tunnels.delete(socket);
      this.tunnels.delete(upstream);
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', cut);
    upstream.on('close', cut);
    socket.on('close', cut);
    this.tunnels.add(socket);
    this.tunnels.add(upstream);
  }
}
