import { DropLog } from './drop-log';

describe('DropLog', () => {
  it('logs each kind once per minute and counts the ones it kept quiet about', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new DropLog({ warn: (line: string) => lines.push(line) }, () => now);
    for (let i = 0; i < 1000; i += 1) log.drop('not JSON', 'payload is not JSON');
    log.drop('too large', 'payload of 300000 bytes');
    expect(lines).toEqual(['dropped: not JSON: payload is not JSON', 'dropped: too large: payload of 300000 bytes']);

    now = 59_999;
    log.drop('not JSON', 'again');
    expect(lines).toHaveLength(2);
    now = 60_000;
    log.drop('not JSON', 'again');
    expect(lines[2]).toBe('dropped: not JSON: again (1000 more dropped in the last minute)');
    now = 120_000;
    log.drop('not JSON', 'once more');
    expect(lines[3]).toBe('dropped: not JSON: once more');
  });
});
