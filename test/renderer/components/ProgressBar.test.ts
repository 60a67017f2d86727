import { describe, expect, it } from 'vitest';
import { progressAnnouncement } from '../../../src/renderer/components/ProgressBar.tsx';

describe('progressAnnouncement', () => {
  it('announces in steps of 10 %, so frequent updates do not change it', () => {
    expect(progressAnnouncement('Sync', 0, 1000)).toBe('Sync: 0%');
    expect(progressAnnouncement('Sync', 99, 1000)).toBe('Sync: 0%');
    expect(progressAnnouncement('Sync', 100, 1000)).toBe('Sync: 10%');
    expect(progressAnnouncement('Sync', 999, 1000)).toBe('Sync: 90%');
    expect(progressAnnouncement('Sync', 1000, 1000)).toBe('Sync: 100%');
  });

  it('caps at 100 % and says "in progress" when the total is unknown', () => {
    expect(progressAnnouncement('Sync', 5000, 1000)).toBe('Sync: 100%');
    expect(progressAnnouncement('Sync', 5, null)).toBe('Sync: in progress');
    expect(progressAnnouncement('Sync', 5, 0)).toBe('Sync: in progress');
  });
});
