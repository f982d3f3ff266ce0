/**
 * The long-polling client process: holds `count` concurrent `GET /api/events?...&wait=S`
 * on keep-alive connections spread over loopback source addresses, and reports how and
 * when each one ended.
 */
import { Agent, request } from 'node:http';
import type { AwaitCommand, HoldCommand, LongPollCommand, LongPollReply, Outcome } from './protocol';

interface Held {
  done: boolean;
  outcome: Outcome;
  answeredAt: number;
  detail: string;
  ids: number[];
  abort: () => void;
}

// Keep-alive agents, new for each round: reusing a connection the server is just closing
// (its keep-alive timeout) would show up as a "closed" poll that the server never held.
let agents = new Map<string, Agent>();
let round: Held[] = [];

function reply(message: LongPollReply): void {
  process.send?.(message);
}

function agentFor(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, maxSockets: Infinity, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

function classify(status: number, body: string): { outcome: Outcome; ids: number[] } {
  if (status !== 200) return { outcome: `status ${status}`, ids: [] };
  try {
    const page = JSON.parse(body) as { items?: Array<{ id: number }> };
    if (!Array.isArray(page.items)) return { outcome: 'status 200 without items', ids: [] };
    return { outcome: page.items.length === 0 ? 'empty' : 'event', ids: page.items.map((item) => item.id) };
  } catch {
    return { outcome: 'status 200 not JSON', ids: [] };
  }
}

function send(command: HoldCommand, index: number, onWritten: () => void): Held {
  const held: Held = { done: false, outcome: 'pending', answeredAt: 0, detail: '', ids: [], abort: () => undefined };
  const finish = (outcome: Outcome, detail: string, ids: number[] = []): void => {
    if (held.done) return;
    Object.assign(held, { done: true, outcome, detail, ids, answeredAt: Date.now() });
  };
  const req = request(command.url, {
    agent: agentFor(command.localAddresses[index % command.localAddresses.length]),
    headers: { authorization: `Bearer ${command.token}` },
  });
  req.on('finish', onWritten);
  req.on('response', (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const { outcome, ids } = classify(res.statusCode ?? 0, body);
      finish(outcome, `${res.statusCode} ${body.slice(0, 200)}`, ids);
    });
    res.on('error', (error) => finish('error', error.message));
  });
  // Node reports a connection closed before any answer as "socket hang up"; a reset as ECONNRESET.
  req.on('error', (error) => finish(error.message === 'socket hang up' ? 'closed' : 'error', error.message));
  held.abort = () => req.destroy();
  req.end();
  return held;
}

function hold(command: HoldCommand): void {
  for (const agent of agents.values()) agent.destroy();
  agents = new Map();
  let written = 0;
  const onWritten = (): void => {
    written += 1;
    if (written < command.count) return;
    setTimeout(() => {
      const early = round.filter((held) => held.done);
      reply({ type: 'held', written, answeredEarly: early.length, firstEarly: early[0]?.detail ?? null });
    }, command.settleMs);
  };
  round = Array.from({ length: command.count }, (_, index) => send(command, index, onWritten));
}

function awaitAnswers(command: AwaitCommand): void {
  const deadline = Date.now() + command.timeoutMs;
  const check = (): void => {
    if (round.some((held) => !held.done) && Date.now() < deadline) {
      setTimeout(check, 10);
      return;
    }
    const outcomes: Record<Outcome, number> = {};
    const examples: Record<Outcome, string> = {};
    const latencies: number[] = [];
    for (const held of round) {
      let outcome = held.outcome;
      // A 200 with items counts as released only if it carries the awaited event.
      if (outcome === 'event' && command.eventId !== null && !held.ids.includes(command.eventId)) {
        outcome = 'other items';
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (!['event', 'empty', 'pending'].includes(outcome)) examples[outcome] ??= held.detail;
      if (held.done) latencies.push(held.answeredAt - command.since);
      if (!held.done) held.abort();
    }
    reply({ type: 'answers', outcomes, latencies, examples });
  };
  check();
}

process.on('message', (command: LongPollCommand) => {
  switch (command.cmd) {
    case 'hold':
      hold(command);
      return;
    case 'await':
      awaitAnswers(command);
      return;
  }
});

process.on('disconnect', () => process.exit(0));
