import type { ChecksumResult, CrsEntry, ImportVectorResult, LayerInfo, PreviewSourceResult, ProjectInfo } from '../../shared/api';
import type { Lang } from './lang';
import { fields, table } from './text';

const yesNo = (v: boolean) => (v ? '是 yes' : '否 no');

export function formatProject(info: ProjectInfo): string {
  return fields([
    ['工程 Project:', info.path],
    ['标题 Title:', info.title || '—'],
    ['坐标系 CRS:', `${info.crs} ${info.crsName}`],
    ['图层 Layers:', String(info.layerCount)],
    ['结构版本 Schema:', String(info.schemaVersion)],
    ['软件版本 App:', info.appVersion],
    ['创建时间 Created:', info.createdAt],
    ['只读打开 Read-only:', yesNo(info.readOnly)],
    ...(info.uncleanShutdown
      ? ([
          [
            '上次未正常关闭 Not closed cleanly:',
            `进程 process ${info.uncleanShutdown.pid}（自 since ${info.uncleanShutdown.since}）— 已保留其最后提交的状态，未完成的操作已回滚 · its last committed state is kept, unfinished work was rolled back`,
          ],
        ] as [string, string][])
      : []),
  ]);
}

export function formatLayers(layers: readonly LayerInfo[]): string {
  if (layers.length === 0) return '（没有图层）(no layers)';
  return table(
    ['ID', '名称 Name', '类型 Kind', '几何 Geometry', '要素 Features', 'SRID'],
    layers.map((l) => [String(l.id), l.name, l.kind, l.geometryType ?? '—', String(l.featureCount), String(l.srid ?? '—')]),
  );
}

export function formatImport(source: string, r: ImportVectorResult, lang: Lang): string {
  const lines = [
    `已导入 Imported: ${source} → 「${r.layer.name}」 ${r.featuresWritten} 个要素 features` +
      ` (读取 read ${r.featuresRead}, 空几何跳过 null geometries skipped ${r.skippedNullGeometry}, 已修复 repaired ${r.repaired})`,
    `  编码 Encoding: ${r.encoding ?? '—'}   源坐标系 Source CRS: ${r.srcCrs}` +
      (r.webOffset ? `   网络地图偏移 Web offset: ${r.webOffset} → WGS84` : ''),
  ];
  for (const w of r.warnings) lines.push(`  ! ${bilingual(w, lang)}`);
  return lines.join('\n');
}

const bilingual = (m: { message_zh: string; message_en: string }, lang: Lang): string =>
  lang === 'en' ? `${m.message_en} / ${m.message_zh}` : `${m.message_zh} / ${m.message_en}`;

export function formatPreview(p: PreviewSourceResult, lang: Lang): string {
  if (p.kind === 'raster') return `栅格 Raster (${p.driver}) ${p.size?.join(' × ') ?? ''} — 用栅格导入 use the raster import`;
  const lines = [`驱动 Driver: ${p.driver}`];
  lines.push(
    table(
      ['图层 Layer', '几何 Geometry', '要素 Features', '坐标系 CRS'],
      p.layers.map((l) => [l.name, l.geometryType, String(l.featureCount), l.crs ?? l.crsName ?? '（无 none）']),
    ),
  );
  if (p.encoding) {
    lines.push(`编码 Encoding: ${p.encoding.detected} (${p.encoding.source}; 候选 candidates: ${p.encoding.candidates.join(', ')})`);
  }
  const layer = p.layers.find((l) => l.name === p.layer);
  if (layer && p.rows.length > 0) {
    const names = layer.fields.map((f) => f.name);
    lines.push(`前 ${p.rows.length} 行 First ${p.rows.length} rows of ${layer.name}:`);
    lines.push(table(names, p.rows.map((r) => names.map((n) => String(r[n] ?? '')))));
  }
  for (const issue of p.crsIssues) lines.push(`  ! ${bilingual(issue, lang)}`);
  return lines.join('\n');
}

export function formatChecksums(result: ChecksumResult): string {
  if (result.layers.length === 0) return '（没有图层）(no layers)';
  return table(
    ['ID', '名称 Name', '要素 Features', 'SHA-256'],
    result.layers.map((l) => [String(l.id), l.name, String(l.featureCount), l.sha256]),
  );
}

export function formatCrsList(items: readonly CrsEntry[]): string {
  return table(
    ['代码 Code', '名称', 'Name'],
    items.map((c) => [c.code, c.name_zh, c.name_en]),
  );
}
