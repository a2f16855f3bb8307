import { GwzError, type ProfileEntry } from '../../../../shared/api';
import { KeyZoneProfileSchema, type KeyZoneProfile } from '../../../../shared/domain/keyzone-profile';
import { BUILTIN_PROFILES } from '../../../../shared/domain/keyzone-profiles';
import type { Db } from '../../project/spatialite';

/**
 * Method profiles: the built-in ones live in code (shared/domain), a project's own copies in
 * gwz_profiles (kind 'keyzone'), so a project file alone explains its runs.
 */

interface ProfileRow {
  id: string;
  body: string;
  updated_at: string;
}

export function isBuiltin(id: string): boolean {
  return BUILTIN_PROFILES.some((p) => p.id === id);
}

export function listProfiles(db: Db): ProfileEntry[] {
  const rows = db.prepare(`SELECT id, body, updated_at FROM gwz_profiles WHERE kind = 'keyzone' AND builtin = 0 ORDER BY id`).all() as ProfileRow[];
  const own: ProfileEntry[] = [];
  for (const r of rows) {
    const parsed = KeyZoneProfileSchema.safeParse(JSON.parse(r.body));
    if (parsed.success) own.push({ profile: parsed.data, builtin: false, updatedAt: r.updated_at });
  }
  return [...BUILTIN_PROFILES.map((p) => ({ profile: p, builtin: true, updatedAt: null })), ...own];
}

export function getProfile(db: Db, id: string): KeyZoneProfile {
  const builtin = BUILTIN_PROFILES.find((p) => p.id === id);
  if (builtin) return builtin;
  const row = db.prepare(`SELECT id, body, updated_at FROM gwz_profiles WHERE kind = 'keyzone' AND id = ?`).get(id) as ProfileRow | undefined;
  if (!row) {
    throw new GwzError('BAD_REQUEST', `没有编号为「${id}」的方法配置。`, `No method profile with id "${id}".`, { id, known: listProfiles(db).map((p) => p.profile.id) });
  }
  const parsed = KeyZoneProfileSchema.safeParse(JSON.parse(row.body));
  if (!parsed.success) {
    throw new GwzError('PROJECT_CORRUPT', `方法配置「${id}」已损坏：${parsed.error.message}`, `Method profile "${id}" is damaged: ${parsed.error.message}`, { id });
  }
  return parsed.data;
}

/** Checks a profile beyond its schema: weights, matrix shape, class labels (BAD_INPUT with the reason). */
export function validateProfile(p: KeyZoneProfile): void {
  const bad = (zh: string, en: string): never => {
    throw new GwzError('BAD_INPUT', `方法配置「${p.id}」有误：${zh}`, `Method profile "${p.id}" is invalid: ${en}`, { id: p.id });
  };
  const weights = Object.values(p.vulnerability.factors).map((f) => f.weight);
  if (weights.every((w) => w === 0)) bad('DRASTIC 权重全为 0', 'every DRASTIC weight is 0');
  const rows = p.value.abundance.ranges.length;
  if (p.value.matrix.length !== new Set(p.value.abundance.ranges.map((r) => r.rating)).size && p.value.matrix.length < rows) {
    bad('功能价值矩阵的行数应等于富水性级数', 'the value matrix needs one row per abundance class');
  }
  for (const row of p.value.matrix) {
    if (row.length !== 5) bad('功能价值矩阵每行应有 5 列（水质 I–V 类）', 'each value-matrix row needs 5 columns (quality classes I–V)');
    for (const v of row) if (v > p.value.labels_zh.length) bad(`功能价值等级 ${v} 超出级别名称数`, `value class ${v} has no label`);
  }
  for (const [name, f] of Object.entries(p.vulnerability.factors)) {
    if (f.ranges.length === 0 && f.categories.length === 0) bad(`因子 ${name} 没有评分表`, `factor ${name} has no rating table`);
  }
}

export function saveProfile(db: Db, p: KeyZoneProfile): ProfileEntry {
  if (isBuiltin(p.id)) {
    throw new GwzError('BAD_REQUEST', `「${p.id}」是内置方法配置，不能覆盖；请改用新的编号另存。`, `"${p.id}" is a built-in profile and cannot be overwritten; save it under a new id.`, { id: p.id });
  }
  validateProfile(p);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO gwz_profiles (id, kind, name, version, body, builtin, updated_at) VALUES (?, 'keyzone', ?, ?, ?, 0, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version, body = excluded.body, updated_at = excluded.updated_at`,
  ).run(p.id, p.name_zh, p.version, JSON.stringify(p), now);
  return { profile: p, builtin: false, updatedAt: now };
}

export function deleteProfile(db: Db, id: string): boolean {
  if (isBuiltin(id)) {
    throw new GwzError('BAD_REQUEST', `「${id}」是内置方法配置，不能删除。`, `"${id}" is a built-in profile and cannot be deleted.`, { id });
  }
  return db.prepare(`DELETE FROM gwz_profiles WHERE kind = 'keyzone' AND id = ?`).run(id).changes > 0;
}
