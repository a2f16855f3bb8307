import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StepTable } from '../../../shared/api/keyzones';

/**
 * The sensitivity table as bars, because a person compares lengths faster than numbers: per factor,
 * its theoretical weight (w / Σw), its effective weight (mean rᵢwᵢ / V) and its map-removal variation.
 * Columns as written by the vulnerability step: factor, theoretical %, effective mean %, …, removal mean %.
 */
export function SensitivityBars({ table }: { table: StepTable }) {
  const { t } = useTranslation();
  const rows = table.rows.map((r) => ({ factor: String(r[0]), theory: Number(r[1]), effective: Number(r[2]), removal: Number(r[6]) }));
  const maxWeight = Math.max(1, ...rows.flatMap((r) => [r.theory, r.effective]));
  const maxRemoval = Math.max(0.01, ...rows.map((r) => r.removal));
  const bar = (value: number, max: number, color: string, title: string) => (
    <div className="gwz-kz-bar" title={`${title}: ${value}`} style={{ width: `${(100 * value) / max}%`, background: color }} />
  );
  return (
    <div className="gwz-kz-bars" data-testid="kz-sensitivity-bars">
      <Typography.Text type="secondary" style={{ fontSize: 11 }}>
        <span className="gwz-kz-key" style={{ background: '#bfbfbf' }} /> {t('keyzones.sensitivity.theory')} <span className="gwz-kz-key" style={{ background: '#1677ff' }} /> {t('keyzones.sensitivity.effective')}{' '}
        <span className="gwz-kz-key" style={{ background: '#fa8c16' }} /> {t('keyzones.sensitivity.removal')}
      </Typography.Text>
      {rows.map((r) => (
        <div key={r.factor} className="gwz-kz-bar-row">
          <span className="gwz-kz-bar-label">{r.factor}</span>
          <div className="gwz-kz-bar-cells">
            {bar(r.theory, maxWeight, '#bfbfbf', t('keyzones.sensitivity.theory'))}
            {bar(r.effective, maxWeight, '#1677ff', t('keyzones.sensitivity.effective'))}
            {bar(r.removal, maxRemoval, '#fa8c16', t('keyzones.sensitivity.removal'))}
          </div>
        </div>
      ))}
    </div>
  );
}
