import { describe, expect, it } from 'vitest';
import { createProgress } from '../../electron/cli/progress';
import { displayWidth, fields, table } from '../../electron/cli/text';
import type { JobProgressEvent } from '../../shared/api';

const progress = (percent: number): JobProgressEvent => ({
  type: 'job.progress',
  jobId: 'j1',
  kind: 'import',
  percent,
  message_zh: '正在导入',
  message_en: 'Importing',
});

describe('terminal text', () => {
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('CRS')).toBe(3);
    expect(displayWidth('坐标系 CRS')).toBe(10);
    expect(displayWidth('（抚州市）')).toBe(10);
  });

  it('aligns values after mixed Chinese/English labels', () => {
    const lines = fields([
      ['坐标系 CRS:', 'EPSG:4548'],
      ['图层 Layers:', '11'],
    ]).split('\n');
    const column = (line: string, value: string) => displayWidth(line.slice(0, line.indexOf(value)));
    expect(column(lines[0]!, 'EPSG:4548')).toBe(column(lines[1]!, '11'));
  });

  it('lines table columns up by display width', () => {
    const lines = table(['名称 Name', 'N'], [['临川区', '1'], ['Nancheng', '22']]).split('\n');
    expect(lines).toHaveLength(4);
    const col = (line: string) => displayWidth(line.slice(0, line.search(/\S+$/)));
    expect(new Set(lines.map(col)).size).toBe(1);
  });
});

describe('progress bar', () => {
  it('draws nothing when stderr is not a terminal', () => {
    let written = '';
    const bar = createProgress({ write: (t: string) => (written += t), isTTY: false }, 'zh');
    bar.update(progress(50));
    bar.done();
    expect(written).toBe('');
  });

  it('redraws one line in place on a terminal and clears it at the end', () => {
    const writes: string[] = [];
    const bar = createProgress({ write: (t: string) => writes.push(t), isTTY: true, columns: 80 }, 'en');
    bar.update(progress(0));
    bar.update(progress(50));
    bar.update(progress(50)); // unchanged: not redrawn
    bar.done();
    expect(writes).toHaveLength(3);
    const ESC = String.fromCharCode(27);
    expect(writes[1]!.startsWith(`\r${ESC}[2K[`)).toBe(true);
    expect(writes[1]!.endsWith('] ' + ' 50% Importing')).toBe(true);
    expect(writes[2]).toBe(`\r${ESC}[2K`);
    for (const w of writes) expect(w).not.toContain('\n');
  });

  it('still draws on a terminal that reports no width', () => {
    const writes: string[] = [];
    const bar = createProgress({ write: (t: string) => writes.push(t), isTTY: true, columns: 0 }, 'zh');
    bar.update(progress(25));
    expect(writes[0]).toContain(' 25% 正在导入');
  });
});
