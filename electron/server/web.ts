import { parseArgs } from 'node:util';
import { toErrorData } from '../../shared/api';
import { startServer } from './server';

/** `npm run web`: browser mode on 127.0.0.1. Prints the one address (with token) to open. */
async function main(): Promise<void> {
  let values: { port?: string | undefined; json: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n用法 Usage: node dist/server/web.cjs [--port N] [--json]`);
    process.exit(2);
  }
  const portText = values.port ?? process.env.GWZ_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`端口无效：${portText}\nInvalid port: ${portText}`);
    process.exit(2);
  }
  const token = process.env.GWZ_TOKEN && process.env.GWZ_TOKEN.length > 0 ? process.env.GWZ_TOKEN : undefined;
  const server = await startServer({ port, ...(token ? { token } : {}) });

  console.log(`GWZ Workbench: ${server.url}`);
  if (values.json) console.log(JSON.stringify({ url: server.url, port: server.port, token: server.token }));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl+C means "now": skip the graceful path.
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`\n正在关闭（${signal}）… Shutting down…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(5);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`端口已被占用，请换一个 --port\nThe port is in use; choose another --port`);
    process.exit(2);
  }
  const error = toErrorData(err);
  console.error(`无法启动浏览器模式：${error.message_zh}\nCould not start browser mode: ${error.message_en}`);
  process.exit(error.code === 'INTERNAL' ? 5 : 4);
});
