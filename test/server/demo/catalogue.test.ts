import { describe, expect, it } from 'vitest';
import { isScope } from '../../../src/core/log/scope.ts';
import { hasControlCharacter } from '../../../src/core/log/fields.ts';
import { DEMO_TENANTS } from '../../../src/server/demo/catalogue.ts';

describe('DEMO_TENANTS', () => {
  it('describes three tenants whose shares sum to 1, each with two admins', () => {
    expect(DEMO_TENANTS).toHaveLength(3);
    expect(DEMO_TENANTS.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(1, 9);
    for (const t of DEMO_TENANTS) expect(new Set(t.admins).size).toBe(2);
    expect(new Set(DEMO_TENANTS.map((t) => t.slug)).size).toBe(3);
  });

  it('holds only valid scopes, distinct capabilities and known delegate templates', () => {
    const defects: string[] = [];
    for (const tenant of DEMO_TENANTS) {
      if (!tenant.domain.endsWith('.example')) defects.push(`${tenant.slug}: domain ${tenant.domain} is not reserved`);
      const delegateSlugs = new Set(tenant.delegates.map((d) => d.slug));
      for (const template of [...tenant.roots, ...tenant.delegates]) {
        const where = `${tenant.slug}/${template.slug}`;
        if (!/^[a-z][a-z0-9-]*$/.test(template.slug)) defects.push(`${where}: slug`);
        if (template.scopes.length === 0 || !template.scopes.every(isScope)) defects.push(`${where}: scopes`);
        if (new Set(template.scopes).size !== template.scopes.length) defects.push(`${where}: repeated scope`);
        if (new Set(template.capabilities).size !== template.capabilities.length) defects.push(`${where}: repeated capability`);
        for (const text of [template.purpose, template.description, ...template.capabilities]) {
          if (text.length === 0 || hasControlCharacter(text, false)) defects.push(`${where}: text ${text.slice(0, 20)}`);
        }
        for (const d of template.delegates ?? []) if (!delegateSlugs.has(d)) defects.push(`${where}: unknown delegate ${d}`);
      }
      for (const scope of tenant.extraScopes) if (!isScope(scope) || scope === '*:*') defects.push(`${tenant.slug}: extra scope ${scope}`);
    }
    expect(defects).toEqual([]);
  });
});
