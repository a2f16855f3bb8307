import { InboxOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from './connection-context';
import { importableFiles, useFileDrop } from './use-file-drop';

interface Props {
  /** Drops are taken only with a project open (there is nowhere to import them otherwise). */
  enabled: boolean;
  /** The paths to import, in drop order (sidecars left out: they travel with their .shp). */
  onPaths(paths: string[]): void;
  onError(err: unknown): void;
}

/** Drag files from Explorer onto the window to import them; an overlay says so while they hover. */
export function FileDrop({ enabled, onPaths, onError }: Props) {
  const { t } = useTranslation();
  const { localPaths } = useConnection();
  const onDrop = useCallback(
    (files: File[]) => {
      localPaths(files).then((paths) => {
        const wanted = importableFiles(paths);
        if (wanted.length > 0) onPaths(wanted);
      }, onError);
    },
    [localPaths, onError, onPaths],
  );
  const hovering = useFileDrop(onDrop, enabled);
  if (!hovering) return null;
  return (
    <div className="gwz-drop-overlay" data-testid="drop-overlay">
      <InboxOutlined style={{ fontSize: 48 }} />
      <Typography.Title level={4}>{enabled ? t('drop.release') : t('drop.needProject')}</Typography.Title>
      {enabled ? <Typography.Text type="secondary">{t('drop.hint')}</Typography.Text> : null}
    </div>
  );
}
