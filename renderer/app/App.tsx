import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import type { Connection } from '../api/connection';
import { ConnectionContext } from './connection-context';
import { Workbench } from './Workbench';

const LATIN = ['-apple-system', 'BlinkMacSystemFont', '"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial', '"Liberation Sans"'];
// Windows (the users' machines) first, then macOS, then the Noto CJK fonts Linux and CI have.
const CJK = ['"Microsoft YaHei UI"', '"Microsoft YaHei"', '"PingFang SC"', '"Hiragino Sans GB"', '"Noto Sans CJK SC"', '"Source Han Sans SC"', '"WenQuanYi Micro Hei"'];
/**
 * Chinese text wants a CJK font first (full-width quotes and punctuation); English wants a Latin one
 * first, or a CJK font would set its quotes and punctuation full-width too.
 */
const FONT_FAMILY = {
  'zh-CN': [...CJK, ...LATIN, 'sans-serif'].join(', '),
  en: [...LATIN, ...CJK, 'sans-serif'].join(', '),
};

export function App({ connection }: { connection: Connection }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.compactAlgorithm,
        token: { fontFamily: FONT_FAMILY[lang], colorPrimary: '#1f6fb2', borderRadius: 4, fontSize: 13 },
      }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp className="gwz-app">
        <ConnectionContext.Provider value={connection}>
          <Workbench />
        </ConnectionContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
