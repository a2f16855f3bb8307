import type { MenuItemConstructorOptions } from 'electron';
import i18next, { type i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../electron/main/menu-template';
import { en } from '../../renderer/i18n/en';
import { zh } from '../../renderer/i18n/zh';
import { entryEnabled, isEntry, MENU, menuEntries, menuHandlers, RECENT_CLEAR_KEY } from '../../renderer/app/menu-items';
import type { Actions } from '../../renderer/app/actions';

/**
 * The page's menu bar (renderer/app/menu-items.ts + renderer/i18n) and the desktop app's native menu
 * (electron/main/menu-template.ts) list the same items: same keys in the same order, same labels in
 * Chinese and in English, same shortcuts, same enabled state. A new item on one side only fails here.
 */
let i18: i18n;
beforeAll(async () => {
  i18 = i18next.createInstance();
  await i18.init({ resources: { 'zh-CN': { translation: zh }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

type Native = MenuItemConstructorOptions;
const flatten = (items: Native[]): Native[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
/** "工程(&P)" and "&Project" are the page's "工程" and "Project" with a Windows mnemonic. */
const plain = (label: string | undefined) => (label ?? '').replace(/\(&.\)$/, '').replace(/&(?!&)/g, '');
const native = (locale: string, hasProject: boolean) =>
  buildMenuTemplate({ locale, platform: 'win32', devTools: false, hasProject, recent: [], send: () => undefined });

describe('native menu = page menu', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`has the page's groups and items with the same labels (${lang})`, () => {
      const t = i18.getFixedT(lang) as unknown as (key: string) => string;
      const template = native(lang, true);
      const groups = template.filter((g) => g.id && g.id !== 'view');
      expect(groups.map((g) => g.id)).toEqual(MENU.map((g) => g.key));
      for (const group of MENU) {
        const nativeGroup = groups.find((g) => g.id === group.key)!;
        expect(plain(nativeGroup.label), group.key).toBe(t(group.labelKey));
        // the page's items in order; native-only additions (Quit, cut/copy/paste roles) carry roles
        const nativeItems = (nativeGroup.submenu as Native[]).filter((i) => i.id);
        expect(nativeItems.map((i) => i.id)).toEqual(group.items.filter(isEntry).map((e) => e.key));
        for (const entry of group.items.filter(isEntry)) {
          const item = nativeItems.find((i) => i.id === entry.key)!;
          expect(plain(item.label), entry.key).toBe(t(entry.labelKey));
        }
        const extras = (nativeGroup.submenu as Native[]).filter((i) => !i.id && i.type !== 'separator');
        for (const extra of extras) expect(extra.role, String(extra.label)).toBeTruthy();
      }
    });
  }

  it('uses the same shortcuts, registered natively only where the page does not handle the key itself', () => {
    const items = new Map(flatten(native('zh-CN', true)).filter((i) => i.id).map((i) => [i.id!, i]));
    for (const entry of menuEntries()) {
      const item = items.get(entry.key)!;
      expect((item.accelerator as string | undefined)?.replace('CmdOrCtrl', 'Ctrl'), entry.key).toBe(entry.shortcut);
      expect(item.registerAccelerator === false, entry.key).toBe(Boolean(entry.pageKeys));
    }
  });

  it('enables the same items with and without a project', () => {
    for (const hasProject of [false, true]) {
      const items = new Map(flatten(native('en', hasProject)).filter((i) => i.id).map((i) => [i.id!, i]));
      for (const entry of menuEntries().filter((e) => !e.recent)) {
        expect(items.get(entry.key)!.enabled, `${entry.key} hasProject=${hasProject}`).toBe(entryEnabled(entry, hasProject));
      }
    }
  });

  it('gives every enabled item a handler in the page, so a native click always does something', () => {
    const noop = () => undefined;
    const actions = new Proxy({}, { get: () => noop }) as Actions;
    const handlers = menuHandlers(actions);
    for (const entry of menuEntries().filter((e) => !e.later && !e.recent)) expect(handlers[entry.key], entry.key).toBeTypeOf('function');
    expect(handlers[RECENT_CLEAR_KEY]).toBeTypeOf('function');
    // and no handler for an item that is not in the menu
    const keys = new Set([...menuEntries().map((e) => e.key), RECENT_CLEAR_KEY]);
    for (const key of Object.keys(handlers)) expect(keys.has(key), key).toBe(true);
  });
});
