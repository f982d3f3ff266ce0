import { FloodGuard, FloodVerdict } from './flood-guard';

function send(guard: FloodGuard, count: number, at: number): FloodVerdict[] {
  return Array.from({ length: count }, () => guard.check(at));
}

describe('FloodGuard', () => {
  it('accepts a burst of twice the rate, then warns once and drops', () => {
    const guard = new FloodGuard(10, 0);
    expect(send(guard, 20, 0).every((v) => v === FloodVerdict.Accept)).toBe(true);
    expect(guard.check(0)).toBe(FloodVerdict.RejectAndWarn);
    expect(guard.check(0)).toBe(FloodVerdict.Reject);
  });

  it('refills at the rate', () => {
    const guard = new FloodGuard(10, 0);
    send(guard, 20, 0);
    expect(guard.check(0)).toBe(FloodVerdict.RejectAndWarn);
    // 100 ms at 10/s is one token.
    expect(guard.check(100)).toBe(FloodVerdict.Accept);
    expect(guard.check(100)).toBe(FloodVerdict.Reject);
  });

  it('closes on more than two seconds worth of dropped messages', () => {
    const guard = new FloodGuard(10, 0);
    send(guard, 20, 0);
    const verdicts = send(guard, 21, 0);
    expect(verdicts.slice(0, 20)).not.toContain(FloodVerdict.Close);
    expect(verdicts[20]).toBe(FloodVerdict.Close);
  });

  it('closes a client that keeps sending above the rate even with some messages accepted', () => {
    const guard = new FloodGuard(10, 0);
    let closedAt: number | undefined;
    // 15 messages per second, one every 66.7 ms, for up to 20 s.
    for (let i = 0; i < 300 && closedAt === undefined; i++) {
      if (guard.check((i * 1000) / 15) === FloodVerdict.Close) closedAt = (i * 1000) / 15;
    }
    expect(closedAt).toBeDefined();
    expect(closedAt!).toBeLessThan(10_000);
  });

  it('forgives a client that slows down until its burst refills', () => {
    const guard = new FloodGuard(10, 0);
    send(guard, 20, 0);
    send(guard, 15, 0);
    // Two seconds of silence refill the whole burst: the dropped count starts over.
    expect(guard.check(2000)).toBe(FloodVerdict.Accept);
    send(guard, 19, 2000);
    expect(guard.check(2000)).toBe(FloodVerdict.RejectAndWarn);
  });

  it('never closes a client at the rate', () => {
    const guard = new FloodGuard(20, 0);
    const verdicts = Array.from({ length: 2000 }, (_, i) => guard.check(i * 50));
    expect(verdicts.every((v) => v === FloodVerdict.Accept)).toBe(true);
  });
});
