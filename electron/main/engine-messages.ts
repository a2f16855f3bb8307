import { z } from 'zod';

/**
 * What Electron main and the engine utility process say to each other over the process's
 * parentPort. The renderer never sees these: it talks to the engine over its own MessagePort
 * (WireMessage). Main only hands out ports and forwards gwz://data requests, whose bodies travel
 * as ArrayBuffer so a raster tile is copied once, not turned into JSON.
 */

/** main -> engine: "serve the contract on the port attached to this message" (ports[0]). */
export const ConnectMessageSchema = z.object({ type: z.literal('connect') });

/** main -> engine: one gwz://data request. `query` is the URL's search string without '?'. */
export const DataRequestSchema = z.object({
  type: z.literal('data'),
  id: z.number().int(),
  path: z.string(),
  query: z.string(),
  range: z.string().optional(),
});
export type DataRequest = z.infer<typeof DataRequestSchema>;

export const ShutdownMessageSchema = z.object({ type: z.literal('shutdown') });

export const ToEngineMessageSchema = z.discriminatedUnion('type', [
  ConnectMessageSchema,
  DataRequestSchema,
  ShutdownMessageSchema,
]);
export type ToEngineMessage = z.infer<typeof ToEngineMessageSchema>;

export const DataReplySchema = z.object({
  type: z.literal('data-reply'),
  id: z.number().int(),
  status: z.number().int(),
  contentType: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.union([z.instanceof(ArrayBuffer), z.string()]),
});
export type DataReply = z.infer<typeof DataReplySchema>;

/** engine -> main: the engine is up (or could not start: main shows the error and does not loop). */
export const ReadyMessageSchema = z.object({ type: z.literal('ready') });
export const FatalMessageSchema = z.object({
  type: z.literal('fatal'),
  message_zh: z.string(),
  message_en: z.string(),
});

export const FromEngineMessageSchema = z.discriminatedUnion('type', [
  DataReplySchema,
  ReadyMessageSchema,
  FatalMessageSchema,
]);
export type FromEngineMessage = z.infer<typeof FromEngineMessageSchema>;
