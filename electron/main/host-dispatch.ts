import type { z } from 'zod';
import { GwzError, hostContract, isHostMethod, toErrorData, type Envelope, type HostContract, type HostMethodName } from '../../shared/api';
import { isTrustedSender } from './security';

/** Main-process answers to the host methods of shared/api/host.ts (native dialogs). */
export type HostHandlers = {
  [M in HostMethodName]: (req: z.output<HostContract[M]['request']>) => Promise<z.output<HostContract[M]['response']>>;
};

export interface HostCall {
  /** URL of the frame that sent the IPC message (event.senderFrame.url). */
  senderUrl: string | null | undefined;
  method: unknown;
  params: unknown;
}

function failure(error: GwzError): Envelope {
  return { ok: false, error: error.toData() };
}

/**
 * The 'gwz:host' IPC handler, generic over hostContract like the engine's dispatcher is over the
 * engine contract: refuse senders that are not our page, unknown methods and invalid requests;
 * answer an Envelope whose result is checked against the contract.
 */
export async function dispatchHost(handlers: HostHandlers, call: HostCall): Promise<Envelope> {
  if (!isTrustedSender(call.senderUrl)) {
    return failure(new GwzError('UNAUTHORIZED', '拒绝来自非本应用页面的请求', 'Request refused: not sent by the app page'));
  }
  const method = typeof call.method === 'string' ? call.method : `(${typeof call.method})`;
  if (!isHostMethod(method)) {
    return failure(new GwzError('UNKNOWN_METHOD', `未知的方法：${method}`, `Unknown method: ${method}`, { method }));
  }
  const spec = hostContract[method];
  const parsed = spec.request.safeParse(call.params ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return failure(new GwzError('BAD_REQUEST', `请求参数无效：${where}`, `Invalid request: ${where}`, { method }));
  }
  try {
    const handler = handlers[method] as (req: unknown) => Promise<unknown>;
    const result = spec.response.parse(await handler(parsed.data));
    return { ok: true, result };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
