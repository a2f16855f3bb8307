import type { ChecksumResult, CrsEntry, ImportVectorResult, LayerInfo, ProjectInfo } from '../../shared/api';
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
      ` (读取 read ${r.featuresRead}, 空几何跳过 null geometries skipped ${r.skippedNullGeometry})`,
  ];
  for (const w of r.warnings) lines.push(`  ! ${lang === 'en' ? `${w.message_en} / ${w.message_zh}` : `${w.message_zh} / ${w.message_en}`}`);
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
