import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en';
import { zh } from '../../renderer/i18n/zh';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<(\w+)>/g)].map((m) => m[1] ?? m[2]).sort();

describe('renderer i18n resources', () => {
  const zhLeaves = leaves(zh);
  const enLeaves = leaves(en);

  it('has the same keys in Chinese and English', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...zhLeaves.keys()].sort());
    expect(zhLeaves.size).toBeGreaterThan(100);
  });

  it('uses the same interpolation variables and markup in both languages', () => {
    for (const [key, text] of zhLeaves) {
      expect(placeholders(enLeaves.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('has no empty strings, and no Chinese left in the English resource', () => {
    for (const [key, text] of [...zhLeaves, ...enLeaves]) expect(text.trim(), key).not.toBe('');
    for (const [key, text] of enLeaves) expect(text, key).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('speaks Chinese in the Chinese resource, with the glossary terms of docs/ux.md', () => {
    // Single letters (hemispheres N/E/…) and proper nouns are the only non-Chinese values allowed.
    const latinOnly = [...zhLeaves].filter(([, text]) => !/[\u4e00-\u9fff]/.test(text)).map(([key]) => key);
    expect(latinOnly.every((key) => key.startsWith('status.') && zhLeaves.get(key)!.length === 1), latinOnly.join()).toBe(true);
    expect([zh.menu.project, zh.menu.data, zh.menu.map, zh.menu.edit, zh.menu.analysis, zh.menu.workflow, zh.menu.output, zh.menu.help]).toEqual([
      '工程', '数据', '地图', '编辑', '分析', '工作流', '输出', '帮助',
    ]);
    expect([zh.panels.layers, zh.toolbar.import, zh.dialog.newProject.crs, zh.status.scale]).toEqual(['图层', '导入', '坐标系', '比例尺']);
    expect([en.panels.layers, en.toolbar.import, en.dialog.newProject.crs]).toEqual(['Layers', 'Import', 'CRS']);
  });
});
