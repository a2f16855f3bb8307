import { Descriptions, Drawer, Empty, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/api/client';
import type { BoreholeLog, QualitySeries } from '../../../shared/api/features';
import { currentLang } from '../../i18n';
import { StripLog } from './StripLog';
import { GB_CLASS_COLORS, TimeSeriesChart } from './TimeSeriesChart';

interface Props {
  client: Client;
  holeId: string | null;
  onClose(): void;
  onError(err: unknown): void;
}

const ROMAN = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ'];

/** Values as the lab wrote them, but spreadsheet float noise (0.08400000000000001) trimmed. */
const asWritten = (text: string): string => {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? String(Number(n.toPrecision(6))) : text;
};

/** A borehole's log (strip log, water levels) and its monitoring series classed by GB/T 14848. */
export function BoreholeLogDrawer({ client, holeId, onClose, onError }: Props) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [log, setLog] = useState<BoreholeLog | null>(null);
  const [series, setSeries] = useState<QualitySeries[]>([]);
  const [analyte, setAnalyte] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!holeId) return;
    let live = true;
    setLoading(true);
    setLog(null);
    setSeries([]);
    Promise.all([client.api.features.boreholeLog({ holeId }), client.api.features.quality({ site: holeId })])
      .then(([l, q]) => {
        if (!live) return;
        setLog(l);
        setSeries(q.series);
        // the analyte with most exceedances first: that is what a person opens the chart for
        const worst = [...q.series].sort((a, b) => b.exceedances - a.exceedances)[0];
        setAnalyte(worst?.analyte ?? null);
      }, onError)
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [client, holeId, onError]);

  const current = series.find((s) => s.analyte === analyte) ?? null;
  const levelPoints = (log?.levels ?? []).filter((l) => l.depthToWater !== null).map((l) => ({ date: l.date, value: l.depthToWater }));

  return (
    <Drawer
      open={holeId !== null}
      onClose={onClose}
      size={600}
      title={t('borehole.title', { id: holeId ?? '' })}
      destroyOnHidden
      data-testid="borehole-drawer"
    >
      <Spin spinning={loading}>
        {log && (
          <div data-testid="borehole-log">
            <Descriptions
              size="small"
              column={2}
              bordered
              items={[
                { key: 'id', label: t('borehole.id'), children: log.holeId },
                { key: 'name', label: t('borehole.name'), children: log.name ?? '—' },
                { key: 'elev', label: t('borehole.elevation'), children: log.elevation === null ? '—' : `${log.elevation.toFixed(2)} m` },
                { key: 'depth', label: t('borehole.depth'), children: log.depth === null ? '—' : `${log.depth.toFixed(1)} m` },
                { key: 'aquifer', label: t('borehole.aquifer'), children: log.aquifer ?? '—' },
                { key: 'xy', label: 'X, Y', children: `${log.x.toFixed(1)}, ${log.y.toFixed(1)}` },
              ]}
            />
            <Tabs
              size="small"
              style={{ marginTop: 8 }}
              defaultActiveKey={log.intervals.length > 0 ? 'log' : 'quality'}
              items={[
                {
                  key: 'log',
                  label: t('borehole.stripLog'),
                  children:
                    log.intervals.length > 0 ? <StripLog log={log} lang={lang} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('borehole.noLithology')} />,
                },
                {
                  key: 'levels',
                  label: t('borehole.levels', { n: levelPoints.length }),
                  children:
                    levelPoints.length > 0 ? (
                      <TimeSeriesChart points={levelPoints} unit={t('borehole.depthToWater')} invert testId="level-chart" />
                    ) : (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                    ),
                },
                {
                  key: 'quality',
                  label: t('borehole.quality', { n: series.length }),
                  children:
                    series.length === 0 ? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('borehole.noQuality')} />
                    ) : (
                      <div data-testid="quality-panel">
                        <Space wrap style={{ marginBottom: 8 }}>
                          <Select
                            data-testid="quality-analyte"
                            value={analyte ?? undefined}
                            onChange={setAnalyte}
                            style={{ minWidth: 200 }}
                            options={series.map((s) => ({
                              value: s.analyte,
                              label: `${s.analyte}${s.exceedances > 0 ? ` · ${t('borehole.over', { n: s.exceedances })}` : ''}`,
                            }))}
                          />
                          {current?.classIII !== null && current?.classIII !== undefined && (
                            <Tag color="red">{t('borehole.classIII', { v: current.classIII, unit: current.unit })}</Tag>
                          )}
                        </Space>
                        {current && (
                          <TimeSeriesChart
                            testId="quality-chart"
                            points={current.points.map((p) => ({ ...p, label: asWritten(p.sourceValue) }))}
                            unit={current.unit}
                            limit={current.classIII === null ? null : { value: current.classIII, label: t('borehole.limitLabel') }}
                            width={500}
                            height={220}
                          />
                        )}
                        <div className="gwz-gb-legend">
                          {GB_CLASS_COLORS.map((c, i) => (
                            <span key={c}>
                              <i style={{ background: c }} /> {ROMAN[i]}
                              {t('borehole.classSuffix')}
                            </span>
                          ))}
                        </div>
                        <table className="gwz-quality-table">
                          <thead>
                            <tr>
                              <th>{t('borehole.analyte')}</th>
                              <th>{t('borehole.samples')}</th>
                              <th>{t('borehole.latest')}</th>
                              <th>{t('borehole.worstClass')}</th>
                              <th>{t('borehole.exceed')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {series.map((s) => {
                              const last = s.points[s.points.length - 1];
                              const worst = Math.max(0, ...s.points.map((p) => p.gbClass ?? 0));
                              return (
                                <tr key={s.analyte} className={s.exceedances > 0 ? 'over' : ''} onClick={() => setAnalyte(s.analyte)}>
                                  <td>{s.analyte}</td>
                                  <td>{s.points.length}</td>
                                  <td>{last ? `${asWritten(last.sourceValue)} (${last.date})` : '—'}</td>
                                  <td>{worst > 0 ? <span style={{ color: GB_CLASS_COLORS[worst - 1] }}>{ROMAN[worst - 1]}</span> : '—'}</td>
                                  <td>{s.exceedances}</td>
                                </tr>
                              );
                            })}
                          </tbody>
                        </table>
                        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 6 }}>
                          {t('borehole.gbNote')}
                        </Typography.Paragraph>
                      </div>
                    ),
                },
              ]}
            />
          </div>
        )}
      </Spin>
    </Drawer>
  );
}
