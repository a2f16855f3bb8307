import { z } from 'zod';
import { ErrorDataSchema } from './errors';
import { EngineEventSchema } from './events';

/** What every transport carries: a call, its envelope, and events. */
export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorDataSchema }),
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const WireMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int(), method: z.string(), params: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), event: EngineEventSchema }),
]);
export type WireMessage = z.infer<typeof WireMessageSchema>;
