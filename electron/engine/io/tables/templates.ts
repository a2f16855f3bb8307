import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BoreholeTableKind, BoreholeTemplate } from '../../../../shared/api';
import { resourcesDir } from '../../resources';

/** Template files are named "<中文名>-<kind>.<csv|xlsx>" (resources/templates/make-templates.mjs). */
const TEMPLATE_NAME = /-(collars|lithology|levels|tests|quality)\.(csv|xlsx)$/;

export function listTemplates(dir = join(resourcesDir(), 'templates')): BoreholeTemplate[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((file) => {
      const m = TEMPLATE_NAME.exec(file);
      return m ? [{ kind: m[1] as BoreholeTableKind, format: m[2] as 'csv' | 'xlsx', path: join(dir, file) }] : [];
    });
}
