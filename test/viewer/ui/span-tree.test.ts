import { describe, expect, it } from 'vitest';
import { spanRows, traceWindow } from '../../../src/viewer/ui/model/span-tree';
import { span } from '../browser/support/fixture-traces';

const traceId = 'a'.repeat(32);

describe('spanRows', () => {
  it('orders spans depth-first with children by start time, and counts depth', () => {
    const root = span({ traceId, spanId: 'root', name: 'root', startTimeMs: 0, durationMs: 100 });
    const late = span({
      traceId,
      spanId: 'late',
      parentSpanId: 'root',
      name: 'late',
      startTimeMs: 50,
      durationMs: 10,
    });
    const early = span({
      traceId,
      spanId: 'early',
      parentSpanId: 'root',
      name: 'early',
      startTimeMs: 10,
      durationMs: 10,
    });
    const grandchild = span({
      traceId,
      spanId: 'gc',
      parentSpanId: 'early',
      name: 'gc',
      startTimeMs: 12,
      durationMs: 1,
    });
    expect(spanRows([late, grandchild, root, early]).map((row) => [row.span.spanId, row.depth])).toEqual([
      ['root', 0],
      ['early', 1],
      ['gc', 2],
      ['late', 1],
    ]);
  });

  it('shows spans whose parent never arrived as roots, and survives parent cycles and repeated ids', () => {
    const orphan = span({
      traceId,
      spanId: 'orphan',
      parentSpanId: 'missing',
      name: 'orphan',
      startTimeMs: 5,
      durationMs: 1,
    });
    const a = span({ traceId, spanId: 'a', parentSpanId: 'b', name: 'a', startTimeMs: 1, durationMs: 1 });
    const b = span({ traceId, spanId: 'b', parentSpanId: 'a', name: 'b', startTimeMs: 2, durationMs: 1 });
    const rows = spanRows([orphan, a, b, { ...a }]);
    expect(rows.map((row) => row.span.spanId).sort()).toEqual(['a', 'b', 'orphan']);
    expect(rows.find((row) => row.span.spanId === 'orphan')?.depth).toBe(0);
  });
});

describe('traceWindow', () => {
  it('spans from the earliest start to the latest end', () => {
    const spans = [
      span({ traceId, name: 'x', startTimeMs: 1000, durationMs: 10 }),
      span({ traceId, name: 'y', startTimeMs: 990, durationMs: 5 }),
      span({ traceId, name: 'z', startTimeMs: 1005, durationMs: 20 }),
    ];
    expect(traceWindow(spans)).toEqual({ startMs: 990, durationMs: 35 });
  });
});
