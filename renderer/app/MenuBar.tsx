import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RecentProject } from '../../shared/api/app';
import type { Actions } from './actions';
import { entryEnabled, isEntry, MENU, menuHandlers, RECENT_CLEAR_KEY, RECENT_ITEM_PREFIX, type MenuEntry } from './menu-items';

type Item = Required<MenuProps>['items'][number];

/** The menu bar of docs/ux.md, built from menu-items.ts (the native menu mirrors the same list). */
export function MenuBar({ actions, hasProject, recent = [] }: { actions: Actions; hasProject: boolean; recent?: readonly RecentProject[] }) {
  const { t } = useTranslation();
  const label = (key: string): string => t(key as never);
  const entryLabel = (e: MenuEntry) =>
    e.shortcut ? (
      <span className="gwz-menu-item">
        {label(e.labelKey)}
        <span className="gwz-menu-shortcut">{e.shortcut.replace(/Left$/, "←").replace(/Right$/, "→")}</span>
      </span>
    ) : (
      label(e.labelKey)
    );
  const recentItems = (): Item[] =>
    recent.length === 0
      ? [{ key: 'project.recent.none', label: t('menu.recentNone' as never), disabled: true }]
      : [
          ...recent.map((r, i) => ({
            key: `${RECENT_ITEM_PREFIX}${i}`,
            label: <span title={r.path}>{`${i + 1}  ${r.title || r.path}`}</span>,
          })),
          { type: 'divider' as const },
          { key: RECENT_CLEAR_KEY, label: t('menu.recentClear' as never) },
        ];
  const items: Item[] = MENU.map((group) => ({
    key: group.key,
    label: label(group.labelKey),
    children: group.items.map((node): Item => {
      if (!isEntry(node)) return { type: 'divider' };
      if (node.recent) return { key: node.key, label: label(node.labelKey), children: recentItems(), popupClassName: 'gwz-recent-menu' };
      return { key: node.key, label: entryLabel(node), disabled: !entryEnabled(node, hasProject) };
    }),
  }));

  const onClick: MenuProps['onClick'] = ({ key }) => {
    const index = key.startsWith(RECENT_ITEM_PREFIX) ? Number(key.slice(RECENT_ITEM_PREFIX.length)) : NaN;
    const project = Number.isInteger(index) ? recent[index] : undefined;
    if (project) actions.openRecent(project.path);
    else menuHandlers(actions)[key]?.();
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
