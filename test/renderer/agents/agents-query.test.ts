import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  ariaSortOf,
  DEFAULT_COLUMNS,
  effectiveFilter,
  nextSort,
  pagesForRange,
  pagesToEvict,
  parseStoredColumns,
  rowAt,
  toggleColumn,
} from '../../../src/renderer/agents/agents-query.ts';

describe('pagesForRange', () => {
  it('names the pages that cover the rows, clipped to the total', () => {
    expect(pagesForRange(0, 30, 1000)).toEqual([0]);
    expect(pagesForRange(190, 410, 1000)).toEqual([0, 1, 2]);
    expect(pagesForRange(950, 1200, 1000)).toEqual([4]);
  });

  describe('when the total is zero or the range is empty', () => {
    it('returns no page', () => {
      expect(pagesForRange(0, 10, 0)).toEqual([]);
      expect(pagesForRange(10, 5, 100)).toEqual([]);
    });
  });
});

describe('pagesToEvict', () => {
  it('drops the pages farthest from the one in view', () => {
    expect(pagesToEvict([0, 1, 2, 3, 10], 2, 3)).toEqual([10, 0]);
  });

  it('drops nothing under the limit', () => {
    expect(pagesToEvict([0, 1], 0, 3)).toEqual([]);
  });
});

describe('rowAt', () => {
  it('reads a row from its page, undefined while the page is missing', () => {
    const row = { id: 'a' } as never;
    expect(rowAt({ 1: [row] }, 200)).toBe(row);
    expect(rowAt({}, 5)).toBeUndefined();
  });
});

describe('nextSort', () => {
  it('flips the direction of the same column', () => {
    expect(nextSort({ column: 'displayName', direction: 'asc' }, 'displayName')).toEqual({ column: 'displayName', direction: 'desc' });
  });

  it('starts text ascending and numbers descending', () => {
    expect(nextSort({ column: 'displayName', direction: 'asc' }, 'tenant').direction).toBe('asc');
    expect(nextSort({ column: 'displayName', direction: 'asc' }, 'findings').direction).toBe('desc');
  });
});

describe('ariaSortOf', () => {
  it('names the sorted column only', () => {
    const sort = { column: 'trustScore', direction: 'desc' } as const;
    expect(ariaSortOf(sort, 'trustScore')).toBe('descending');
    expect(ariaSortOf(sort, 'tenant')).toBe('none');
  });
});

describe('parseStoredColumns', () => {
  it('keeps known columns once, in table order', () => {
    expect(parseStoredColumns('["status","id","status","nope"]')).toEqual(['id', 'status']);
  });

  describe('when storage holds nothing usable', () => {
    it('returns the defaults', () => {
      for (const raw of [null, '', '{', '42', '{"a":1}', '[]', '["nope"]']) expect(parseStoredColumns(raw)).toEqual([...DEFAULT_COLUMNS]);
    });
  });
});

describe('toggleColumn', () => {
  it('shows and hides columns in table order', () => {
    expect(toggleColumn(['status'], 'id', true)).toEqual(['id', 'status']);
    expect(toggleColumn(['id', 'status'], 'id', false)).toEqual(['status']);
  });

  it('never hides the last column', () => {
    expect(toggleColumn(['status'], 'status', false)).toEqual(['status']);
  });
});

describe('effectiveFilter', () => {
  it('trims the search, drops empty values and keeps false booleans', () => {
    expect(effectiveFilter('  bob ', { owner: ' ', hasFinding: false, status: 'revoked' })).toEqual({ search: 'bob', hasFinding: false, status: 'revoked' });
    expect(activeFilterCount('', {})).toBe(0);
    expect(activeFilterCount('x', { dormant: true })).toBe(2);
  });
});
