import { describe, expect, it } from 'vitest';
import { addNotification, dismissNotification, MAX_NOTIFICATIONS, notificationForJob, type AppNotification } from '../../../src/renderer/store/notifications.ts';
import { job } from './fixtures.ts';

describe('notificationForJob', () => {
  it('says a job succeeded with its summary', () => {
    expect(notificationForJob(job({ state: 'succeeded', summary: 'Synced 42,118 entries' }))).toEqual({
      id: 'job:job-00000001',
      tone: 'success',
      title: 'Syncing registry.example/log: done',
      detail: 'Synced 42,118 entries',
      code: null,
    });
  });

  it('words a failure from its code and keeps the code as a reference', () => {
    const n = notificationForJob(job({ state: 'failed', error: { code: 'MERKLE_ROOT_MISMATCH', message: 'root differs' } }));
    expect(n.tone).toBe('error');
    expect(n.code).toBe('MERKLE_ROOT_MISMATCH');
    expect(n.detail).toContain('The log’s proof does not check out');
  });

  it('says a cancelled job kept its committed work', () => {
    expect(notificationForJob(job({ state: 'cancelled' }))).toMatchObject({ tone: 'info', title: 'Syncing registry.example/log: cancelled' });
  });
});

describe('addNotification', () => {
  const note = (id: string): AppNotification => ({ id, tone: 'info', title: id, detail: '', code: null });

  it('keeps the newest few, replacing one with the same id', () => {
    let list: AppNotification[] = [note('a'), note('b')];
    list = addNotification(list, note('a'));
    expect(list.map((n) => n.id)).toEqual(['b', 'a']);
    for (const id of ['c', 'd', 'e', 'f']) list = addNotification(list, note(id));
    expect(list).toHaveLength(MAX_NOTIFICATIONS);
    expect(list.map((n) => n.id)).toEqual(['c', 'd', 'e', 'f']);
  });

  it('dismisses by id', () => {
    expect(dismissNotification([note('a'), note('b')], 'a').map((n) => n.id)).toEqual(['b']);
  });
});
