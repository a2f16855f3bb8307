import { z } from 'zod';

/** "EPSG:4548" — the only CRS form the contract accepts; definitions live in shared/crs. */
export const CrsCodeSchema = z
  .string()
  .regex(/^EPSG:\d{4,6}$/, 'CRS must look like EPSG:4548');

export const ExtentSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Extent = z.infer<typeof ExtentSchema>;

export const FilePathSchema = z.string().min(1, 'path is empty');

/** Methods that start long work answer with the job id at once; results arrive in job.done. */
export const JobStartedSchema = z.object({ jobId: z.string() });
export type JobStarted = z.infer<typeof JobStartedSchema>;

export const EmptySchema = z.object({}).strict();
