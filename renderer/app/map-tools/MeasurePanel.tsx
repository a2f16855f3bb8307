import { CloseOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeasureResult } from '../../../shared/api/geometry';
import { formatArea, formatLength } from '../../../shared/geo/measure';
import { currentLang } from '../../i18n';
import type { MeasureMode, MeasureReadout } from '../../map/measure-tool';

interface Props {
  mode: MeasureMode;
  readout: MeasureReadout | null;
  /** The engine's figures for the finished shape (geodesic on the CGCS2000 ellipsoid). */
  engine: MeasureResult | null;
  onClose(): void;
}

/** The measure readout: live while drawing, then with the engine's ellipsoidal figure beside the planar one. */
export function MeasurePanel({ mode, readout, engine, onClose }: Props) {
  const { t } = useTranslation();
  const lang = currentLang();
  const area = mode === 'area';
  return (
    <div className="gwz-measure" data-testid="measure-panel" data-done={readout?.done ? 'true' : 'false'} onPointerDown={(e) => e.stopPropagation()}>
      <div className="gwz-measure-head">
        <strong>{t(area ? 'maptools.measureTitleArea' : 'maptools.measureTitleLine')}</strong>
        <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={t('maptools.close')} data-testid="measure-close" />
      </div>
      {!readout ? (
        <div className="gwz-muted">{t('maptools.measureHint')}</div>
      ) : (
        <table className="gwz-measure-table">
          <tbody>
            <tr>
              <th>{t(area ? 'maptools.perimeter' : 'maptools.length')}</th>
              <td data-testid="measure-length">{formatLength(readout.length)}</td>
            </tr>
            {area && (
              <tr>
                <th>{t('maptools.area')}</th>
                <td data-testid="measure-area">{formatArea(readout.area, lang)}</td>
              </tr>
            )}
            <tr className="gwz-muted">
              <th>{t('maptools.plane')}</th>
              <td>{engine?.crs ?? ''}</td>
            </tr>
            {readout.done && (
              <tr>
                <th>{t('maptools.ellipsoid')}</th>
                <td data-testid="measure-geodesic">
                  {engine
                    ? area
                      ? formatArea(engine.geodesic.area, lang)
                      : formatLength(engine.geodesic.length)
                    : t('maptools.ellipsoidPending')}
                </td>
              </tr>
            )}
            {readout.segments.length > 1 && (
              <tr>
                <th>{t('maptools.segments')}</th>
                <td data-testid="measure-segments" className="gwz-measure-segments">
                  {readout.segments.map((s, i) => (
                    <div key={i}>
                      {i + 1}. {formatLength(s)}
                    </div>
                  ))}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {readout?.done && <div className="gwz-muted gwz-measure-foot">{t('maptools.measureHint')}</div>}
    </div>
  );
}
