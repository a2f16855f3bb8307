import {
  AimOutlined,
  DragOutlined,
  EditOutlined,
  ExpandOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  ImportOutlined,
  LayoutOutlined,
  ColumnWidthOutlined,
  RedoOutlined,
  SaveOutlined,
  TableOutlined,
  UndoOutlined,
  ZoomInOutlined,
  ArrowLeftOutlined,
  ArrowRightOutlined,
  BorderOuterOutlined,
} from '@ant-design/icons';
import { Button, Divider, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Actions } from './actions';

interface ToolProps {
  icon: ReactNode;
  label: string;
  onClick?: () => void;
  disabledReason?: string | false;
  testId?: string;
  active?: boolean;
}

function Tool({ icon, label, onClick, disabledReason, testId, active }: ToolProps) {
  const button = (
    <Button
      type={active ? 'primary' : 'text'}
      ghost={active}
      size="small"
      icon={icon}
      onClick={onClick}
      disabled={Boolean(disabledReason) || !onClick}
      data-testid={testId}
    >
      {label}
    </Button>
  );
  // A disabled button swallows pointer events; the span lets its tooltip still explain why.
  return disabledReason ? (
    <Tooltip title={disabledReason}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

export function Toolbar({
  actions,
  hasProject,
  identifyActive = false,
  editing = false,
  measureMode = null,
}: {
  actions: Actions;
  hasProject: boolean;
  identifyActive?: boolean;
  editing?: boolean;
  measureMode?: 'line' | 'area' | null;
}) {
  const { t } = useTranslation();
  const later = t('toolbar.later');
  const needsProject = hasProject ? false : t('toolbar.needsProject');
  return (
    <div className="gwz-toolbar" role="toolbar">
      <Tool icon={<FileAddOutlined />} label={t('toolbar.new')} onClick={actions.newProject} testId="new-project" />
      <Tool icon={<FolderOpenOutlined />} label={t('toolbar.open')} onClick={actions.openProject} testId="open-project" />
      <Tool icon={<SaveOutlined />} label={t('toolbar.save')} disabledReason={later} />
      <Divider orientation="vertical" />
      <Tool
        icon={<ImportOutlined />}
        label={t('toolbar.import')}
        onClick={actions.importVector}
        disabledReason={needsProject}
        testId="import-data"
      />
      <Divider orientation="vertical" />
      <Tool icon={<DragOutlined />} label={t('toolbar.pan')} onClick={() => undefined} active />
      <Tool icon={<ZoomInOutlined />} label={t('toolbar.zoom')} disabledReason={later} />
      <Tool icon={<ExpandOutlined />} label={t('toolbar.fullExtent')} onClick={actions.zoomFull} testId="zoom-full" />
      <Tool icon={<ArrowLeftOutlined />} label={t('maptools.previousExtent')} onClick={actions.previousExtent} testId="extent-back" />
      <Tool icon={<ArrowRightOutlined />} label={t('maptools.nextExtent')} onClick={actions.nextExtent} testId="extent-forward" />
      <Divider orientation="vertical" />
      <Tool
        icon={<AimOutlined />}
        label={t('toolbar.identify')}
        onClick={actions.toggleIdentify}
        disabledReason={needsProject}
        active={identifyActive}
        testId="identify-tool"
      />
      <Tool icon={<TableOutlined />} label={t('attributes.open')} onClick={actions.openAttributes} disabledReason={needsProject} testId="open-attributes" />
      <Tool
        icon={<ColumnWidthOutlined />}
        label={t('maptools.measureLine')}
        onClick={actions.measureLine}
        disabledReason={needsProject}
        active={measureMode === 'line'}
        testId="measure-line"
      />
      <Tool
        icon={<BorderOuterOutlined />}
        label={t('maptools.measureArea')}
        onClick={actions.measureArea}
        disabledReason={needsProject}
        active={measureMode === 'area'}
        testId="measure-area-tool"
      />
      <Divider orientation="vertical" />
      <Tool icon={<EditOutlined />} label={t('toolbar.startEditing')} onClick={actions.toggleEditing} disabledReason={needsProject} testId="start-editing" active={editing} />
      <Tool icon={<UndoOutlined />} label={t('toolbar.undo')} onClick={actions.undo} disabledReason={needsProject} testId="undo" />
      <Tool icon={<RedoOutlined />} label={t('toolbar.redo')} onClick={actions.redo} disabledReason={needsProject} testId="redo" />
      <Divider orientation="vertical" />
      <Tool icon={<LayoutOutlined />} label={t('toolbar.layout')} onClick={actions.exportLayout} disabledReason={needsProject} testId="toolbar-layout" />
    </div>
  );
}
