import { GwzError, type RechargeSourceDraft, type ResponseOf, type RequestOf } from '../../../../shared/api';
import { AQUIFER_DEFAULTS, isThousandTonTenThousandPeople, parseAquiferLabel, sourceScale } from '../../../../shared/domain/recharge/hj338';
import { assertPointLayer, readPoints } from '../../analysis/core/points';
import { getLayerRow } from '../../project/layers';
import type { Db } from '../../project/spatialite';
import { columnsOf, guessColumn } from './geometry';

const NAME = [/^名称$/, /名称/, /^name$/i, /水源/];
const RATE = [/取水量/, /供水量/, /水量/, /^Q$/i, /rate/i];
const POPULATION = [/服务人口/, /人口/, /population/i];
const AQUIFER = [/含水层/, /地下水类型/, /aquifer/i];

function pickField(columns: string[], given: string | undefined, patterns: RegExp[], layer: string): string | null {
  if (given === undefined) return guessColumn(columns, patterns);
  if (!columns.includes(given)) {
    throw new GwzError('BAD_INPUT', `水源图层「${layer}」没有字段「${given}」。`, `The source layer "${layer}" has no field "${given}".`, { field: given, fields: columns });
  }
  return given;
}

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，\s]/g, ''));
  return Number.isFinite(n) ? n : null;
};

/**
 * The source inventory of a point layer: names, rates and populations from its fields (guessed
 * from the usual Chinese headers when not named), aquifer type from the 含水层 text, and the aquifer
 * parameters at their type defaults — listed in `defaulted` so the wizard badges them 待核实 until a
 * test value replaces them.
 */
export function readSources(db: Db, req: RequestOf<'recharge.readSources'>): ResponseOf<'recharge.readSources'> {
  const row = getLayerRow(db, req.layerId);
  assertPointLayer(row, '水源图层', 'The source layer');
  const columns = columnsOf(db, row.table_name);
  const fields = {
    name: pickField(columns, req.nameField, NAME, row.name),
    q: pickField(columns, req.qField, RATE, row.name),
    population: pickField(columns, req.populationField, POPULATION, row.name),
    aquifer: pickField(columns, req.aquiferField, AQUIFER, row.name),
  };
  const wanted = [fields.name, fields.q, fields.population, fields.aquifer].filter((c): c is string => c !== null);
  const points = readPoints(db, row, wanted);
  const value = (p: (typeof points)[number], field: string | null): unknown => (field === null ? null : p.values[wanted.indexOf(field)]);
  const sources: RechargeSourceDraft[] = points.map((p, i) => {
    const defaulted: string[] = [];
    const aquifer = parseAquiferLabel(value(p, fields.aquifer) as string | null);
    if (!aquifer) defaulted.push('aquiferType');
    const type = aquifer?.type ?? 'porous';
    const d = AQUIFER_DEFAULTS[type];
    defaulted.push('medium', 'K', 'b', 'n', 'I', 'azimuth');
    let q = num(value(p, fields.q));
    if (q === null || q <= 0) {
      defaulted.push('Q');
      q = 1000;
    }
    const population = num(value(p, fields.population));
    const name = value(p, fields.name);
    return {
      fid: p.fid,
      name: name === null || name === undefined || String(name).trim() === '' ? `水源${i + 1}` : String(name).trim(),
      x: p.x,
      y: p.y,
      Q: q,
      population: population === null ? null : Math.round(population),
      aquiferType: type,
      confined: aquifer?.confined ?? false,
      medium: d.medium,
      K: d.K,
      b: d.b,
      n: d.n,
      I: d.I,
      azimuth: null,
      provenance: Object.fromEntries(['medium', 'K', 'b', 'n', 'I'].map((k) => [k, `类型缺省值（待核实） / type default (to be verified): ${d.note_zh}`])),
      defaulted,
      thousandTon: isThousandTonTenThousandPeople(q, population),
      scale: sourceScale(q),
    };
  });
  return { sources, fields };
}
