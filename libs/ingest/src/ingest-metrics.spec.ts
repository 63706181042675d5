import { MetricsService } from '@wardwatch/observability';
import { IngestMetrics } from './ingest-metrics';

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('IngestMetrics', () => {
  it('counts per camera and in total; subscriptions active and failing follow each camera’s last state', async () => {
    const registry = new MetricsService();
    const metrics = new IngestMetrics(registry);
    const a = metrics.forCamera('cam-a');
    const b = metrics.forCamera('cam-b');
    a.received(3);
    b.received(2);
    a.indexed(2);
    b.duplicates(1);
    b.rejected(1);
    a.indexSeconds(0.02);
    a.subscribed(true);
    b.subscribed(false);
    const text = await registry.render();
    expect(value(text, 'wardwatch_ingest_notifications_received_total')).toBe(5);
    expect(value(text, 'wardwatch_ingest_camera_notifications_received_total{camera="cam-a"}')).toBe(3);
    expect(value(text, 'wardwatch_ingest_camera_notifications_received_total{camera="cam-b"}')).toBe(2);
    expect(value(text, 'wardwatch_ingest_events_indexed_total')).toBe(2);
    expect(value(text, 'wardwatch_ingest_duplicates_dropped_total')).toBe(1);
    expect(value(text, 'wardwatch_ingest_messages_rejected_total')).toBe(1);
    expect(value(text, 'wardwatch_ingest_camera_index_seconds_count{camera="cam-a"}')).toBe(1);
    expect(value(text, 'wardwatch_ingest_index_seconds_count')).toBe(1);
    expect(value(text, 'wardwatch_ingest_subscriptions_active')).toBe(1);
    expect(value(text, 'wardwatch_ingest_subscriptions_failing')).toBe(1);
  });

  it('forgets a camera it lets go: its series disappear, the totals stay (bounded cardinality)', async () => {
    const registry = new MetricsService();
    const metrics = new IngestMetrics(registry);
    const a = metrics.forCamera('cam-a');
    a.received(4);
    a.subscribed(false);
    metrics.forget('cam-a');
    const text = await registry.render();
    expect(text).not.toContain('cam-a');
    expect(value(text, 'wardwatch_ingest_notifications_received_total')).toBe(4);
    expect(value(text, 'wardwatch_ingest_subscriptions_failing')).toBe(0);
  });
});
