import { CloseOutlined } from '@ant-design/icons';
import { Button, Empty, Spin } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { CellValue, IdentifyLayerResult } from '../../../shared/api/features';
import type { LayerInfo } from '../../../shared/api/layers';

export interface IdentifyState {
  pixel: [number, number];
  /** Size of the map in pixels, to keep the popup inside it. */
  mapSize: [number, number];
  coordinate: [number, number];
  results: IdentifyLayerResult[] | null;
}

const POPUP_WIDTH = 340;
const POPUP_MAX_HEIGHT = 380;

/** The table the borehole importer writes collars to: identify offers their log. */
const COLLAR_TABLE = 'gw_collars';

const show = (v: CellValue): string => (v === null ? 'NULL' : typeof v === 'number' ? String(Number(v.toPrecision(12))) : v);

interface Props {
  state: IdentifyState;
  layers: LayerInfo[];
  onClose(): void;
  onOpenBorehole(holeId: string): void;
}

/** What is under the click, per visible layer (features with all their attributes, raster cell values). */
export function IdentifyPopup({ state, layers, onClose, onOpenBorehole }: Props) {
  const { t } = useTranslation();
  const [px, py] = state.pixel;
  const [mw, mh] = state.mapSize;
  // beside the click, flipped left/up where the map ends, never outside it
  const left = px + 12 + POPUP_WIDTH > mw ? Math.max(4, px - 12 - POPUP_WIDTH) : px + 12;
  const top = Math.max(4, Math.min(py - 20, mh - POPUP_MAX_HEIGHT - 4));
  const style = { left, top, maxHeight: Math.min(POPUP_MAX_HEIGHT, mh - 8) };
  const tableOf = (id: number) => layers.find((l) => l.id === id)?.tableName;
  return (
    <div className="gwz-identify" style={style} data-testid="identify-popup" onPointerDown={(e) => e.stopPropagation()}>
      <div className="gwz-identify-head">
        <span>
          {t('identify.title')} · {state.coordinate[0].toFixed(1)}, {state.coordinate[1].toFixed(1)}
        </span>
        <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClose} aria-label={t('attributes.close')} />
      </div>
      <div className="gwz-identify-body">
        {state.results === null ? (
          <Spin size="small" />
        ) : state.results.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('identify.nothing')} />
        ) : (
          state.results.map((r) => (
            <Fragment key={r.layerId}>
              <div className="gwz-identify-layer" data-testid="identify-layer">
                {r.layerName}
              </div>
              {r.kind === 'raster' ? (
                <table>
                  <tbody>
                    <tr>
                      <td>{t('identify.cell')}</td>
                      <td>
                        {r.cell[0]}, {r.cell[1]}
                      </td>
                    </tr>
                    {r.values.map((v, i) => (
                      <tr key={i}>
                        <td>{t('identify.band', { n: i + 1 })}</td>
                        <td data-testid="identify-raster-value">{v === null ? t('identify.nodata') : String(Number(v.toPrecision(8)))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                r.features.map((f) => (
                  <table key={f.fid} data-testid="identify-feature">
                    <tbody>
                      <tr>
                        <td>fid</td>
                        <td>{f.fid}</td>
                      </tr>
                      {Object.entries(f.properties).map(([k, v]) => (
                        <tr key={k}>
                          <td>{k}</td>
                          <td>{show(v)}</td>
                        </tr>
                      ))}
                      {tableOf(r.layerId) === COLLAR_TABLE && typeof f.properties.hole_id === 'string' && (
                        <tr>
                          <td />
                          <td>
                            <Button size="small" type="link" data-testid="open-borehole-log" onClick={() => onOpenBorehole(String(f.properties.hole_id))}>
                              {t('identify.openLog')}
                            </Button>
                          </td>
                        </tr>
                      )}
                    </tbody>
                  </table>
                ))
              )}
              {r.kind === 'vector' && r.truncated && <div className="gwz-attr-count">{t('identify.more')}</div>}
            </Fragment>
          ))
        )}
      </div>
    </div>
  );
}
