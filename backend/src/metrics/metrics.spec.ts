import { Metrics } from './metrics';

/** One sample's value from the exposition text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Metrics', () => {
  it('counts notifications by kind and status for the senders, in its own registry', async () => {
    const metrics = Metrics.create();
    const other = Metrics.create();
    metrics.notification('webpush', 'sent');
    metrics.notification('webpush', 'sent');
    metrics.notification('webhook', 'failed');
    const { text, contentType } = await metrics.exposition();
    expect(contentType).toContain('text/plain');
    expect(sample(text, 'argus_notifications_total{kind="webpush",status="sent"}')).toBe(2);
    expect(sample(text, 'argus_notifications_total{kind="webhook",status="failed"}')).toBe(1);
    // Another app instance in the same process counts apart.
    expect(sample((await other.exposition()).text, 'argus_notifications_total{kind="webpush",status="sent"}')).toBe(
      undefined,
    );
  });

  it('reads the socket figures at scrape time', async () => {
    const metrics = Metrics.create();
    let sent = 3;
    metrics.watchSockets({ connections: () => 2, messagesSent: () => sent, slowReaderCutoffs: () => 1 });
    let text = (await metrics.exposition()).text;
    expect(sample(text, 'argus_ws_connections')).toBe(2);
    expect(sample(text, 'argus_ws_messages_sent_total')).toBe(3);
    expect(sample(text, 'argus_ws_slow_reader_cutoffs_total')).toBe(1);
    sent = 10;
    text = (await metrics.exposition()).text;
    expect(sample(text, 'argus_ws_messages_sent_total')).toBe(10);
  });

  it('counts nothing when disabled', async () => {
    const metrics = Metrics.disabled();
    expect(metrics.enabled).toBe(false);
    metrics.notification('webpush', 'sent');
    metrics.handshake('accepted');
    metrics.delivered(0.1);
    const { text } = await metrics.exposition();
    expect(text).not.toMatch(/kind="webpush"/);
    expect(text).not.toMatch(/result="accepted"/);
    expect(sample(text, 'argus_event_delivery_seconds_count')).toBe(0);
  });
});
