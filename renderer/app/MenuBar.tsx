import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Actions } from './actions';

type Item = Required<MenuProps>['items'][number];

/** The menu bar of docs/ux.md; entries for later issues are present but disabled, so the shape is stable. */
export function MenuBar({ actions, hasProject }: { actions: Actions; hasProject: boolean }) {
  const { t } = useTranslation();
  const later = (key: string, label: string): Item => ({ key, label, disabled: true });
  const items: Item[] = [
    {
      key: 'project',
      label: t('menu.project'),
      children: [
        { key: 'project.new', label: t('menu.newProject') },
        { key: 'project.open', label: t('menu.openProject') },
        later('project.save', t('menu.saveProject')),
        { type: 'divider' },
        { key: 'project.check', label: t('menu.projectCheck'), disabled: !hasProject },
        { key: 'project.close', label: t('menu.closeProject'), disabled: !hasProject },
      ],
    },
    {
      key: 'data',
      label: t('menu.data'),
      children: [
        { key: 'data.importVector', label: t('menu.importVector'), disabled: !hasProject },
        { key: 'data.importRaster', label: t('menu.importRaster'), disabled: !hasProject },
        { key: 'data.importBoreholes', label: t('menu.importBoreholes'), disabled: !hasProject },
        { key: 'data.importWaterQuality', label: t('menu.importWaterQuality'), disabled: !hasProject },
      ],
    },
    {
      key: 'map',
      label: t('menu.map'),
      children: [
        { key: 'map.fullExtent', label: t('menu.fullExtent') },
        { key: 'map.identify', label: `${t('menu.identify')} (I)`, disabled: !hasProject },
        { key: 'map.attributes', label: `${t('attributes.open')} (F6)`, disabled: !hasProject },
        { key: 'map.measureLine', label: `${t('maptools.measureLine')}  Ctrl+Shift+M`, disabled: !hasProject },
        { key: 'map.measureArea', label: `${t('maptools.measureArea')}  Ctrl+Shift+J`, disabled: !hasProject },
        { type: 'divider' },
        { key: 'map.previousExtent', label: `${t('maptools.previousExtent')}  Alt+←` },
        { key: 'map.nextExtent', label: `${t('maptools.nextExtent')}  Alt+→` },
        { key: 'map.zoomSelection', label: `${t('maptools.zoomSelection')}  Ctrl+J`, disabled: !hasProject },
        { key: 'map.basemap', label: t('maptools.basemap'), disabled: !hasProject },
      ],
    },
    {
      key: 'edit',
      label: t('menu.edit'),
      children: [
        { key: 'edit.start', label: t('menu.startEditing'), disabled: !hasProject },
        { key: 'edit.undo', label: `${t('menu.undo')}  Ctrl+Z`, disabled: !hasProject },
        { key: 'edit.redo', label: `${t('menu.redo')}  Ctrl+Y`, disabled: !hasProject },
      ],
    },
    {
      key: 'analysis',
      label: t('menu.analysis'),
      children: [
        { key: 'analysis.processing', label: t('menu.processing'), disabled: !hasProject },
        later('analysis.raster', t('menu.rasterCalculator')),
        later('analysis.interpolation', t('menu.interpolation')),
        later('analysis.hydrology', t('menu.hydrology')),
        later('analysis.overlay', t('menu.overlay')),
      ],
    },
    {
      key: 'workflow',
      label: t('menu.workflow'),
      children: [
        { key: 'workflow.keyZone', label: t('menu.keyZone'), disabled: !hasProject },
        { key: 'workflow.recharge', label: t('menu.recharge'), disabled: !hasProject },
      ],
    },
    {
      key: 'output',
      label: t('menu.output'),
      children: [
        { key: 'output.exportLayer', label: t('menu.exportLayer'), disabled: !hasProject },
        { key: 'output.layout', label: t('menu.layout'), disabled: !hasProject },
        { key: 'output.report', label: t('menu.report'), disabled: !hasProject },
        { key: 'output.package', label: t('menu.packageMenu'), disabled: !hasProject },
      ],
    },
    {
      key: 'help',
      label: t('menu.help'),
      children: [later('help.guide', t('menu.userGuide')), { key: 'help.about', label: t('menu.about') }],
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    const handlers: Record<string, () => void> = {
      'project.new': actions.newProject,
      'project.open': actions.openProject,
      'project.check': actions.checkProject,
      'project.close': actions.closeProject,
      'data.importVector': actions.importVector,
      // Same dialog: the preview tells a raster from a vector by reading the file.
      'data.importRaster': actions.importVector,
      'data.importBoreholes': () => actions.importBoreholes('collars'),
      'data.importWaterQuality': () => actions.importBoreholes('quality'),
      'map.fullExtent': actions.zoomFull,
      'analysis.processing': actions.processing,
      'map.identify': actions.toggleIdentify,
      'map.attributes': actions.openAttributes,
      'map.measureLine': () => actions.measureLine?.(),
      'map.measureArea': () => actions.measureArea?.(),
      'map.previousExtent': () => actions.previousExtent?.(),
      'map.nextExtent': () => actions.nextExtent?.(),
      'map.zoomSelection': () => actions.zoomSelection?.(),
      'map.basemap': () => actions.basemap?.(),
      'output.exportLayer': actions.exportLayer,
      'output.layout': actions.exportLayout,
      'output.report': actions.exportReport,
      'output.package': actions.exportPackage,
      'workflow.recharge': actions.openRecharge,
      'help.about': actions.about,
      'workflow.keyZone': () => actions.keyZones?.(),
      'edit.start': actions.toggleEditing,
      'edit.undo': actions.undo,
      'edit.redo': actions.redo,
    };
    handlers[key]?.();
  };

  return (
    <Menu
      className="gwz-menubar"
      data-testid="menu-bar"
      mode="horizontal"
      selectable={false}
      disabledOverflow
      items={items}
      onClick={onClick}
    />
  );
}
