import { describe, expect, it } from 'vitest';
import declarations from './vant-components.d.ts?raw';

const templates = import.meta.glob<string>('./**/*.vue', { query: '?raw', import: 'default', eager: true });

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

describe('vant-components.d.ts', () => {
  it('declares every Vant component a template uses', () => {
    const used = new Set<string>();
    for (const source of Object.values(templates)) for (const m of source.matchAll(/<van-([a-z-]+)/g)) used.add(`Van${pascal(m[1]!)}`);
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter((name) => !new RegExp(`\\b${name}:`).test(declarations));
    expect(missing).toEqual([]);
  });

  it('declares nothing that no template uses', () => {
    const used = new Set<string>();
    for (const source of Object.values(templates)) for (const m of source.matchAll(/<van-([a-z-]+)/g)) used.add(`Van${pascal(m[1]!)}`);
    const declared = [...declarations.matchAll(/^\s+(Van\w+):/gm)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(5);
    expect(declared.filter((name) => !used.has(name))).toEqual([]);
  });
});
