import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_COLUMNS } from '../../../../src/core/api/schemas/agents.ts';
import { csvCell, csvRecord } from '../../../../src/node/app/queries/csv.ts';
import { openReadFixture, writtenReplica, type ReadFixture } from './helpers.ts';

let f: ReadFixture;
let originId: number;

beforeAll(async () => {
  f = await openReadFixture(600);
  originId = f.replica.originId;
}, 300_000);
afterAll(() => f.cleanup());

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), to read back what was written. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) {
        field += text[i] as string;
        i += text[i] === '"' ? 2 : 1;
      }
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else {
      field += text[i] as string;
      i++;
    }
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [42, '42'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['a=b', 'a=b'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends each record with CRLF', () => {
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('agents.exportCsv', () => {
  it('exports the current view in the chosen columns, with a header, every page', () => {
    const filter = { status: 'active' as const, search: 'e' };
    const sort = { column: 'trustScore' as const, direction: 'desc' as const };
    const out = f.call('agents.exportCsv', { originId, filter, sort, columns: ['id', 'owner', 'trustScore', 'displayName'] });
    const records = parseCsv(out.csv);
    const view = f.call('agents.query', { originId, filter, sort, limit: 1000 });
    expect(records[0]).toEqual(['id', 'owner', 'trust_score', 'display_name']);
    expect(out.rows).toBe(view.total);
    expect(records.slice(1)).toEqual(view.rows.map((r) => [r.id, r.owner ?? '', r.trustScore === null ? '' : String(r.trustScore), r.displayName]));
    expect(out.fileName).toMatch(/^agents-[A-Za-z0-9._-]+\.csv$/);
  });

  it('exports every column of every agent', () => {
    const out = f.call('agents.exportCsv', { originId, columns: [...AGENT_COLUMNS] });
    const records = parseCsv(out.csv);
    expect(records).toHaveLength(601);
    expect(records.every((r) => r.length === AGENT_COLUMNS.length)).toBe(true);
  });

  it('defuses names and owners from the log that a spreadsheet would run as formulas', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1 555 0100', '-2+3', '@SUM(1,2)'];
    const w = await writtenReplica((writer) => {
      const tenant = writer.createTenant('Hostile names');
      writer.enrolAdmin(tenant, 'Admin');
      for (const name of hostile) writer.registerRoot(tenant, { display_name: name, owner: `@${name}`, capabilities: [], scopes: ['dataset:read'] });
    });
    try {
      const out = w.call('agents.exportCsv', { originId: w.originId, sort: { column: 'registeredTime', direction: 'asc' }, columns: ['displayName', 'owner'] });
      const records = parseCsv(out.csv);
      expect(records.slice(1)).toEqual(hostile.map((name) => [`'${name}`, `'@${name}`]));
      expect(out.csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")","'@=HYPERLINK(""http://evil.example"",""x"")"`);
    } finally {
      w.cleanup();
    }
  });

  it('throws APP_NOT_FOUND for an unknown origin', () => {
    expect(() => f.call('agents.exportCsv', { originId: 77, columns: ['id'] })).toThrowWithCode('APP_NOT_FOUND');
  });
});

describe('agents.facets', () => {
  it('lists every tenant with its agent count, and the most common owners first', () => {
    const facets = f.call('agents.facets', { originId });
    expect(facets.tenants.map((t) => t.id).sort()).toEqual([...f.replica.tenants].sort());
    expect(facets.tenants.reduce((sum, t) => sum + t.agents, 0)).toBe(600);
    for (const t of facets.tenants) expect(t.name).toMatch(/^Tenant \d+/);
    const owners = f.store.db.prepare('SELECT owner, count(*) AS n FROM agents WHERE owner IS NOT NULL GROUP BY owner ORDER BY n DESC, owner').all() as { owner: string }[];
    expect(facets.owners).toEqual(owners.slice(0, 500).map((o) => o.owner));
  });

  it('throws APP_NOT_FOUND for an unknown origin', () => {
    expect(() => f.call('agents.facets', { originId: 77 })).toThrowWithCode('APP_NOT_FOUND');
  });
});
