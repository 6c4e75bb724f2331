import { describe, expect, it } from 'vitest';
import { SkippedRuns } from '../../src/inbound/skipped-runs';

describe('SkippedRuns', () => {
  it('hangs children of skipped runs under the nearest traced ancestor, through chains of skipped runs', () => {
    const skipped = new SkippedRuns();
    skipped.skip('prompt-template', 'chain');
    skipped.skip('output-parser', skipped.visibleParent('prompt-template'));
    expect(skipped.visibleParent('output-parser')).toBe('chain');
    expect(skipped.visibleParent('chain')).toBe('chain');
    expect(skipped.visibleParent(undefined)).toBeUndefined();
    expect(skipped.forget('prompt-template')).toBe(true);
    expect(skipped.forget('prompt-template')).toBe(false);
  });

  it('keeps memory bounded: beyond the limit the oldest are forgotten', () => {
    const skipped = new SkippedRuns(2);
    skipped.skip('a', 'root-run');
    skipped.skip('b', 'root-run');
    skipped.skip('c', 'root-run');
    expect(skipped.has('a')).toBe(false);
    expect(skipped.visibleParent('c')).toBe('root-run');
  });
});
