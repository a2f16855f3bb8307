import {
  contract,
  GwzError,
  isMethodName,
  toErrorData,
  type Envelope,
  type MethodName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/api';

export type Handler<M extends MethodName> = (req: ParsedRequestOf<M>) => Promise<ResponseOf<M>> | ResponseOf<M>;
export type Handlers = { [M in MethodName]: Handler<M> };

/**
 * The one generic gate between every host and the engine: unknown methods and invalid requests are
 * refused here with typed errors; handler answers are checked against the contract too, so a host
 * can never receive something the contract does not describe.
 */
export async function dispatch(handlers: Handlers, method: string, params: unknown): Promise<Envelope> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: new GwzError('UNKNOWN_METHOD', `未知的方法：${method}`, `Unknown method: ${method}`, { method }).toData(),
    };
  }
  const spec = contract[method];
  const parsed = spec.request.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const where = issues.map((i) => `${i.path || '(request)'}: ${i.message}`).join('; ');
    return {
      ok: false,
      error: new GwzError('BAD_REQUEST', `请求参数无效：${where}`, `Invalid request: ${where}`, { method, issues }).toData(),
    };
  }
  try {
    const handler = handlers[method] as (req: unknown) => Promise<unknown> | unknown;
    const result = await handler(parsed.data);
    const checked = spec.response.safeParse(result);
    if (!checked.success) {
      throw new Error(`response of ${method} does not match the contract: ${checked.error.message}`);
    }
    return { ok: true, result: checked.data };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
