import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSheet, writeSheet } from './xlsx.js';

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('streamed sheets', () => {
  it('reads back every Chinese character, however the zip stream splits the bytes', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `青樵镇樵山路${i}号·${'网格党小组'.repeat(1 + (i % 3))}`);
    const sheet = await writeSheet({
      sheetName: '测试',
      columns: [
        { header: '地址', key: 'a' },
        { header: '序号', key: 'n' },
      ],
    });
    const done = (async () => {
      names.forEach((a, n) => sheet.add({ a, n }));
      await sheet.end();
    })();
    const file = await collect(sheet.stream);
    await done;
    const input = new PassThrough();
    input.end(file);
    const read: string[] = [];
    for await (const r of readSheet(input, new Set(['地址', '序号']))) read.push(r.values.get('地址')!);
    expect(read.length).toBe(names.length);
    expect(read.filter((v, i) => v !== names[i])).toEqual([]);
  });
});
