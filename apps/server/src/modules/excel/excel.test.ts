import ExcelJS from '../../platform/exceljs.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let eastAdmin: Caller;
const east = () => town.communities[0]!;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
});
afterAll(() => t?.close());

/** A sheet as towns keep them: a merged title row, then the header row, then data. */
async function sheet(header: string[], rows: unknown[][], title = '东社区居民花名册'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readBack(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return out;
}

const upload = (kind: string, body: Buffer, strict = false) =>
  t.app.inject({
    method: 'POST',
    url: `/api/imports/${kind}?regionId=${east().id}&strict=${strict}`,
    headers: { ...eastAdmin.headers, 'content-type': XLSX },
    payload: body,
  });

const HEADER = [
  '序号',
  '所属网格',
  '地址',
  '楼栋',
  '单元',
  '房号',
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '手机号',
  '政治面貌',
  '关爱标签',
];
const good = (grid: string) => [
  [1, grid, '东街100号', '1', '1', '101', '陈一', '', '', '11010519491231002X', '13900000001', '群众', '独居老人'],
  [2, `东社区/一小区/${grid}`, '东街100号', '1', '1', '101', '陈二', '男', '1980-05-01', '', '', '共青团员', ''],
  [3, grid, '东街101号', '', '', '', '陈三', '女', '1975-01-01', '44060519750101002X', '', '', '空巢老人、残疾人'],
];

describe('Excel import and export', () => {
  it('gives a template with the columns and notes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/imports/residents/template', headers: eastAdmin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const rows = await readBack(res.rawPayload);
    expect(rows[0]).toContain('姓名*');
    expect(rows[0]).toContain('证件号码');
  });

  it('imports valid rows, reports each bad one, and does not duplicate on re-import', async () => {
    const rows = [
      ...good('第一网格'),
      [4, '第一网格', '东街102号', '', '', '', '错号', '男', '', '110105194912310021', '', '', ''],
      [5, '没有的网格', '东街103号', '', '', '', '无网格', '男', '', '', '', '', ''],
      [6, '第一网格', '东街104号', '', '', '', '', '男', '', '', '', '', ''],
      [7, '第一网格', '东街105号', '', '', '', '重号', '', '', '11010519491231002X', '', '', ''],
    ];
    const file = await sheet(HEADER, rows);
    const res = await upload('residents', file);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result, JSON.stringify(result.errors)).toMatchObject({ total: 7, created: 3, failed: 4, rolledBack: false });
    // Row numbers are the sheet's own: title on 1, header on 2, data from 3.
    expect(result.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [6, '证件号码'],
      [7, '所属网格'],
      [8, '姓名'],
      [9, '证件号码'],
    ]);
    const report = await t.app.inject({ method: 'GET', url: result.reportUrl, headers: eastAdmin.headers });
    const lines = await readBack(report.rawPayload);
    expect(lines.slice(2).map((l) => l[0])).toEqual(['6', '7', '8', '9']);

    const chen = (await t.app.inject({ method: 'GET', url: '/api/residents?q=陈', headers: eastAdmin.headers })).json();
    expect(chen.total).toBe(3);
    const first = chen.items.find((r: { name: string }) => r.name === '陈一');
    expect(first).toMatchObject({ sex: 'female', birthDate: '1949-12-31', careTags: ['living_alone'], mobileMasked: '139****0001' });
    // 陈一 and 陈二 share an address: one household.
    expect(chen.items.find((r: { name: string }) => r.name === '陈二').householdId).toBe(first.householdId);

    const again = (await upload('residents', file)).json();
    expect(again).toMatchObject({ created: 0, unchanged: 3, failed: 4 });
    expect((await t.app.inject({ method: 'GET', url: '/api/residents?q=陈', headers: eastAdmin.headers })).json().total).toBe(3);
  });

  it('stores nothing in strict mode when a row is bad', async () => {
    const before = await t.db
      .selectFrom('resident')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const file = await sheet(HEADER, [
      [1, '第一网格', '西路1号', '', '', '', '严格一', '男', '', '', '', '', ''],
      [2, '第一网格', '西路2号', '', '', '', '严格二', '男', '', '123', '', '', ''],
    ]);
    const result = (await upload('residents', file, true)).json();
    expect(result).toMatchObject({ total: 2, created: 0, failed: 1, rolledBack: true });
    const after = await t.db
      .selectFrom('resident')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await t.db.selectFrom('household').select('id').where('address_masked', 'like', '西路%').execute()).toEqual([]);
  });

  it('refuses a file that is not a sheet, or lacks required columns', async () => {
    const junk = await upload('residents', Buffer.from('not a zip file at all'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().code).toBe('IMPORT_FILE_INVALID');
    const noName = await upload('residents', await sheet(['所属网格', '地址', '性别'], [['第一网格', '东街1号', '男']]));
    expect(noName.json().code).toBe('IMPORT_HEADER_MISSING');
  });

  it('imports party members linked by ID number', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/party-orgs',
      headers: eastAdmin.headers,
      payload: { kind: 'branch', name: '东社区党支部', regionId: east().id },
    });
    const file = await sheet(
      ['姓名', '身份证号', '所属党组织', '入党日期', '转正日期', '党员状态', '报到社区', '报到日期', '工作单位', '承诺服务'],
      [
        ['陈一', '11010519491231002X', '东社区党支部', '1970-07-01', '1971-07-01', '正式党员', '', '', '', ''],
        ['在职甲', '', '东社区党支部', '2019-07-01', '', '预备党员', '东社区', '2026-03-01', '镇卫生院', '义诊、讲座'],
        ['错支部', '', '不存在的支部', '2019-07-01', '', '', '', '', '', ''],
      ],
      '党员花名册',
    );
    const result = (await upload('party_members', file)).json();
    expect(result).toMatchObject({ created: 2, failed: 1 });
    const members = (
      await t.app.inject({ method: 'GET', url: '/api/party-members?communityReported=true', headers: eastAdmin.headers })
    ).json();
    expect(members.items[0].communityReport.pledgedServices).toEqual(['义诊', '讲座']);
    expect((await upload('party_members', file)).json()).toMatchObject({ created: 0, unchanged: 2 });
  });

  it('exports the filtered list with a watermark line and masked values', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/residents/export?q=陈', headers: eastAdmin.headers });
    expect(res.statusCode).toBe(200);
    const rows = await readBack(res.rawPayload);
    expect(rows[0]![0]).toMatch(/^导出人：测试用户.*导出时间：/);
    expect(rows[1]).toContain('证件号码');
    expect(rows).toHaveLength(2 + 3);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('110105********002X');
    // The audit line is written when the stream has ended, which may be just after the answer.
    await vi.waitFor(async () => {
      expect(await t.db.selectFrom('audit_log').select('after').where('action', '=', 'export.residents').execute()).toHaveLength(1);
    });
    for (const url of ['/api/households/export', '/api/party-members/export']) {
      const r = await t.app.inject({ method: 'GET', url, headers: eastAdmin.headers });
      expect(r.statusCode, url).toBe(200);
    }
  });

  it('two imports of one file at the same time store each person once', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [
      i + 1,
      '第一网格',
      `并发路${i}号`,
      '',
      '',
      '',
      `并发${i}`,
      i % 2 ? '男' : '女',
      '1980-01-01',
      '',
      '',
      '',
      '',
    ]);
    const file = await sheet(HEADER, rows);
    const results = await Promise.all([upload('residents', file), upload('residents', file)]);
    for (const r of results) expect([200, 409], r.body).toContain(r.statusCode);
    expect(results.some((r) => r.statusCode === 200 && r.json().created === 40)).toBe(true);
    const stored = await t.db.selectFrom('resident').select('name').where('name', 'like', '并发%').execute();
    expect(stored).toHaveLength(40);
    // Whatever answered 409 can simply run again: nothing new, nothing doubled.
    expect((await upload('residents', file)).json()).toMatchObject({ created: 0, unchanged: 40 });
  });
});
